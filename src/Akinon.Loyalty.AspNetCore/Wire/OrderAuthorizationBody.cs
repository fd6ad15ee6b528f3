using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// The body of <c>POST loyalty-transactions/order-authorization/</c> (an extension route of this library, not Akinon's):
/// the order-payment body and an optional timeout. The order number is the hold's idempotency key, shared with the
/// order's payment: an order has one payment or one hold.
/// </summary>
public sealed record OrderAuthorizationBody
{
    /// <summary>The order number. Required.</summary>
    [JsonPropertyName("order_number")]
    public string? OrderNumber { get; init; }

    /// <summary>The order id in the commerce system.</summary>
    [JsonPropertyName("order")]
    public long? Order { get; init; }

    /// <summary>The order owner, whose accounts are held. Required.</summary>
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

    /// <summary>The most loyalty money to hold; no cap when absent.</summary>
    [JsonPropertyName("max_amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? MaxAmount { get; init; }

    /// <summary>How long the hold lasts, in whole seconds (positive); <see cref="LoyaltyOptions.AuthorizationTimeout"/> when absent.</summary>
    [JsonPropertyName("timeout_seconds")]
    public int? TimeoutSeconds { get; init; }

    /// <summary>Turns the body into a ledger request (the order payment the hold reserves).</summary>
    /// <returns>The request.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> (a field missing), <see cref="LoyaltyErrorCode.InvalidCurrency"/>, <see cref="LoyaltyErrorCode.InvalidAmount"/>.</exception>
    public OrderPaymentRequest ToRequest()
        => new OrderPaymentBody
        {
            OrderNumber = OrderNumber,
            Order = Order,
            User = User,
            UserEmail = UserEmail,
            Currency = Currency,
            Amount = Amount,
            MaxAmount = MaxAmount,
        }.ToRequest();

    /// <summary>The hold's timeout, or <see langword="null"/> for the ledger's default.</summary>
    /// <returns>The timeout.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/>: not a positive number of seconds.</exception>
    public TimeSpan? ToTimeout()
        => TimeoutSeconds switch
        {
            null => null,
            > 0 and var seconds => TimeSpan.FromSeconds(seconds),
            _ => throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "'timeout_seconds' must be a positive whole number of seconds."),
        };
}
