using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The body of <c>POST loyalty-transactions/order-authorization/void/</c> (an extension route of this library).</summary>
public sealed record HoldVoidBody
{
    /// <summary>The order number of the hold. Required.</summary>
    [JsonPropertyName("order_number")]
    public string? OrderNumber { get; init; }
}
