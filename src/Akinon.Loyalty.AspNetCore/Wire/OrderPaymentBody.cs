using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The body of <c>POST loyalty-transactions/order-payment/</c>. The order number is the payment's idempotency key.</summary>
public sealed record OrderPaymentBody
{
    /// <summary>The order number. Required.</summary>
    [JsonPropertyName("order_number")]
    public string? OrderNumber { get; init; }

    /// <summary>The order id in the commerce system.</summary>
    [JsonPropertyName("order")]
    public long? Order { get; init; }

    /// <summary>The order owner, whose accounts pay. Required.</summary>
    [JsonPropertyName("user")]
    public long? User { get; init; }

    /// <summary>The owner's email.</summary>
    [JsonPropertyName("user_email")]
    public string? UserEmail { get; init; }

    /// <summary>The order's currency code, any case. Required.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>The order total. Required.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? Amount { get; init; }

    /// <summary>The most loyalty money to use; no cap when absent.</summary>
    [JsonPropertyName("max_amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? MaxAmount { get; init; }

    /// <summary>Turns the body into a ledger request.</summary>
    /// <returns>The request.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> (a field missing), <see cref="LoyaltyErrorCode.InvalidCurrency"/>, <see cref="LoyaltyErrorCode.InvalidAmount"/>.</exception>
    public OrderPaymentRequest ToRequest()
    {
        var orderNumber = WireValues.Required(OrderNumber, "order_number");
        var user = WireValues.Required(User, "user");
        var currency = WireValues.Currency(Currency);
        return new OrderPaymentRequest
        {
            OrderNumber = orderNumber,
            OrderId = Order,
            UserId = user,
            UserEmail = UserEmail,
            Amount = WireValues.Money(Amount, currency, "amount"),
            MaxAmount = WireValues.OptionalMoney(MaxAmount, currency, "max_amount"),
        };
    }
}
