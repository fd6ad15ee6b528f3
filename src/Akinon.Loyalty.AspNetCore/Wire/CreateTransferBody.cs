using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The body of <c>POST loyalty_account/{pk}/create_transfer/</c>.</summary>
public sealed record CreateTransferBody
{
    /// <summary>The amount, greater than zero (<c>"20"</c> or <c>20</c>), in the accounts' currency. Required.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? Amount { get; init; }

    /// <summary>The id of the account the money leaves. Required.</summary>
    [JsonPropertyName("source_account")]
    public long? SourceAccount { get; init; }

    /// <summary>The id of the account the money arrives on. Required.</summary>
    [JsonPropertyName("destination_account")]
    public long? DestinationAccount { get; init; }

    /// <summary>Turns the body into a ledger request.</summary>
    /// <param name="currency">The accounts' currency, which the amount is written in.</param>
    /// <param name="idempotencyKey">The request's <c>Idempotency-Key</c>, if any.</param>
    /// <returns>The request.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> (a field missing), <see cref="LoyaltyErrorCode.InvalidAmount"/>.</exception>
    public TransferRequest ToRequest(Currency currency, string? idempotencyKey = null)
        => new()
        {
            SourceAccountId = WireValues.Required(SourceAccount, "source_account"),
            DestinationAccountId = WireValues.Required(DestinationAccount, "destination_account"),
            Amount = WireValues.Money(Amount, currency, "amount"),
            IdempotencyKey = idempotencyKey,
        };
}
