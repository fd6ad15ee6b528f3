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

    /// <summary>The modification time.</summary>
    public required DateTimeOffset ModifiedAt { get; init; }
}
