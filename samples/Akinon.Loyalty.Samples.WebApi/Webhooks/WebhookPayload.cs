using System.Text.Json.Serialization;
using Akinon.Loyalty.AspNetCore.Wire;

namespace Akinon.Loyalty.Samples.WebApi.Webhooks;

/// <summary>The JSON body of one delivery: a posted transaction of a channel, with its transfers.</summary>
public sealed record WebhookPayload
{
    /// <summary>The event's position in its channel's feed: a receiver keys on (channel, position) to drop redeliveries.</summary>
    [JsonPropertyName("position")]
    public required long Position { get; init; }

    /// <summary>The commerce channel.</summary>
    [JsonPropertyName("channel")]
    public required string Channel { get; init; }

    /// <summary>The transaction, in the Omnitron <c>loyalty_transactions</c> shape.</summary>
    [JsonPropertyName("transaction")]
    public required TransactionResponse Transaction { get; init; }

    /// <summary>Its transfers, in the <c>loyalty_transfer</c> shape.</summary>
    [JsonPropertyName("transfers")]
    public required IReadOnlyList<TransferResponse> Transfers { get; init; }

    /// <summary>The payload of <paramref name="loyaltyEvent"/> of <paramref name="channel"/>.</summary>
    /// <param name="channel">The channel the event belongs to.</param>
    /// <param name="loyaltyEvent">The event.</param>
    /// <returns>The payload.</returns>
    public static WebhookPayload From(string channel, LoyaltyEvent loyaltyEvent) => new()
    {
        Position = loyaltyEvent.Position,
        Channel = channel,
        Transaction = TransactionResponse.From(loyaltyEvent.Transaction),
        Transfers = [.. loyaltyEvent.Transaction.Transfers.Select(TransferResponse.From)],
    };
}

/// <summary>Source-generated metadata of the webhook body.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(WebhookPayload))]
public sealed partial class WebhookJsonContext : JsonSerializerContext;
