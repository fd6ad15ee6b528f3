using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>One page of a listing on Akinon's wire: <c>{count, next, previous, results}</c>.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record PageResponse<T>
{
    /// <summary>How many items match the filters on all pages together.</summary>
    [JsonPropertyName("count")]
    public required long Count { get; init; }

    /// <summary>The URL of the next page (keeping the filters), or <see langword="null"/> on the last page.</summary>
    [JsonPropertyName("next")]
    public string? Next { get; init; }

    /// <summary>The URL of the previous page (keeping the filters), or <see langword="null"/> on the first page.</summary>
    [JsonPropertyName("previous")]
    public string? Previous { get; init; }

    /// <summary>The items of this page.</summary>
    [JsonPropertyName("results")]
    public required IReadOnlyList<T> Results { get; init; }
}
