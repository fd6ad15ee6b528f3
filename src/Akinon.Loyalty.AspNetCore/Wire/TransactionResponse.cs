using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>A transaction on Akinon's Omnitron wire (<c>/api/v1/loyalty_transactions/</c>).</summary>
public sealed record TransactionResponse
{
    /// <summary>The transaction's id.</summary>
    [JsonPropertyName("pk")]
    public required long Pk { get; init; }

    /// <summary>The transaction's UUID.</summary>
    [JsonPropertyName("uuid")]
    public required Guid Uuid { get; init; }

    /// <summary>The money it moved (the sum of its credits), with the currency's decimals.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Amount { get; init; }

    /// <summary>The order id, for order payments and refunds that were given one.</summary>
    [JsonPropertyName("order")]
    public long? Order { get; init; }

    /// <summary>The order owner's email, when the transaction recorded one.</summary>
    [JsonPropertyName("user_email")]
    public string? UserEmail { get; init; }

    /// <summary>The kind of transaction, as <see cref="TransactionTypes"/> names it.</summary>
    [JsonPropertyName("transaction_type")]
    public required string TransactionType { get; init; }

    /// <summary>The order number, for order payments and refunds; otherwise <see langword="null"/>.</summary>
    [JsonPropertyName("reference")]
    public string? Reference { get; init; }

    /// <summary>When it was posted.</summary>
    [JsonPropertyName("created_date")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary>When it last changed: transactions never change, so when it was posted.</summary>
    [JsonPropertyName("modified_date")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required DateTimeOffset ModifiedDate { get; init; }

    /// <summary>The address the request that posted it came from (Akinon's <c>remote_addr</c>); <see langword="null"/> when it came from no network or from before the audit trail.</summary>
    [JsonPropertyName("remote_addr")]
    public string? RemoteAddr { get; init; }

    /// <summary>
    /// Who asked for it: the API key's name or the signed-in user (<see cref="Transaction.Actor"/>). Not one of Akinon's
    /// fields (Omnitron records its user elsewhere); served because a listing of who moved money is the audit trail's
    /// point, and clients of Akinon's shape ignore fields they do not know.
    /// </summary>
    [JsonPropertyName("actor")]
    public string? Actor { get; init; }

    /// <summary>Describes a transaction on the wire.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <returns>The wire form.</returns>
    public static TransactionResponse From(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new TransactionResponse
        {
            Pk = transaction.Id,
            Uuid = transaction.Uuid,
            Amount = transaction.Amount.ToAmountString(),
            Order = transaction.OrderId,
            UserEmail = transaction.UserEmail,
            TransactionType = TransactionTypes.ToWire(transaction.Kind),
            Reference = transaction.OrderNumber,
            CreatedDate = transaction.CreatedAt,
            ModifiedDate = transaction.CreatedAt,
            RemoteAddr = transaction.RemoteAddress?.ToString(),
            Actor = transaction.Actor,
        };
    }
}
