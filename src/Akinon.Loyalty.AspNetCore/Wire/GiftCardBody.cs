using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The body of <c>POST loyalty_gift_card/</c>. The code is the card's idempotency key.</summary>
public sealed record GiftCardBody
{
    /// <summary>The card's value, greater than zero. Required.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? Amount { get; init; }

    /// <summary>The currency code, any case. Required.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>The card code (the account number); a random unambiguous code when absent.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    /// <summary>The user the card is issued to, when already known.</summary>
    [JsonPropertyName("user")]
    public long? User { get; init; }

    /// <summary>That user's email.</summary>
    [JsonPropertyName("user_email")]
    public string? UserEmail { get; init; }

    /// <summary>When the card expires (an extension field of this library, not Akinon's): later than now; never when absent or null.</summary>
    [JsonPropertyName("expires_at")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Turns the body into a ledger request.</summary>
    /// <param name="idempotencyKey">The request's <c>Idempotency-Key</c>, which keeps a retry of a card with a generated code from issuing a second card.</param>
    /// <returns>The request.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> (a field missing), <see cref="LoyaltyErrorCode.InvalidCurrency"/>, <see cref="LoyaltyErrorCode.InvalidAmount"/>.</exception>
    public IssueGiftCardRequest ToRequest(string? idempotencyKey = null)
    {
        var currency = WireValues.Currency(Currency);
        return new IssueGiftCardRequest
        {
            Amount = WireValues.Money(Amount, currency, "amount"),
            Code = Code,
            UserId = User,
            UserEmail = UserEmail,
            ExpiresAt = ExpiresAt,
            IdempotencyKey = idempotencyKey,
        };
    }
}
