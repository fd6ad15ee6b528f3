using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The storefront's <c>account/loyalty-account-balance/</c> answer: <c>{"balance": "12.50"}</c>.</summary>
public sealed record BalanceResponse
{
    /// <summary>The sum of the signed-in user's account balances in the session currency, with the currency's decimals (<c>"0.00"</c> when none).</summary>
    [JsonPropertyName("balance")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Balance { get; init; }
}
