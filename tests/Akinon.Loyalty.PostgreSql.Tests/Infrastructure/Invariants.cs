using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

/// <summary>The ledger's master invariants, checked on the rows under a store.</summary>
public static class Invariants
{
    /// <summary>Checks a schema on the shared test server.</summary>
    public static async Task AssertHoldAsync(string schema) => await AssertHoldAsync(await PostgresServer.DataSourceAsync(), schema);

    /// <summary>Checks a schema on the server behind <paramref name="dataSource"/>.</summary>
    public static async Task AssertHoldAsync(NpgsqlDataSource dataSource, string schema)
    {
        var s = $"\"{schema}\"";
        Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read) => PgStores.QueryAsync(dataSource, sql, read);

        var sums = await QueryAsync($"SELECT currency, sum(balance)::text FROM {s}.account_view GROUP BY currency", r => (Currency: r.GetString(0), Sum: r.GetString(1)));
        sums.Should().OnlyContain(x => x.Sum == "0", "per currency the balances of all accounts sum to zero");

        var drift = await QueryAsync(
            $"SELECT a.id, a.balance, coalesce((SELECT sum(t.amount) FROM {s}.transfers t WHERE t.account_id = a.id), 0)::bigint FROM {s}.account_view a "
            + $"WHERE a.balance <> coalesce((SELECT sum(t.amount) FROM {s}.transfers t WHERE t.account_id = a.id), 0)",
            r => $"account {r.GetInt64(0)} has {r.GetInt64(1)} but its transfers sum to {r.GetInt64(2)}");
        drift.Should().BeEmpty("every balance equals the sum of its transfers");

        var negative = await QueryAsync($"SELECT id, balance FROM {s}.account_view WHERE NOT debit_allowed AND balance < 0", r => $"account {r.GetInt64(0)}: {r.GetInt64(1)}");
        negative.Should().BeEmpty("no account without debit goes below zero");

        var unbalanced = await QueryAsync(
            $"SELECT x.uuid::text FROM {s}.transactions x LEFT JOIN {s}.transfers t ON t.transaction_id = x.id GROUP BY x.uuid HAVING count(t.id) < 2 OR sum(t.amount) <> 0",
            r => r.GetString(0));
        unbalanced.Should().BeEmpty("every transaction is whole: at least two transfers summing to zero");

        var orphans = await QueryAsync($"SELECT count(*) FROM {s}.transfers t WHERE NOT EXISTS (SELECT 1 FROM {s}.accounts a WHERE a.id = t.account_id)", r => r.GetInt64(0));
        orphans.Single().Should().Be(0, "every transfer moves an existing account");

        var overRefunded = await QueryAsync(
            $"SELECT x.uuid::text FROM {s}.transactions x WHERE x.kind = 2 AND (x.refunded > x.paid OR x.refunded <> coalesce((SELECT sum(t.amount) FROM {s}.transactions r JOIN {s}.transfers t ON t.transaction_id = r.id WHERE r.payment_uuid = x.uuid AND r.kind = 3 AND t.amount > 0), 0))",
            r => r.GetString(0));
        overRefunded.Should().BeEmpty("a payment's refunded total is what its refunds gave back, and never more than it paid");

        var belowZeroBuckets = await QueryAsync(
            $"SELECT b.account_id, b.bucket, b.balance FROM {s}.account_buckets b JOIN {s}.accounts a ON a.id = b.account_id WHERE NOT a.debit_allowed AND b.balance < 0",
            r => $"account {r.GetInt64(0)} bucket {r.GetInt16(1)}: {r.GetInt64(2)}");
        belowZeroBuckets.Should().BeEmpty("every bucket of an account that may not go below zero is at or above zero (the rule lock-free debits rely on)");

        var miscounted = await QueryAsync(
            $"SELECT v.id, v.version - 1 - a.edits, (SELECT count(*) FROM {s}.transfers t WHERE t.account_id = v.id) FROM {s}.account_view v JOIN {s}.accounts a ON a.id = v.id "
            + $"WHERE v.version - 1 - a.edits <> (SELECT count(*) FROM {s}.transfers t WHERE t.account_id = v.id)",
            r => $"account {r.GetInt64(0)} counts {r.GetInt64(1)} transfers but has {r.GetInt64(2)}");
        miscounted.Should().BeEmpty("an account's version less 1 and its edits is its number of transfers");
        var counted = await QueryAsync($"SELECT transfers, (SELECT count(*) FROM {s}.transfers) FROM {s}.event_positions", r => (Kept: r.GetInt64(0), Actual: r.GetInt64(1)));
        counted.Should().OnlyContain(c => c.Kept == c.Actual, "the ledger's transfer count is exact");

    }

    /// <summary>
    /// The master invariants plus the ledger's rule for Sale: per currency it holds what orders paid minus what was
    /// refunded (Sale is never a party to a manual transfer). Only for schemas written through the ledger: a store's
    /// contract alone lets a draft move Sale.
    /// </summary>
    public static async Task AssertLedgerHoldsAsync(NpgsqlDataSource dataSource, string schema)
    {
        await AssertHoldAsync(dataSource, schema);
        var s = $"\"{schema}\"";

        var sale = await PgStores.QueryAsync(
            dataSource,
            $"SELECT a.currency, a.balance, coalesce((SELECT sum(x.paid - x.refunded) FROM {s}.transactions x WHERE x.kind = 2 AND x.currency = a.currency), 0)::bigint "
            + $"FROM {s}.account_view a WHERE a.kind = 10",
            r => (Currency: r.GetString(0), Balance: r.GetInt64(1), Owed: r.GetInt64(2)));
        sale.Where(x => x.Balance != x.Owed).Should().BeEmpty("per currency Sale holds what orders paid minus what was refunded, nothing else");
    }

    /// <summary><see cref="AssertLedgerHoldsAsync(NpgsqlDataSource, string)"/> on the shared test server.</summary>
    public static async Task AssertLedgerHoldsAsync(string schema) => await AssertLedgerHoldsAsync(await PostgresServer.DataSourceAsync(), schema);
}
