using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>One signed movement on one account on Akinon's wire (<c>loyalty_transfer</c>).</summary>
public sealed record TransferResponse
{
    /// <summary>The account moved (an addition to Akinon's shape).</summary>
    [JsonPropertyName("account")]
    public required long Account { get; init; }

    /// <summary>The signed amount with the currency's decimals: negative leaves the account (<c>"-14.00"</c>).</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Amount { get; init; }

    /// <summary>
    /// The account's balance right after the movement, with the currency's decimals (an extension field of this library,
    /// Shopify's <c>balanceAfterTransaction</c>); absent on a system account's movement.
    /// </summary>
    [JsonPropertyName("balance_after")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? BalanceAfter { get; init; }

    /// <summary>The transaction the movement belongs to.</summary>
    [JsonPropertyName("transaction")]
    public required TransferTransactionResponse Transaction { get; init; }

    /// <summary>When the movement was posted.</summary>
    [JsonPropertyName("created_date")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary>The currency, lower case.</summary>
    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>Describes a transfer on the wire.</summary>
    /// <param name="transfer">The transfer.</param>
    /// <returns>The wire form.</returns>
    public static TransferResponse From(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return new TransferResponse
        {
            Account = transfer.AccountId,
            Amount = transfer.Amount.ToAmountString(),
            BalanceAfter = transfer.BalanceAfter?.ToAmountString(),
            Transaction = new TransferTransactionResponse
            {
                Uuid = transfer.TransactionUuid,
                Order = transfer.OrderNumber,
                CreatedDate = transfer.CreatedAt,
            },
            CreatedDate = transfer.CreatedAt,
            Currency = transfer.Amount.Currency.ToLowerCode(),
        };
    }
}
