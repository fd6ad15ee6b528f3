using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// An RFC 7807 problem (<c>application/problem+json</c>) with a machine-readable <see cref="Code"/> in
/// snake_case (<c>insufficient_funds</c>) and a <see cref="Detail"/> a person understands.
/// </summary>
public sealed record LoyaltyProblem
{
    /// <summary>The media type of a problem.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>The problem type; <c>about:blank</c>, so <see cref="Title"/> is the HTTP status phrase and <see cref="Code"/> tells the reason.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "about:blank";

    /// <summary>The HTTP status phrase, for example <c>Bad Request</c>.</summary>
    [JsonPropertyName("title")]
    public required string Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    [JsonPropertyName("status")]
    public required int Status { get; init; }

    /// <summary>What went wrong, in plain words.</summary>
    [JsonPropertyName("detail")]
    public required string Detail { get; init; }

    /// <summary>The stable reason, in snake_case (see <see cref="ProblemCodes"/>).</summary>
    [JsonPropertyName("code")]
    public required string Code { get; init; }

    /// <summary>The request path the problem occurred on, when known.</summary>
    [JsonPropertyName("instance")]
    public string? Instance { get; init; }

    /// <summary>Creates a problem.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="code">The snake_case reason.</param>
    /// <param name="detail">What went wrong.</param>
    /// <param name="instance">The request path, if any.</param>
    /// <returns>The problem.</returns>
    public static LoyaltyProblem Create(int status, string code, string detail, string? instance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(detail);
        var title = ReasonPhrases.GetReasonPhrase(status);
        return new LoyaltyProblem
        {
            Title = title.Length == 0 ? "Error" : title,
            Status = status,
            Detail = detail,
            Code = code,
            Instance = instance,
        };
    }

    /// <summary>Describes a refusal of the ledger, with the status <see cref="ProblemCodes.ToStatusCode"/> gives.</summary>
    /// <param name="exception">The refusal.</param>
    /// <param name="instance">The request path, if any.</param>
    /// <returns>The problem.</returns>
    public static LoyaltyProblem From(LoyaltyException exception, string? instance = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Create(ProblemCodes.ToStatusCode(exception.Code), ProblemCodes.ToWireCode(exception.Code), exception.Message, instance);
    }
}
