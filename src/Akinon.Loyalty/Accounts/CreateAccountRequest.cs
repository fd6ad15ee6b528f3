namespace Akinon.Loyalty;

/// <summary>A request to open an account (Akinon's <c>POST loyalty_account/</c>).</summary>
public sealed record CreateAccountRequest : LedgerRequest
{
    /// <summary>
    /// The account number; a new UUID when <see langword="null"/>. Unique per currency; 1 to 128 printable ASCII characters
    /// without whitespace, and none of the configured system numbers (in any case).
    /// </summary>
    public string? Number { get; init; }

    /// <summary>The currency of the account.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The owning user; required (a customer account always has its user, else <see cref="LoyaltyErrorCode.InvalidArgument"/>).</summary>
    public long? UserId { get; init; }

    /// <summary>The owning user's email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Whether the balance may go below zero.</summary>
    public bool DebitAllowed { get; init; }

    /// <summary>An opening balance, recorded as an adjustment from the Bank account; none when <see langword="null"/> or zero.</summary>
    public Money? Balance { get; init; }

    /// <summary>When the account expires; never when <see langword="null"/>. Kept to the whole microsecond.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>A caller-chosen key: the same key with the same request returns the first account and writes nothing.</summary>
    public string? IdempotencyKey { get; init; }
}
