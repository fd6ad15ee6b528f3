using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.Internal;

/// <summary>What a ledger counts, times and logs: one place for every operation's metrics and log lines.</summary>
internal sealed partial class LedgerTelemetry
{
    private readonly ILogger _logger;
    private readonly LoyaltyMetrics _metrics;

    public LedgerTelemetry(ILogger logger, LoyaltyMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Counts and times an operation already started at <paramref name="started"/>, and logs its refusal.</summary>
    public async ValueTask<T> Run<T>(string operation, long started, ValueTask<T> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (LoyaltyException e)
        {
            _metrics.Refused(operation, e.Code);
            LogRefused(_logger, operation, e.Code, e.Message);
            throw;
        }
        finally
        {
            _metrics.Duration(operation, started);
        }
    }

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
