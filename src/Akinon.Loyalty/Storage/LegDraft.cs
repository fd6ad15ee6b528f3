namespace Akinon.Loyalty.Storage;

/// <summary>One leg of a <see cref="TransactionDraft"/>: a signed amount, in minor units, on one account.</summary>
/// <param name="AccountId">The account; <see cref="NewAccountId"/> for the account being created with the draft.</param>
/// <param name="Amount">The signed amount in minor units.</param>
public readonly record struct LegDraft(long AccountId, long Amount)
{
    /// <summary>Stands for the account created together with the draft (see <see cref="ILedgerStore.CreateAccountAsync"/>).</summary>
    public const long NewAccountId = 0;

    // The expected version as a number and a flag rather than a long?, declared before the other flag so the two pack
    // together: a leg is 32 bytes, not 40 (the in-memory store keeps every draft's legs). Unset, both are zero, so equal
    // legs have equal fields.
    private readonly long _expectedVersion;
    private readonly bool _hasExpectedVersion;

    /// <summary>When <see langword="true"/>, the leg must leave the balance at zero or above even on a debit-allowed account (order payments never overdraw).</summary>
    public bool NeverBelowZero { get; init; }

    /// <summary>When set, the store refuses the draft with <see cref="LoyaltyErrorCode.ConcurrencyConflict"/> unless the account is at this version.</summary>
    public long? ExpectedVersion
    {
        get => _hasExpectedVersion ? _expectedVersion : null;
        init => (_expectedVersion, _hasExpectedVersion) = (value ?? 0, value.HasValue);
    }
}
