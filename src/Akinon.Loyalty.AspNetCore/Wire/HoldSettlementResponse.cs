using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The outcome of capturing or voiding an order's hold (<c>order-authorization/capture/</c>, <c>order-authorization/void/</c>, extension routes).</summary>
public sealed record HoldSettlementResponse
{
    /// <summary>
    /// The settlement transaction's UUID. For a capture it is the order's payment (<c>order_payment</c>), the UUID a
    /// refund names; for a void an <c>authorization_void</c>.
    /// </summary>
    [JsonPropertyName("uuid")]
    public required Guid Uuid { get; init; }

    /// <summary>The kind of the settlement, as <see cref="TransactionTypes"/> names it.</summary>
    [JsonPropertyName("transaction_type")]
    public required string TransactionType { get; init; }

    /// <summary>The UUID of the hold that was settled.</summary>
    [JsonPropertyName("authorization")]
    public required Guid Authorization { get; init; }

    /// <summary>The order id, when given.</summary>
    [JsonPropertyName("order")]
    public long? Order { get; init; }

    /// <summary>The order number.</summary>
    [JsonPropertyName("reference")]
    public required string Reference { get; init; }

    /// <summary>The currency, lower case.</summary>
    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>What the hold held.</summary>
    [JsonPropertyName("authorized")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Authorized { get; init; }

    /// <summary>What went to the Sale account (<c>"0.00"</c> for a void).</summary>
    [JsonPropertyName("captured")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Captured { get; init; }

    /// <summary>What went back to the accounts the hold drew on, last drawn first.</summary>
    [JsonPropertyName("released")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Released { get; init; }

    /// <summary>When the settlement was posted.</summary>
    [JsonPropertyName("created_date")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary>Describes a capture or void on the wire.</summary>
    /// <param name="settlement">The settlement.</param>
    /// <returns>The wire form.</returns>
    public static HoldSettlementResponse From(HoldSettlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        return new HoldSettlementResponse
        {
            Uuid = settlement.Transaction.Uuid,
            TransactionType = TransactionTypes.ToWire(settlement.Transaction.Kind),
            Authorization = settlement.Authorization.Uuid,
            Order = settlement.Authorization.OrderId,
            Reference = settlement.OrderNumber,
            Currency = settlement.Authorized.Currency.ToLowerCode(),
            Authorized = settlement.Authorized.ToAmountString(),
            Captured = settlement.Captured.ToAmountString(),
            Released = settlement.Released.ToAmountString(),
            CreatedDate = settlement.Transaction.CreatedAt,
        };
    }
}
