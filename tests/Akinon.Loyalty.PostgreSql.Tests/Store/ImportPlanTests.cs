using Akinon.Loyalty.PostgreSql.TestServer;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// An import chunk costs the same however large the ledger already is. Filtering the chunk's taken numbers first
/// (NOT EXISTS against accounts) was planned as a scan of every account per chunk (a hash anti join: the import
/// slowed as it went, O(n²) overall) or, with the planner's estimates a little staler, as one row, so the chunk was
/// joined to its own inserted rows pair by pair (a nested loop with a join filter: 8,192 rows took 6.6 s instead of
/// 0.7 s at 190,000 accounts). The plans are read from the server itself (auto_explain, sent to this connection as
/// notices), so the test sees the plan, not a time.
/// </summary>
public sealed class ImportPlanTests
{
    private const int SeededAccounts = 20_000;
    private const int ChunkRows = 8_192;

    [Fact]
    public async Task A_chunk_imported_into_a_ledger_larger_than_it_joins_no_rows_pair_by_pair()
    {
        await using var store = await PgStores.NewStoreAsync();
        var ledger = PgStores.LedgerOver(store);
        var createdAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var rows = Enumerable.Range(1, SeededAccounts).Select(i => new AccountImportRow
        {
            Number = $"seed-{i}",
            UserId = i,
            Currency = Currency.EUR,
            Balance = Money.Of(10m, Currency.EUR),
            CreatedAt = createdAt,
        });
        (await ledger.ImportAccountsAsync(rows)).Imported.Should().Be(SeededAccounts);
        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR);

        var dataSource = await PostgresServer.DataSourceAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        var plans = new List<string>();
        connection.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        var schema = $"\"{store.Schema}\"";
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, $"ANALYZE {schema}.accounts");
        await ExecuteAsync(connection,
            $"INSERT INTO {schema}.account_imports (line, number, currency, user_id, user_email, debit_allowed, opening, created_at, funded_at, bank_id, funding_uuid) " +
            $"SELECT g, 'chunk-' || g, 'EUR', {SeededAccounts} + g, NULL, false, 1000, now(), now(), {bank.Id}, gen_random_uuid() FROM generate_series(1, {ChunkRows}) g");
        await ExecuteAsync(connection,
            "LOAD 'auto_explain'; SET LOCAL auto_explain.log_min_duration = 0; SET LOCAL auto_explain.log_nested_statements = on; " +
            "SET LOCAL auto_explain.log_level = notice; SET LOCAL client_min_messages = notice");
        await ExecuteAsync(connection, $"SELECT count(*) FROM {schema}.import_accounts()");
        await ExecuteAsync(connection, "SET LOCAL auto_explain.log_min_duration = -1");
        var written = await ScalarAsync(connection, $"SELECT count(*) FROM {schema}.accounts WHERE number LIKE 'chunk-%'");
        await transaction.RollbackAsync();

        written.Should().Be(ChunkRows);
        var chunkPlan = plans.Should().Contain(p => p.Contains("Insert on accounts", StringComparison.Ordinal), "auto_explain sent the chunk's plan").Which;
        chunkPlan.Should().NotContain("Seq Scan on accounts", "a chunk's cost does not grow with the ledger:\n" + chunkPlan)
            .And.NotContain("Join Filter", "no two row sets of the chunk are joined pair by pair:\n" + chunkPlan);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
