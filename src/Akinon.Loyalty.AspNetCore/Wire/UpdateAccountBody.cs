using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The body of <c>PATCH loyalty_account/{pk}/</c>: any subset of the fields; absent fields stay as they are.</summary>
public sealed record UpdateAccountBody
{
    /// <summary>The balance the account should have afterwards (reached by an adjustment against the Bank account).</summary>
    [JsonPropertyName("balance")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? Balance { get; init; }

    /// <summary>The new debit rule.</summary>
    [JsonPropertyName("debit_allowed")]
    public bool? DebitAllowed { get; init; }

    /// <summary>The new email.</summary>
    [JsonPropertyName("user_email")]
    public string? UserEmail { get; init; }

    /// <summary>A new expiry, later than now (an extension field of this library); the current one stays when absent.</summary>
    [JsonPropertyName("expires_at")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Turns the body into a ledger request.</summary>
    /// <param name="accountCurrency">The account's currency, which the balance is written in.</param>
    /// <param name="idempotencyKey">The request's <c>Idempotency-Key</c>, if any.</param>
    /// <returns>The request.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidAmount"/>.</exception>
    public UpdateAccountRequest ToRequest(Currency accountCurrency, string? idempotencyKey = null)
        => new()
        {
            Balance = WireValues.OptionalMoney(Balance, accountCurrency, "balance"),
            DebitAllowed = DebitAllowed,
            UserEmail = UserEmail,
            ExpiresAt = ExpiresAt,
            IdempotencyKey = idempotencyKey,
        };
}
