using System.Diagnostics;
using System.Globalization;
using Akinon.Loyalty.Storage;
#if HAVE_POSTGRESQL
using Akinon.Loyalty.PostgreSql;
using Akinon.Loyalty.PostgreSql.TestServer;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
#endif

namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>
/// Bulk import and history at scale: accounts imported per second (in memory and on PostgreSQL), then the listed
/// queries timed on a small ledger (10,000 transfers) and a large one (<c>--scale</c> transfers, a tenth as many
/// accounts) in the same run, and the ratio large/small per query.
/// </summary>
/// <remarks>
/// The large ledger is seeded through <see cref="ILoyaltyLedger.ImportAccountsAsync"/> (accounts and their openings) and
/// a direct load of order payments in SQL that keeps every invariant: each payment moves one cent from a customer
/// account to Sale (kind OrderPayment, paid = 1, one event each), half of them from one hot account (so its history has
/// pages to skip), the other half spread over every account; then each account's balance and version, and Sale's
/// bucket, are moved by exactly what its transfers moved. The openings cover every payment, so no balance goes
/// below zero. The runner checks the invariants in SQL afterwards.
/// </remarks>
internal static class HistoryPhase
{
    public const int SmallTransfers = 10_000;
    private const int PageSize = 10;
    private const int DeepPage = 500;

    /// <summary>The listed queries: name (for <c>page_ms_10m_over_10k_&lt;name&gt;</c>) and what a person reads.</summary>
    private static readonly (string Name, string Label)[] Queries =
    [
        ("user_accounts", "a user's accounts"),
        ("account_transfers", "an account's transfers, page 1"),
        ("account_transfers_p500", $"an account's transfers, page {DeepPage}"),
        ("order_transfers", "an order's transfers"),
        ("all_transfers", "all transfers"),
        ("all_transactions", "all transactions"),
    ];

    public static async Task RunAsync(Settings settings, long scale, bool skipPostgres, Report report, TextWriter log)
    {
        var memoryRows = settings.Quick ? 100_000 : 1_000_000;
        var (inMemory, perCpuSecond) = await ImportInMemoryAsync(memoryRows);
        log.WriteLine($"  in memory: {memoryRows:#,0} accounts imported at {inMemory:#,0}/s wall clock, {perCpuSecond:#,0} per CPU second of this process");
        report.Add(new Figure("import_accounts_per_sec_mem", "bulk import, accounts per second, in memory", inMemory, "/s", ">= 1,000,000", inMemory >= 1_000_000));
        report.Add(new Figure("import_accounts_per_cpu_sec_mem", "bulk import in memory, accounts per CPU second (GC threads included)", perCpuSecond, "/s"));
        if (skipPostgres)
        {
            report.Add(new Figure("import_accounts_per_sec_pg", "bulk import, accounts per second, PostgreSQL", double.NaN, "/s", ">= 50,000", null));
            return;
        }

#if HAVE_POSTGRESQL
        var bin = ThrowawayPostgres.FindBinaries(out var reason);
        if (bin is null)
        {
            report.Note("History figures not measured: " + reason);
            return;
        }

        await using var server = await ThrowawayPostgres.StartAsync(bin);
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString(maxPool: 16));
        var small = await SeedAsync(dataSource, "hist_small", SmallTransfers, log);
        var large = await SeedAsync(dataSource, "hist_large", scale, log);
        report.Add(new Figure("import_accounts_per_sec_pg", $"bulk import, accounts per second, PostgreSQL ({large.Accounts:#,0} accounts)", large.ImportPerSecond, "/s", ">= 50,000", large.ImportPerSecond >= 50_000));
        report.Note($"History: small ledger {small.Transfers:#,0} transfers / {small.Accounts:#,0} accounts, large {large.Transfers:#,0} transfers / {large.Accounts:#,0} accounts (direct load {large.LoadSeconds:0.0} s); " +
            $"pages of {PageSize}, median of {Repeats(settings)} reads each; the count each page carries is included.");

