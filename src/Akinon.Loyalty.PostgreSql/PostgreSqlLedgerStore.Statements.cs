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
}
