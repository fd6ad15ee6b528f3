using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The body of <c>POST loyalty_account/</c>.</summary>
public sealed record CreateAccountBody
{
    /// <summary>The account number; a new UUID when absent.</summary>
    [JsonPropertyName("number")]
    public string? Number { get; init; }

    /// <summary>The owner's email.</summary>
    [JsonPropertyName("user_email")]
    public string? UserEmail { get; init; }

    /// <summary>An opening balance (<c>"100.00"</c> or <c>100</c>), recorded as an adjustment from the Bank account.</summary>
    [JsonPropertyName("balance")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? Balance { get; init; }

    /// <summary>Whether the balance may go below zero; <see langword="false"/> when absent.</summary>
    [JsonPropertyName("debit_allowed")]
    public bool? DebitAllowed { get; init; }

    /// <summary>The owner's user id. Required: a customer account always has its user (the ledger refuses one without, naming <c>user</c>).</summary>
    [JsonPropertyName("user")]
    public long? User { get; init; }

    /// <summary>The currency code, any case (<c>"eur"</c>). Required.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>When the account expires (an extension field of this library, not Akinon's); never when absent or null.</summary>
    [JsonPropertyName("expires_at")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Turns the body into a ledger request.</summary>
    /// <param name="idempotencyKey">The request's <c>Idempotency-Key</c>, if any.</param>
    /// <returns>The request.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> (currency missing), <see cref="LoyaltyErrorCode.InvalidCurrency"/>, <see cref="LoyaltyErrorCode.InvalidAmount"/>.</exception>
    public CreateAccountRequest ToRequest(string? idempotencyKey = null)
    {
        var currency = WireValues.Currency(Currency);
        var balance = WireValues.OptionalMoney(Balance, currency, "balance");
        return new CreateAccountRequest
        {
            Number = Number,
            Currency = currency,
            UserId = User,
            UserEmail = UserEmail,
            DebitAllowed = DebitAllowed ?? false,
            Balance = balance,
            ExpiresAt = ExpiresAt,
            IdempotencyKey = idempotencyKey,
        };
    }
}