        var label = LargeLabel(scale);
        foreach (var (name, text) in Queries)
        {
            var smallMs = await TimeAsync(small, name, Repeats(settings));
            var largeMs = await TimeAsync(large, name, Repeats(settings));
            var ratio = largeMs / smallMs;
            log.WriteLine($"  {text}: {smallMs:0.00} ms at 10k, {largeMs:0.00} ms at {label}");
            report.Add(new Figure($"page_ms_10k_{name}", $"page of {text}, 10k transfers", smallMs, "ms"));
            report.Add(new Figure($"page_ms_large_{name}", $"page of {text}, {label} transfers", largeMs, "ms"));
            report.Add(new Figure($"page_ms_10m_over_10k_{name}", $"page of {text}, {label} / 10k", ratio, "x", "<= 2", ratio <= 2));
        }
#else
        await Task.CompletedTask;
        report.Note("History figures not measured: this build has no PostgreSQL store.");
#endif
    }

    private static int Repeats(Settings settings) => settings.Quick ? 7 : 21;

    private static string LargeLabel(long scale) => scale >= 1_000_000 ? $"{scale / 1_000_000.0:0.#}M" : $"{scale / 1_000.0:0.#}k";

    /// <summary>Rows for an import: account <c>i</c> of user <c>i</c>, the hot one (user 1) able to pay half of every payment.</summary>
    private static IEnumerable<AccountImportRow> Rows(int accounts, long transfers, string prefix)
    {
        var created = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var payments = transfers / 2;
        var each = (payments / 2 / Math.Max(1, accounts - 1)) + 2;
        for (var i = 1; i <= accounts; i++)
        {
            yield return new AccountImportRow
            {
                Number = prefix + i.ToString(CultureInfo.InvariantCulture),
                UserId = i,
                UserEmail = null,
                Currency = Currency.EUR,
                Balance = Money.FromMinorUnits(i == 1 ? payments + 1 : each + 100, Currency.EUR),
                CreatedAt = created.AddSeconds(i),
            };
        }
    }

    private static async Task<(double PerSecond, double PerCpuSecond)> ImportInMemoryAsync(int rows)
    {
        var data = Rows(rows, rows * 10L, "m-").ToArray();
        var warm = new LoyaltyLedger(new InMemoryLedgerStore(), new Infrastructure.FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));
        await warm.ImportAccountsAsync(data.Take(20_000));
        var ledger = new LoyaltyLedger(new InMemoryLedgerStore(), new Infrastructure.FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var result = await ledger.ImportAccountsAsync(data);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        if (result.Imported != rows)
        {
            throw new InvalidOperationException($"The in-memory import wrote {result.Imported} of {rows} accounts.");
        }

        return (rows / seconds, rows / cpuSeconds);
    }

