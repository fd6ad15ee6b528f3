using Akinon.Loyalty.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.Events;

/// <summary>
/// Delivers the feed to one handler in order: reads after the durable checkpoint, hands each event over, then saves
/// its position as the checkpoint. A crash between handling and saving redelivers that event (at least once).
/// </summary>
internal sealed partial class LoyaltyEventDispatcher(
    string name,
    ILoyaltyLedger ledger,
    ILedgerStore store,
    ILoyaltyEventHandler handler,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    private const int Batch = 100;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var checkpoint = await store.GetCheckpointAsync(name, stoppingToken).ConfigureAwait(false);
                var events = await ledger.ReadEventsAsync(checkpoint, Batch, stoppingToken).ConfigureAwait(false);
                foreach (var e in events)
                {
                    await handler.HandleAsync(e, stoppingToken).ConfigureAwait(false);
                    await store.SaveCheckpointAsync(name, e.Position, stoppingToken).ConfigureAwait(false);
                }

                failures = 0;
                if (events.Count < Batch)
                {
                    await Task.Delay(Idle, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Back off exponentially, so a failing handler or an absent database is not hammered; the same event comes again.
                failures++;
                LogFailed(logger, name, failures, e);
                var pause = TimeSpan.FromMilliseconds(Math.Min(MaxPause.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 16))));
                try
                {
                    await Task.Delay(pause, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Event dispatcher {Name} failed (attempt {Attempt}); it retries from its checkpoint")]
    private static partial void LogFailed(ILogger logger, string name, int attempt, Exception exception);
}
