using Akinon.Loyalty.PostgreSql.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql;

/// <summary>The event feed: the events table (an outbox written with each transaction, see Migrations/0004_events.sql).</summary>
public sealed partial class PostgreSqlLedgerStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Positions are handed out under one row lock held until each writer commits, so they are dense and in commit
    /// order: reading after the last position seen never skips an event that commits later.
    /// </remarks>
    public ValueTask<IReadOnlyList<LoyaltyEvent>> ReadEventsAsync(long afterPosition, int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<LoyaltyEvent>>(
            async (connection, ct) =>
            {
                List<(object Value, NpgsqlDbType Type)> values = [(afterPosition, NpgsqlDbType.Bigint), (limit, NpgsqlDbType.Integer)];
                var page = $"SELECT e.position, e.transaction_id FROM {_schema}.events e WHERE e.position > $1 ORDER BY e.position LIMIT $2";
                await using var batch = new NpgsqlBatch(connection);
                batch.BatchCommands.Add(Command($"SELECT e.position, {Sql.TransactionColumns} FROM ({page}) e JOIN {_schema}.transactions x ON x.id = e.transaction_id ORDER BY e.position", values));
                batch.BatchCommands.Add(Command($"SELECT {Sql.TransferColumns} FROM {_schema}.transfers t WHERE t.transaction_id IN (SELECT e.transaction_id FROM ({page}) e) ORDER BY t.id", values));
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var positions = new List<long>(limit);
                var transactions = await ReadTransactionsAsync(reader, positions, ct).ConfigureAwait(false);
                var events = new LoyaltyEvent[transactions.Count];
                for (var i = 0; i < events.Length; i++)
                {
                    events[i] = new LoyaltyEvent { Position = positions[i], Transaction = transactions[i] };
                }

                return events;
            },
            cancellationToken);
}