#if HAVE_POSTGRESQL
    private sealed record Seeded(string Schema, ILoyaltyLedger Ledger, int Accounts, long Transfers, double ImportPerSecond, double LoadSeconds, long HotAccount, string Order);

    private static async Task<Seeded> SeedAsync(NpgsqlDataSource dataSource, string schema, long transfers, TextWriter log)
    {
        var accounts = (int)Math.Max(1_000, transfers / 10);
        var store = new PostgreSqlLedgerStore(dataSource, new PostgreSqlLedgerOptions { Schema = schema });
        await store.MigrateAsync();
        var ledger = new LoyaltyLedger(store, new Infrastructure.FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));
        await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR);
        var started = Stopwatch.GetTimestamp();
        var imported = await ledger.ImportAccountsAsync(Rows(accounts, transfers, schema + "-"));
        var importSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (imported.Imported != accounts)
        {
            throw new InvalidOperationException($"The import wrote {imported.Imported} of {accounts} accounts.");
        }

        var sale = await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR);
        var hot = (await ledger.FindAccountAsync(schema + "-1", Currency.EUR))!;
        started = Stopwatch.GetTimestamp();
        await DirectLoadAsync(dataSource, schema, transfers / 2, accounts, sale.Id);
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await CheckInvariantsAsync(dataSource, schema);
        log.WriteLine($"  {schema}: {accounts:#,0} accounts imported at {accounts / importSeconds:#,0}/s, {transfers:#,0} transfers loaded in {loadSeconds:0.0} s; invariants hold");
        return new Seeded(schema, ledger, accounts, transfers, accounts / importSeconds, loadSeconds, hot.Id, "o-" + (transfers / 4).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The documented direct load: <paramref name="payments"/> one-cent order payments, half from the hot account.</summary>
    private static async Task DirectLoadAsync(NpgsqlDataSource dataSource, string schema, long payments, int accounts, long saleId)
    {
        var kind = ((int)TransactionKind.OrderPayment).ToString(CultureInfo.InvariantCulture);
        var customer = ((int)AccountKind.Customer).ToString(CultureInfo.InvariantCulture);
        var s = "\"" + schema + "\"";
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        string[] statements =
        [
            $"CREATE TEMP TABLE load_marker ON COMMIT DROP AS SELECT coalesce(max(id), 0) AS after FROM {s}.transactions",
            // Payment g comes from user 1 (the hot account) when g is even, else from user 2 + g mod (accounts - 1).
            $"INSERT INTO {s}.transactions (id, uuid, kind, currency, order_number, user_id, paid, refunded, created_at) " +
            $"SELECT nextval('{s}.transactions_id_seq'), gen_random_uuid(), {kind}, 'EUR', 'o-' || g, " +
            $"CASE WHEN g % 2 = 0 THEN 1 ELSE 2 + g % ({accounts} - 1) END, 1, 0, now() FROM generate_series(1, {payments}) g",
            $"INSERT INTO {s}.transfers (transaction_id, transaction_uuid, kind, account_id, currency, amount, order_number, created_at) " +
            $"SELECT x.id, x.uuid, x.kind, l.account_id, x.currency, l.amount, x.order_number, x.created_at " +
            $"FROM {s}.transactions x JOIN {s}.accounts a ON a.user_id = x.user_id AND a.kind = {customer} " +
            $"CROSS JOIN LATERAL (VALUES (1, a.id, -1::bigint), (2, {saleId}::bigint, 1::bigint)) AS l(leg, account_id, amount) " +
            $"WHERE x.id > (SELECT after FROM load_marker) ORDER BY x.id, l.leg",
            $"UPDATE {s}.accounts a SET balance = a.balance - p.n, version = a.version + p.n, modified_at = now() " +
            $"FROM (SELECT t.account_id, count(*) AS n FROM {s}.transfers t JOIN {s}.transactions x ON x.id = t.transaction_id " +
            $"WHERE x.id > (SELECT after FROM load_marker) AND t.amount < 0 GROUP BY t.account_id) p WHERE a.id = p.account_id",
            $"UPDATE {s}.account_buckets SET balance = balance + {payments}, version = version + {payments}, modified_at = now() WHERE account_id = {saleId} AND bucket = 0",
            $"INSERT INTO {s}.events (position, transaction_id) SELECT (SELECT last FROM {s}.event_positions) + row_number() OVER (ORDER BY x.id), x.id " +
            $"FROM {s}.transactions x WHERE x.id > (SELECT after FROM load_marker)",
            $"UPDATE {s}.event_positions SET last = last + {payments}, transfers = transfers + 2 * {payments}::bigint",
        ];
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        foreach (var table in new[] { "transfers", "transactions", "accounts", "events" })
        {
            await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {s}.{table}", connection) { CommandTimeout = 0 };
            await analyze.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Per currency the balances sum to zero; every balance is the sum of its transfers; nothing that may not go below
    /// zero is below it; every transaction sums to zero; the maintained transfer counts are exact.
    /// </summary>
    private static async Task CheckInvariantsAsync(NpgsqlDataSource dataSource, string schema)
    {
        var s = "\"" + schema + "\"";
        var sql =
            $"SELECT (SELECT count(*) FROM (SELECT currency FROM {s}.account_view GROUP BY currency HAVING sum(balance) <> 0) c) " +
            $"+ (SELECT count(*) FROM {s}.account_view a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM {s}.transfers GROUP BY account_id) t ON t.account_id = a.id WHERE a.balance <> coalesce(t.total, 0)) " +
            $"+ (SELECT count(*) FROM {s}.account_view WHERE NOT debit_allowed AND balance < 0) " +
            $"+ (SELECT count(*) FROM (SELECT transaction_id FROM {s}.transfers GROUP BY transaction_id HAVING sum(amount) <> 0) x) " +
            // The maintained counts (0010_counts_and_buckets.sql): the ledger's transfers, and each account's (version less 1 and its edits).
            $"+ (SELECT count(*) FROM {s}.event_positions WHERE transfers <> (SELECT count(*) FROM {s}.transfers)) " +
            $"+ (SELECT count(*) FROM {s}.account_view v JOIN {s}.accounts a ON a.id = v.id LEFT JOIN (SELECT account_id, count(*) AS n FROM {s}.transfers GROUP BY account_id) t ON t.account_id = v.id " +
            $"WHERE v.version - 1 - a.edits <> coalesce(t.n, 0))";
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        var broken = (long)(await command.ExecuteScalarAsync())!;
        if (broken != 0)
        {
            throw new InvalidOperationException($"{broken} invariant violations in {schema} after the load.");
        }
    }

    private static async Task<double> TimeAsync(Seeded seeded, string query, int repeats)
    {
        var times = new double[repeats];
        for (var i = -2; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var count = await RunQueryAsync(seeded, query);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (count <= 0)
            {
                throw new InvalidOperationException($"{query} on {seeded.Schema} found nothing.");
            }

            if (i >= 0)
            {
                times[i] = elapsed;
            }
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    private static async Task<long> RunQueryAsync(Seeded s, string query) => query switch
    {
        "user_accounts" => (await s.Ledger.ListAccountsAsync(new AccountQuery { UserId = s.Accounts / 2, Limit = PageSize })).TotalCount,
        "account_transfers" => (await s.Ledger.ListTransfersAsync(new TransferQuery { AccountId = s.HotAccount, Limit = PageSize })).TotalCount,
        "account_transfers_p500" => (await s.Ledger.ListTransfersAsync(new TransferQuery { AccountId = s.HotAccount, Skip = (DeepPage - 1) * PageSize, Limit = PageSize })).TotalCount,
        "order_transfers" => (await s.Ledger.ListTransfersAsync(new TransferQuery { OrderNumber = s.Order, Limit = PageSize })).TotalCount,
        "all_transfers" => (await s.Ledger.ListTransfersAsync(new TransferQuery { Limit = PageSize })).TotalCount,
        "all_transactions" => (await s.Ledger.ListTransactionsAsync(new TransactionQuery { Limit = PageSize })).TotalCount,
        _ => throw new ArgumentOutOfRangeException(nameof(query), query, null),
    };
#endif
}
