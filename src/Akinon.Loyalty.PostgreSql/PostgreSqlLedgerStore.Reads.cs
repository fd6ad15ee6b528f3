using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql;

public sealed partial class PostgreSqlLedgerStore
{
    /// <inheritdoc />
    public ValueTask<Account?> GetAccountAsync(long accountId, CancellationToken cancellationToken)
        => ReadAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.AccountById, connection);
                Add(command.Parameters, accountId, NpgsqlDbType.Bigint);
                return await ReadAccountsAsync(command, ct).ConfigureAwait(false) is [var account] ? account : null;
            },
            cancellationToken);

    /// <inheritdoc />
    public ValueTask<Account?> FindAccountAsync(string number, Currency currency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        return ReadAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.AccountByNumber, connection);
                Add(command.Parameters, number, NpgsqlDbType.Text);
                Add(command.Parameters, currency.Code, NpgsqlDbType.Char);
                return await ReadAccountsAsync(command, ct).ConfigureAwait(false) is [var account] ? account : null;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Account>> GetUserAccountsAsync(long userId, Currency currency, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<Account>>(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.UserAccounts, connection);
                Add(command.Parameters, userId, NpgsqlDbType.Bigint);
                Add(command.Parameters, currency.Code, NpgsqlDbType.Char);
                return await ReadAccountsAsync(command, ct).ConfigureAwait(false);
            },
            cancellationToken);

    /// <inheritdoc />
    public ValueTask<Page<Account>> ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(
            async (connection, ct) =>
            {
                var filter = new SqlFilter();
                var values = filter.Values;

                filter.Add("a.user_id = @", query.UserId, NpgsqlDbType.Bigint);
                // Both sides folded by ascii_fold (the rule of AccountQuery.UserEmail), the left as the email index holds it.
                filter.Add($"{_schema}.ascii_fold(a.user_email) = {_schema}.ascii_fold(@)", query.UserEmail, NpgsqlDbType.Text);
                filter.Add("a.currency = @", query.Currency?.Code, NpgsqlDbType.Char);
                filter.Add("a.number = @", query.Number, NpgsqlDbType.Text);
                filter.Add("a.debit_allowed = @", query.DebitAllowed, NpgsqlDbType.Boolean);
                filter.Add("a.kind = @", query.Kind is { } kind ? (short)kind : null, NpgsqlDbType.Smallint);
                filter.Add("a.expires_at <= @", query.ExpiredBy is { } expiredBy ? Arguments.Stored(expiredBy) : null, NpgsqlDbType.TimestampTz);
                filter.Add("a.number = ANY(@)", query.Numbers?.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                filter.Add("a.id >= @", query.MinId, NpgsqlDbType.Bigint);
                filter.Add("a.id <= @", query.MaxId, NpgsqlDbType.Bigint);
                filter.Add("a.created_at >= @", query.CreatedFrom is { } createdFrom ? CeilingMicrosecond(createdFrom) : null, NpgsqlDbType.TimestampTz);
                filter.Add("a.created_at < @", query.CreatedBefore is { } createdBefore ? CeilingMicrosecond(createdBefore) : null, NpgsqlDbType.TimestampTz);

                // Balances and modification times of system accounts are sums and maxima over their buckets: only the view has them.
                filter.Add($"a.balance::numeric = @ * {CurrencyScale.Of("a.currency")}", query.Balance, NpgsqlDbType.Numeric);
                filter.Add("a.modified_at >= @", query.ModifiedFrom is { } modifiedFrom ? CeilingMicrosecond(modifiedFrom) : null, NpgsqlDbType.TimestampTz);
                filter.Add("a.modified_at < @", query.ModifiedBefore is { } modifiedBefore ? CeilingMicrosecond(modifiedBefore) : null, NpgsqlDbType.TimestampTz);
                var onView = query.Balance is not null || query.ModifiedFrom is not null || query.ModifiedBefore is not null
                    || query.Order is AccountOrder.Balance or AccountOrder.BalanceDescending or AccountOrder.Modified or AccountOrder.ModifiedDescending;
                var source = onView ? $"{_schema}.account_view" : $"{_schema}.accounts";
                var filters = filter.ToString();
                var after = query.AfterId is { } afterId ? " AND a.id > " + afterId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

                await using var batch = new NpgsqlBatch(connection);
                batch.BatchCommands.Add(Command($"SELECT count(*) FROM {source} a WHERE {filters}", values));
                batch.BatchCommands.Add(Command(
                    query.Order == AccountOrder.Id
                        ? $"SELECT {Sql.AccountColumns} FROM {_schema}.account_view WHERE id IN (SELECT a.id FROM {source} a WHERE {filters}{after} ORDER BY a.id OFFSET {query.Skip} LIMIT {query.Limit + 1}) ORDER BY id"
                        : $"SELECT {Sql.AccountColumns} FROM {_schema}.account_view a WHERE {filters}{after} ORDER BY {OrderBy(query.Order)} OFFSET {query.Skip} LIMIT {query.Limit + 1}",
                    values));
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                var total = reader.GetInt64(0);
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                var items = new List<Account>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    items.Add(Rows.Account(reader));
                }

                return PageOf(items, query.Limit, total, static a => a.Id);
            },
            cancellationToken);
    }

    // The order of AccountQuery.Compare: the key, then the id, both in the order's direction.
    private static string OrderBy(AccountOrder order) => order switch
    {
        AccountOrder.IdDescending => "a.id DESC",
        AccountOrder.Balance => $"a.balance::numeric / {CurrencyScale.Of("a.currency")}, a.id",
        AccountOrder.BalanceDescending => $"a.balance::numeric / {CurrencyScale.Of("a.currency")} DESC, a.id DESC",
        AccountOrder.Created => "a.created_at, a.id",
        AccountOrder.CreatedDescending => "a.created_at DESC, a.id DESC",
        AccountOrder.Modified => "a.modified_at, a.id",
        AccountOrder.ModifiedDescending => "a.modified_at DESC, a.id DESC",
        _ => "a.id",
    };

    /// <inheritdoc />
    public ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(
            async (connection, ct) =>
            {
                var filter = new SqlFilter();
                var values = filter.Values;

                filter.Add("t.account_id = @", query.AccountId, NpgsqlDbType.Bigint);
                filter.Add($"t.account_id IN (SELECT u.id FROM {_schema}.accounts u WHERE u.user_id = @)", query.UserId, NpgsqlDbType.Bigint);
                filter.Add("t.order_number = @", query.OrderNumber, NpgsqlDbType.Text);
                filter.Add($"t.transaction_id = (SELECT x.id FROM {_schema}.transactions x WHERE x.uuid = @)", query.TransactionUuid, NpgsqlDbType.Uuid);
                filter.Add("t.currency = @", query.Currency?.Code, NpgsqlDbType.Char);
                var filters = filter.ToString();
                var before = query.BeforeId is { } beforeId ? " AND t.id < " + beforeId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

                await using var batch = new NpgsqlBatch(connection);
                batch.BatchCommands.Add(Command(TransferCount(query, filters), values));
                // The rows a skip passes over are walked in the filter's (…, id) index alone (index-only once vacuumed), and only
                // the page's rows are read from the table, so a deep page costs index entries, not table rows.
                batch.BatchCommands.Add(Command(
                    $"SELECT {Sql.TransferColumns} FROM {_schema}.transfers t WHERE t.id IN "
                    + $"(SELECT t.id FROM {_schema}.transfers t WHERE {filters}{before} ORDER BY t.id DESC OFFSET {query.Skip} LIMIT {query.Limit + 1}) ORDER BY t.id DESC",
                    values));
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                var total = reader.GetInt64(0);
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                var items = new List<Transfer>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    items.Add(Rows.Transfer(reader));
                }

                return PageOf(items, query.Limit, total, static t => t.Id);
            },
            cancellationToken);
    }

    /// <summary>
    /// The count of a transfer listing: unfiltered, or by one account alone, the counts the writers keep
    /// (0010_counts_and_buckets.sql: the ledger's transfers beside the event position, an account's as its version less 1
    /// and its edits), so they cost the same at any size; any other filter counts its index range.
    /// </summary>
    private string TransferCount(TransferQuery query, string filters) => query switch
    {
        { UserId: null, OrderNumber: null, TransactionUuid: null, Currency: null, AccountId: null }
            => $"SELECT transfers FROM {_schema}.event_positions WHERE id = 1",
        { UserId: null, OrderNumber: null, TransactionUuid: null, Currency: null, AccountId: not null }
            => $"SELECT coalesce((SELECT (a.version + coalesce((SELECT sum(x.version) FROM {_schema}.account_buckets x WHERE x.account_id = a.id), 0) - 1 - a.edits)::bigint "
               + $"FROM {_schema}.accounts a WHERE a.id = $1), 0)",
        _ => $"SELECT count(*) FROM {_schema}.transfers t WHERE {filters}",
    };

    /// <inheritdoc />
    public async ValueTask<Transaction?> GetTransactionAsync(Guid uuid, CancellationToken cancellationToken)
        => await LoadTransactionsAsync("x.uuid = $1", uuid, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false) is [var transaction] ? transaction : null;

    /// <inheritdoc />
    public async ValueTask<Transaction?> FindTransactionByKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return await LoadTransactionsAsync($"x.id = (SELECT k.transaction_id FROM {_schema}.idempotency_keys k WHERE k.key = $1)", idempotencyKey, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false) is [var transaction]
            ? transaction
            : null;
    }

    /// <inheritdoc />
    public ValueTask<bool> IsKeyUsedAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return ReadAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {_schema}.idempotency_keys WHERE key = $1)", connection);
                Add(command.Parameters, idempotencyKey, NpgsqlDbType.Text);
                return (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Transaction>> GetOrderTransactionsAsync(string orderNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        return await LoadTransactionsAsync("x.order_number = $1", orderNumber, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<PaymentRefundState?> GetPaymentRefundStateAsync(Guid paymentUuid, CancellationToken cancellationToken)
        => ReadAsync<PaymentRefundState?>(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.PaymentState, connection);
                Add(command.Parameters, paymentUuid, NpgsqlDbType.Uuid);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false) ? new PaymentRefundState(reader.GetInt64(0), reader.GetInt64(1)) : null;
            },
            cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// One statement over the front of <c>live_holds</c> (migration 0012), whose rows a trigger writes with each hold:
    /// the expired rows whose hold is settled (a transaction of the order for which <see cref="TransactionDraft.SettlesHold"/>
    /// holds: an order payment or a void naming the hold) are deleted as they are passed, in the same snapshot the
    /// listing reads, so a capture or a void writes nothing to the table and a run never reads history.
    /// </remarks>
    public ValueTask<IReadOnlyList<string>> ListExpiredHoldsAsync(DateTimeOffset asOf, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<string>>(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.ExpiredHolds, connection);
                Add(command.Parameters, Arguments.Stored(asOf), NpgsqlDbType.TimestampTz);
                Add(command.Parameters, limit, NpgsqlDbType.Integer);
                var expired = new List<string>();
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    expired.Add(reader.GetString(0));
                }

                return expired;
            },
            cancellationToken);
    }

    private async ValueTask<Transaction?> LoadTransactionAsync(long id, CancellationToken cancellationToken)
        => await LoadTransactionsAsync("x.id = $1", id, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false) is [var transaction] ? transaction : null;

    /// <summary>Transactions matching a condition on <c>x</c> (one parameter, <c>$1</c>), oldest first, with their transfers.</summary>
    private ValueTask<IReadOnlyList<Transaction>> LoadTransactionsAsync(string condition, object value, NpgsqlDbType type, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<Transaction>>(
            async (connection, ct) =>
            {
                var values = new List<(object Value, NpgsqlDbType Type)> { (value, type) };
                await using var batch = new NpgsqlBatch(connection);
                batch.BatchCommands.Add(Command($"SELECT {Sql.TransactionColumns} FROM {_schema}.transactions x WHERE {condition} ORDER BY x.id", values));
                batch.BatchCommands.Add(Command(
                    $"SELECT {Sql.TransferColumns} FROM {_schema}.transfers t WHERE t.transaction_id IN (SELECT x.id FROM {_schema}.transactions x WHERE {condition}) ORDER BY t.id",
                    values));
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await ReadTransactionsAsync(reader, positions: null, ct).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Reads transaction headers (with a <c>position</c> column when <paramref name="positions"/> is given), then their transfers.</summary>
    private static async Task<IReadOnlyList<Transaction>> ReadTransactionsAsync(NpgsqlDataReader reader, List<long>? positions, CancellationToken ct)
    {
        var headers = new List<(long Id, Transaction Transaction)>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            headers.Add((Rows.Long(reader, "id"), Rows.TransactionHeader(reader)));
            positions?.Add(Rows.Long(reader, "position"));
        }

        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var transfers = new Dictionary<long, List<Transfer>>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var transactionId = Rows.Long(reader, "transaction_id");
            if (!transfers.TryGetValue(transactionId, out var list))
            {
                list = [];
                transfers.Add(transactionId, list);
            }

            list.Add(Rows.Transfer(reader));
        }

        var result = new Transaction[headers.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var (id, header) = headers[i];
            result[i] = header with { Transfers = transfers.TryGetValue(id, out var list) ? list.ToArray() : [] };
        }

        return result;
    }

    private static NpgsqlBatchCommand Command(string sql, List<(object Value, NpgsqlDbType Type)> values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (value, type) in values)
        {
            Add(command.Parameters, value, type);
        }

        return command;
    }

    private static async Task<List<Account>> ReadAccountsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var accounts = new List<Account>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(Rows.Account(reader));
        }

        return accounts;
    }

    private static Page<T> PageOf<T>(List<T> items, int limit, long total, Func<T, long> id)
    {
        var more = items.Count > limit;
        if (more)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new Page<T> { Items = items, TotalCount = total, NextCursor = more ? id(items[^1]) : null };
    }
}
