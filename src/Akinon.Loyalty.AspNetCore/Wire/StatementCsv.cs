using System.Globalization;
using System.Text;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// A statement as CSV (RFC 4180): a header line, then one line per transfer, CRLF line ends, and a field quoted (its
/// quotes doubled) when it holds a comma, a quote or a line break. Amounts carry the currency's decimals (two for
/// EUR and TRY), without a thousands separator.
/// </summary>
internal static class StatementCsv
{
    public const string ContentType = "text/csv";

    public const string Header = "id,created_date,transaction,transaction_type,order_number,amount,balance_after,currency";

    /// <summary>Writes the statement's lines as its transfers are read, flushing every so many lines.</summary>
    public static async Task WriteAsync(AccountStatement statement, Stream body, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(Header).ConfigureAwait(false);
            var lines = 0;
            await foreach (var transfer in statement.Transfers.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteLineAsync(Line(transfer)).ConfigureAwait(false);
                if (++lines % 500 == 0)
                {
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public static string Line(Transfer transfer)
        => string.Join(
            ',',
            transfer.Id.ToString(CultureInfo.InvariantCulture),
            TimestampJsonConverter.ToText(transfer.CreatedAt),
            transfer.TransactionUuid.ToString(),
            TransactionTypes.ToWire(transfer.TransactionKind),
            Field(transfer.OrderNumber ?? ""),
            transfer.Amount.ToAmountString(),
            transfer.BalanceAfter?.ToAmountString() ?? "",
            transfer.Amount.Currency.ToLowerCode());

    /// <summary>A field as RFC 4180 writes it: quoted, quotes doubled, when it holds a comma, a quote, CR or LF.</summary>
    public static string Field(string value)
        => value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : string.Concat("\"", value.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");
}
