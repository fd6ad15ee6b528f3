namespace Akinon.Loyalty.Storage;

/// <summary>Changes to an account's mutable fields; <see langword="null"/> members stay as they are.</summary>
public sealed record AccountChanges
{
    /// <summary>The account to change.</summary>
    public required long AccountId { get; init; }

    /// <summary>When set, the store refuses the change with <see cref="LoyaltyErrorCode.ConcurrencyConflict"/> unless the account is at this version.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>The new debit rule, when it changes. Turning it off on a negative balance is refused with <see cref="LoyaltyErrorCode.OperationNotAllowed"/>.</summary>
    public bool? DebitAllowed { get; init; }

    /// <summary>The new email, when it changes.</summary>
    public string? UserEmail { get; init; }

    /// <summary>The new owner, when it changes (a gift card being redeemed).</summary>
    public long? UserId { get; init; }

    /// <summary>The new expiry, when it changes (whole microseconds; the ledger checked it is later than now).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The modification time.</summary>
    public required DateTimeOffset ModifiedAt { get; init; }

    /// <summary>
    /// The scoped idempotency key of the update, when any. The store judges it first, before the expected version
    /// and every other rule, atomically with the update: an unused key is recorded with <see cref="RequestFingerprint"/>,
    /// the account and the adjustment's transaction (if one was posted), even when nothing else changed; a key
    /// recorded with the same fingerprint for the same account is a replay that writes nothing (not even the
    /// version or modification time) and returns the account as it is now; any other use of the key is
    /// <see cref="LoyaltyErrorCode.IdempotencyConflict"/>. The adjustment draft of a keyed update carries no key of its own.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>A canonical text of the update request, compared on replays of <see cref="IdempotencyKey"/>.</summary>
    public string? RequestFingerprint { get; init; }
}
