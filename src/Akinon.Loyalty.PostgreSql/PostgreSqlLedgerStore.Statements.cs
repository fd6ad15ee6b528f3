using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql;

public sealed partial class PostgreSqlLedgerStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One statement, so one snapshot: the balance now less the account's transfers after the instant, read from the
    /// <c>(account_id, created_at, id)</c> index (migration 0006); the work is proportional to the transfers after it.
    /// </remarks>
    public ValueTask<long?> GetBalanceAsync(long accountId, DateTimeOffset asOf, CancellationToken cancellationToken)
        => ReadAsync<long?>(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.BalanceAsOf, connection);
                Add(command.Parameters, accountId, NpgsqlDbType.Bigint);
                Add(command.Parameters, Arguments.Stored(asOf), NpgsqlDbType.TimestampTz);
                var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                return value is long balance ? balance : null;
            },
            cancellationToken);

    /// <inheritdoc />
    /// <remarks>A keyset page on the <c>(account_id, created_at, id)</c> index: the cost of a page does not grow with the history before it.</remarks>
    public ValueTask<IReadOnlyList<Transfer>> ReadAccountTransfersAsync(long accountId, TransferPosition resumeAfter, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<Transfer>>(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.StatementPage, connection);
                Add(command.Parameters, accountId, NpgsqlDbType.Bigint);
                Add(command.Parameters, Arguments.Stored(resumeAfter.CreatedAt), NpgsqlDbType.TimestampTz);
                Add(command.Parameters, resumeAfter.Id, NpgsqlDbType.Bigint);
                Add(command.Parameters, Arguments.Stored(until), NpgsqlDbType.TimestampTz);
                Add(command.Parameters, limit, NpgsqlDbType.Integer);
                var page = new List<Transfer>(Math.Min(limit, 256));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    page.Add(Rows.Transfer(reader));
                }

                return page;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement, so one snapshot: every account's balance now less its transfers after the instant, found through
    /// the transactions' <c>(created_at, id)</c> index (migration 0005), so the work beyond a scan of the currency's
    /// accounts is proportional to what was posted after the instant.
    /// </remarks>
    public ValueTask<IReadOnlyList<BalanceGroup>> SumBalancesAsync(Currency currency, DateTimeOffset asOf, DateTimeOffset expiringBy, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<BalanceGroup>>(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.BalancesAsOf, connection);
                Add(command.Parameters, currency.Code, NpgsqlDbType.Char);
                Add(command.Parameters, Arguments.Stored(asOf), NpgsqlDbType.TimestampTz);
                Add(command.Parameters, Arguments.Stored(expiringBy), NpgsqlDbType.TimestampTz);
                var groups = new List<BalanceGroup>();
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var expiresAt = reader.IsDBNull(reader.GetOrdinal("expires_at")) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(reader.GetOrdinal("expires_at"));
                    groups.Add(new BalanceGroup((AccountKind)reader.GetInt16(reader.GetOrdinal("kind")), expiresAt, Rows.Long(reader, "balance")));
                }

                return groups;
            },
            cancellationToken);
}
