using Akinon.Loyalty.PostgreSql.Internal;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql;

public sealed partial class PostgreSqlLedgerStore
{
    /// <inheritdoc />
    public async ValueTask<Page<Transaction>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ids = await ReadAsync(
            async (connection, ct) =>
            {
                var filter = new SqlFilter();
                var values = filter.Values;

                // TransactionQuery.Matches: created_at holds whole microseconds, so comparing with a bound rounded up
                // to the microsecond gives the same answer as comparing with the bound itself (PostgreSQL would round it).
                filter.Add("x.uuid = @", query.Uuid, NpgsqlDbType.Uuid);
                filter.Add("x.kind = @", query.Kind is { } kind ? (short)kind : null, NpgsqlDbType.Smallint);
                filter.Add("x.created_at >= @", query.CreatedFrom is { } from ? CeilingMicrosecond(from) : null, NpgsqlDbType.TimestampTz);
                filter.Add("x.created_at < @", query.CreatedBefore is { } before ? CeilingMicrosecond(before) : null, NpgsqlDbType.TimestampTz);
                var filters = filter.ToString();
                var beforeId = query.BeforeId is { } cursor ? " AND x.id < " + cursor.ToString(CultureInfo.InvariantCulture) : "";

                await using var batch = new NpgsqlBatch(connection);
                // Unfiltered, the count is the event feed's last position: every transaction has exactly one event (record_event,
                // import_accounts), so it is the exact number of transactions, kept by the writers, instead of a scan of them all.
                batch.BatchCommands.Add(filter.IsEmpty
                    ? Command($"SELECT last FROM {_schema}.event_positions WHERE id = 1", values)
                    : Command($"SELECT count(*) FROM {_schema}.transactions x WHERE {filters}", values));
                batch.BatchCommands.Add(Command(
                    $"SELECT x.id FROM {_schema}.transactions x WHERE {filters}{beforeId} ORDER BY x.id DESC OFFSET {query.Skip} LIMIT {query.Limit + 1}",
                    values));
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                var total = reader.GetInt64(0);
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                var found = new List<long>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    found.Add(reader.GetInt64(0));
                }

                return PageOf(found, query.Limit, total, static id => id);
            },
            cancellationToken).ConfigureAwait(false);

        // Transactions never change once posted, so the page's ids load the same transactions a moment later.
        IReadOnlyList<Transaction> loaded = ids.Items.Count == 0
            ? Array.Empty<Transaction>()
            : await LoadTransactionsAsync("x.id = ANY($1)", ids.Items.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        var items = loaded.OrderByDescending(static t => t.Id).ToArray();
        return new Page<Transaction> { Items = items, TotalCount = ids.TotalCount, NextCursor = ids.NextCursor };
    }

    private static DateTimeOffset CeilingMicrosecond(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        var rest = ticks % 10;
        if (rest == 0)
        {
            return time.ToUniversalTime();
        }

        // The last microsecond of year 9999 has no whole successor a DateTimeOffset holds; every created_at is below it.
        return ticks > DateTimeOffset.MaxValue.UtcTicks - 10 ? DateTimeOffset.MaxValue : new DateTimeOffset(ticks - rest + 10, TimeSpan.Zero);
    }
}
