using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.Internal;

/// <summary>What a ledger counts, times and logs: one place for every operation's metrics and log lines.</summary>
internal sealed partial class LedgerTelemetry
{
    /// <summary>One source for every ledger: listeners subscribe by name, the channel is a tag.</summary>
    internal static readonly ActivitySource Source = new(LoyaltyDiagnostics.ActivitySourceName);

    private readonly ILogger _logger;
    private readonly LoyaltyMetrics _metrics;
    private readonly string? _channel;

    public LedgerTelemetry(ILogger logger, LoyaltyMetrics metrics, string? channel)
    {
        _logger = logger;
        _metrics = metrics;
        _channel = channel;
    }

    /// <summary>
    /// Runs an operation inside its span (started before the operation, so the store's own spans nest under it),
    /// counts and times it, and logs its refusal. The span is current only inside this call: an async method
    /// restores the caller's context when it returns.
    /// </summary>
    public async ValueTask<T> Run<TState, T>(string operation, Currency? currency, TState state, Func<TState, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = Source.StartActivity(operation, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("loyalty.operation", operation);
            activity.SetTag("loyalty.channel", _channel);
            if (currency is { } known)
            {
                activity.SetTag("loyalty.currency", known.Code);
            }
        }

        try
        {
            var result = await body(state, cancellationToken).ConfigureAwait(false);
            if (activity is not null)
            {
                if (currency is null && CurrencyOf(result) is { } answered)
                {
                    activity.SetTag("loyalty.currency", answered.Code);
                }

                activity.SetTag("loyalty.outcome", "ok");
            }

            return result;
        }
        catch (LoyaltyException e)
        {
            _metrics.Refused(operation, e.Code);
            LogRefused(_logger, operation, e.Code, e.Message);
            if (activity is not null)
            {
                activity.SetTag("loyalty.outcome", "refused");
                activity.SetTag("loyalty.error_code", e.Code.ToString());
                activity.SetStatus(ActivityStatusCode.Error, e.Code.ToString());
            }

            throw;
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetTag("loyalty.outcome", "failed");
            activity.SetTag("error.type", e.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            _metrics.Duration(operation, started);
        }
    }

    private static Currency? CurrencyOf<T>(T result) => result switch
    {
        Transaction transaction => transaction.Amount.Currency,
        Account account => account.Currency,
        OrderPayment payment => payment.OrderAmount.Currency,
        Refund refund => refund.Amount.Currency,
        _ => null,
    };

    public void Posted(Transaction? transaction)
    {
        if (transaction is null)
        {
            return;
        }

        _metrics.Posted(transaction.Kind);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogPosted(_logger, transaction.Kind, transaction.Uuid, transaction.Amount);
        }
    }

    /// <summary>A transaction the store posted but did not hand back (an account update's adjustment).</summary>
    public void Posted(TransactionKind kind) => _metrics.Posted(kind);

    public void Retried(string operation) => _metrics.Retried(operation);

    public void AccountOpened(Account account) => LogAccountCreated(_logger, account.Id, account.Number, account.Currency.Code);

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Posted {Kind} transaction {Uuid} moving {Amount}")]
    private static partial void LogPosted(ILogger logger, TransactionKind kind, Guid uuid, Money amount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Refused {Operation}: {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string operation, LoyaltyErrorCode code, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Opened account {AccountId} numbered {Number} in {Currency}")]
    private static partial void LogAccountCreated(ILogger logger, long accountId, string number, string currency);
}
