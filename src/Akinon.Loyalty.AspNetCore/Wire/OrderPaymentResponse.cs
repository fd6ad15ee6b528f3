using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The outcome of paying an order with loyalty money (<c>loyalty-transactions/order-payment/</c>).</summary>
public sealed record OrderPaymentResponse
{
    /// <summary>The payment transaction's UUID (what a refund names), or <see langword="null"/> when loyalty covered nothing.</summary>
    [JsonPropertyName("uuid")]
    public Guid? Uuid { get; init; }

    /// <summary>The order id, when given.</summary>
    [JsonPropertyName("order")]
    public long? Order { get; init; }

    /// <summary>The order number.</summary>
    [JsonPropertyName("reference")]
    public required string Reference { get; init; }

    /// <summary>The order owner.</summary>
    [JsonPropertyName("user")]
    public required long User { get; init; }

    /// <summary>The owner's email.</summary>
    [JsonPropertyName("user_email")]
    public string? UserEmail { get; init; }

    /// <summary>The currency, lower case.</summary>
    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>What loyalty money covered.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Amount { get; init; }

    /// <summary>What other payment methods must cover: the order total less <see cref="Amount"/>.</summary>
    [JsonPropertyName("remaining")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Remaining { get; init; }

    /// <summary>Which accounts paid how much, in the order they were drawn; empty when loyalty covered nothing.</summary>
    [JsonPropertyName("transfers")]
    public required IReadOnlyList<OrderPaymentTransferResponse> Transfers { get; init; }

    /// <summary>Describes an order payment on the wire.</summary>
    /// <param name="payment">The payment.</param>
    /// <returns>The wire form.</returns>
    public static OrderPaymentResponse From(OrderPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return new OrderPaymentResponse
        {
            Uuid = payment.Transaction?.Uuid,
            Order = payment.OrderId,
            Reference = payment.OrderNumber,
            User = payment.UserId,
            UserEmail = payment.UserEmail,
            Currency = payment.OrderAmount.Currency.ToLowerCode(),
            Amount = payment.Covered.ToAmountString(),
            Remaining = payment.Remaining.ToAmountString(),
            Transfers = OrderPaymentTransferResponse.From(payment.Allocations),
        };
    }
}
