using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The outcome of authorising an order (<c>loyalty-transactions/order-authorization/</c>, an extension route): the order-payment shape and when the hold expires.</summary>
public sealed record OrderAuthorizationResponse
{
    /// <summary>The hold transaction's UUID, or <see langword="null"/> when loyalty held nothing.</summary>
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

    /// <summary>What loyalty money holds for the order: the most a capture can take.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Amount { get; init; }

    /// <summary>What other payment methods must cover: the order total less <see cref="Amount"/>.</summary>
    [JsonPropertyName("remaining")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Remaining { get; init; }

    /// <summary>When the hold expires (from then on it can only be voided), or <see langword="null"/> when nothing is held.</summary>
    [JsonPropertyName("expires_at")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Which accounts are held how much, in the order they were drawn; empty when loyalty held nothing.</summary>
    [JsonPropertyName("transfers")]
    public required IReadOnlyList<OrderPaymentTransferResponse> Transfers { get; init; }

    /// <summary>Describes an authorisation on the wire.</summary>
    /// <param name="authorization">The authorisation.</param>
    /// <returns>The wire form.</returns>
    public static OrderAuthorizationResponse From(OrderAuthorization authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return new OrderAuthorizationResponse
        {
            Uuid = authorization.Transaction?.Uuid,
            Order = authorization.OrderId,
            Reference = authorization.OrderNumber,
            User = authorization.UserId,
            UserEmail = authorization.UserEmail,
            Currency = authorization.OrderAmount.Currency.ToLowerCode(),
            Amount = authorization.Authorized.ToAmountString(),
            Remaining = authorization.Remaining.ToAmountString(),
            ExpiresAt = authorization.ExpiresAt,
            Transfers = OrderPaymentTransferResponse.From(authorization.Allocations),
        };
    }
}
