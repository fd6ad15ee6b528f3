namespace Akinon.Loyalty;

/// <summary>
/// A request to change an account (Akinon's <c>PATCH loyalty_account/&lt;pk&gt;/</c>); <see langword="null"/>
/// members stay as they are. A new balance is reached by an adjustment against the Bank account, so the
/// ledger stays balanced. Number and currency never change.
/// </summary>
public sealed record UpdateAccountRequest : LedgerRequest
{
    /// <summary>The balance the account should have afterwards.</summary>
    public Money? Balance { get; init; }

    /// <summary>The new debit rule.</summary>
    public bool? DebitAllowed { get; init; }

    /// <summary>The new email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>
    /// A new expiry, later than now; <see langword="null"/> keeps the current one. It may be moved later or earlier,
    /// never to now or before (<see cref="LoyaltyErrorCode.InvalidArgument"/>); an account that has already expired
    /// is not revived (<see cref="LoyaltyErrorCode.AccountExpired"/>).
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>A caller-chosen key: the same key with the same request returns the account and writes nothing.</summary>
    public string? IdempotencyKey { get; init; }
}
