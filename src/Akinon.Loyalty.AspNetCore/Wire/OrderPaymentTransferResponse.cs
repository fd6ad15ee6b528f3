using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>What one account gave to an order payment: <c>{account, number, amount}</c>.</summary>
public sealed record OrderPaymentTransferResponse
{
    /// <summary>The account id.</summary>
    [JsonPropertyName("account")]
    public required long Account { get; init; }

    /// <summary>The account number.</summary>
    [JsonPropertyName("number")]
    public required string Number { get; init; }

    /// <summary>The amount taken from the account (positive), with the currency's decimals.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Amount { get; init; }
}
