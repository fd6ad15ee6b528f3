namespace Akinon.Loyalty;

/// <summary>A request to issue a gift card: a new account funded from the Bank account. The code is the natural idempotency key.</summary>
public sealed record IssueGiftCardRequest : LedgerRequest
{
    /// <summary>The card's value; greater than zero.</summary>
    public required Money Amount { get; init; }

    /// <summary>The card code (the account number); a random code of <see cref="GiftCardCode.DefaultLength"/> unambiguous characters when <see langword="null"/>.</summary>
    public string? Code { get; init; }

    /// <summary>The user the card is issued to, when already known (it is then redeemed at once).</summary>
    public long? UserId { get; init; }

    /// <summary>That user's email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>When the card expires; never when <see langword="null"/>. Later than now, kept to the whole microsecond.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// A caller-chosen key for a card with a generated code: a retry with the same key and request returns
    /// the first card instead of issuing a second. Ignored when <see cref="Code"/> is given (the code is the key).
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
