using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// An account's statement on the wire (an extension of this library, <c>loyalty_account/{pk}/statement/</c>): the
/// balances as of the period's ends and its transfers, oldest first, written to the response as they are read.
/// </summary>
public sealed record StatementResponse
{
    /// <summary>The account.</summary>
    [JsonPropertyName("account")]
    public required long Account { get; init; }

    /// <summary>The account's number.</summary>
    [JsonPropertyName("number")]
    public required string Number { get; init; }

    /// <summary>The currency, lower case.</summary>
    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>The start of the period, exclusive (<c>from</c>).</summary>
    [JsonPropertyName("from")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>The end of the period, inclusive (<c>to</c>; the server's clock when the request named a later one).</summary>
    [JsonPropertyName("to")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>The balance as of <see cref="PeriodStart"/>, with the currency's decimals.</summary>
    [JsonPropertyName("opening_balance")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string OpeningBalance { get; init; }

    /// <summary>The balance as of <see cref="PeriodEnd"/>: the opening balance plus the transfers.</summary>
    [JsonPropertyName("closing_balance")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string ClosingBalance { get; init; }

    /// <summary>The period's transfers, oldest first, each with <c>balance_after</c>; streamed.</summary>
    [JsonPropertyName("transfers")]
    public required IAsyncEnumerable<TransferResponse> Transfers { get; init; }

    /// <summary>Describes a statement on the wire; its transfers are read as the response is written.</summary>
    /// <param name="statement">The statement.</param>
    /// <returns>The wire form.</returns>
    public static StatementResponse From(AccountStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new StatementResponse
        {
            Account = statement.Account.Id,
            Number = statement.Account.Number,
            Currency = statement.Account.Currency.ToLowerCode(),
            PeriodStart = statement.From,
            PeriodEnd = statement.To,
            OpeningBalance = statement.OpeningBalance.ToAmountString(),
            ClosingBalance = statement.ClosingBalance.ToAmountString(),
            Transfers = Describe(statement.Transfers),
        };
    }

    private static async IAsyncEnumerable<TransferResponse> Describe(IAsyncEnumerable<Transfer> transfers, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var transfer in transfers.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return TransferResponse.From(transfer);
        }
    }
}
