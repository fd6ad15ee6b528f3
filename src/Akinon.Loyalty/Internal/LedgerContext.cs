using System.Globalization;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.Internal;

/// <summary>What every operation of one ledger shares: its store, settings, clock, system accounts and telemetry.</summary>
internal sealed class LedgerContext
{
    /// <summary>The longest email any request may carry.</summary>
    public const int MaxEmailLength = 254;

    private readonly TimeProvider _time;

    public LedgerContext(ILedgerStore store, IOptionsMonitor<LoyaltyOptions> options, TimeProvider time, LedgerTelemetry telemetry)
    {
        Store = store;
        Options = options;
        _time = time;
        Telemetry = telemetry;
        SystemAccounts = new SystemAccounts(store, options, time);
    }

    public ILedgerStore Store { get; }

    public IOptionsMonitor<LoyaltyOptions> Options { get; }

    public LedgerTelemetry Telemetry { get; }

    public SystemAccounts SystemAccounts { get; }

    /// <summary>The budget for plain conflicts, read at every call (the settings may change).</summary>
    public int ConflictRetries => Options.CurrentValue.MaxConcurrencyRetries;

    public DateTimeOffset Now() => MicrosecondClock.Now(_time);

    public async ValueTask<Account> GetAccountAsync(long accountId, CancellationToken cancellationToken)
        => await Store.GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false) ?? throw LedgerErrors.AccountNotFound(accountId);

    /// <summary>Has the store post a draft and counts the transaction when it is new (a replay was counted when it posted).</summary>
    public async ValueTask<PostOutcome> PostAsync(TransactionDraft draft, CancellationToken cancellationToken)
    {
        var outcome = await Store.PostAsync(draft, cancellationToken).ConfigureAwait(false);
        if (!outcome.Replayed)
        {
            Telemetry.Posted(outcome.Transaction);
        }

        return outcome;
    }

    public void EnsureEnabled()
    {
        if (!Options.CurrentValue.Enabled)
        {
            throw LedgerErrors.Disabled();
        }
    }

    /// <summary>
    /// While loyalty money is switched off, a request whose key already posted answers as it did (or is a conflict);
    /// anything new is refused with <see cref="LoyaltyErrorCode.LoyaltyDisabled"/>.
    /// </summary>
    public async ValueTask<Transaction> ReplayWhileDisabledAsync(string? key, string? fingerprint, CancellationToken cancellationToken)
    {
        if (key is not null && await Store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return string.Equals(existing.RequestFingerprint, fingerprint, StringComparison.Ordinal) ? existing : throw LedgerErrors.IdempotencyConflict(key);
        }

        throw LedgerErrors.Disabled();
    }

    public static void RequireCurrency(Money amount, Currency currency, string name)
    {
        if (amount.Currency != currency)
        {
            throw new LoyaltyException(LoyaltyErrorCode.CurrencyMismatch, string.Create(CultureInfo.InvariantCulture, $"'{name}' is in {amount.Currency.Code}, but the account holds {currency.Code}."));
        }
    }
}
