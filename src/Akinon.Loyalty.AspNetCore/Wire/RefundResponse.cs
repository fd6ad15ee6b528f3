using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>A refund on Akinon's wire (<c>loyalty-transactions/refund/</c> and <c>cross-refund/</c>).</summary>
public sealed record RefundResponse
{
    /// <summary>The refund transaction's id.</summary>
    [JsonPropertyName("pk")]
    public required long Pk { get; init; }

    /// <summary>The refund transaction's UUID.</summary>
    [JsonPropertyName("uuid")]
    public required Guid Uuid { get; init; }

    /// <summary>The amount given back, with the currency's decimals.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Amount { get; init; }

    /// <summary>The order id, or <see langword="null"/> when the payment did not give one.</summary>
    [JsonPropertyName("order")]
    public long? Order { get; init; }

    /// <summary>The order owner.</summary>
    [JsonPropertyName("user")]
    public long? User { get; init; }

    /// <summary>The owner's email.</summary>
    [JsonPropertyName("user_email")]
    public string? UserEmail { get; init; }

    /// <summary>The order number.</summary>
    [JsonPropertyName("reference")]
    public required string Reference { get; init; }

    /// <summary>Describes a refund on the wire.</summary>
    /// <param name="refund">The refund.</param>
    /// <returns>The wire form.</returns>
    public static RefundResponse From(Refund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return new RefundResponse
        {
            Pk = refund.Id,
            Uuid = refund.Uuid,
            Amount = refund.Amount.ToAmountString(),
            Order = refund.OrderId,
            User = refund.UserId,
            UserEmail = refund.UserEmail,
            Reference = refund.OrderNumber,
        };
    }
}
