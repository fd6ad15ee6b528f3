using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The transaction of a <see cref="TransferResponse"/>: <c>{uuid, order, created_date}</c>.</summary>
public sealed record TransferTransactionResponse
{
    /// <summary>The transaction's UUID (an addition to Akinon's shape).</summary>
    [JsonPropertyName("uuid")]
    public required Guid Uuid { get; init; }

    /// <summary>The order number, or <see langword="null"/> when the transaction concerns no order.</summary>
    [JsonPropertyName("order")]
    public string? Order { get; init; }

    /// <summary>When the transaction was posted.</summary>
    [JsonPropertyName("created_date")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required DateTimeOffset CreatedDate { get; init; }
}
