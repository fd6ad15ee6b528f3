using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty;

/// <summary>
/// Runs <see cref="ILoyaltyLedger.ExpireDueAsync"/> for the default ledger at start and then every interval, on the
/// injected <see cref="TimeProvider"/>. A failed run is logged and the next tick tries again: the run is idempotent.
/// </summary>
internal sealed partial class ExpiryWorker(ILoyaltyLedger ledger, TimeProvider time, ExpiryWorkerSchedule schedule, ILoggerFactory? loggerFactory = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)loggerFactory?.CreateLogger<ExpiryWorker>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Raised after every run, with what it expired (for tests, which wait on it instead of on time).</summary>
    internal event Action<int>? Ran;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(schedule.Interval, time);
        do
        {
            var expired = 0;
            try
            {
                expired = (await ledger.ExpireDueAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false)).Count;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RunFailed(_logger, e);
            }

            Ran?.Invoke(expired);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "The expiry run failed; the next tick runs it again.")]
    private static partial void RunFailed(ILogger logger, Exception exception);
}

/// <summary>How often the expiry worker runs.</summary>
/// <param name="Interval">The time between runs; greater than zero.</param>
internal sealed record ExpiryWorkerSchedule(TimeSpan Interval);
