using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// Each hold's money sits in its own bucket of Hold (Functions/hold_bucket.sql): the authorisation credits it there,
/// and its settlement (a full capture, a partial one or a void) takes it from there, so a capture finds a covering
/// bucket by its key instead of scanning Hold's buckets. Any covering bucket is as correct: when the hold's own no
/// longer covers it, the settlement takes another.
/// </summary>
public sealed class HoldBucketTests
{
    private static readonly Currency Eur = Currency.EUR;

    [Fact]
    public async Task Each_bucket_of_Hold_holds_exactly_the_live_holds_it_names_through_captures_partial_captures_and_voids()
    {
        await using var store = await PgStores.NewStoreAsync(o => o.SystemAccountBuckets = 16);
        var ledger = PgStores.LedgerOver(store);
        for (var user = 1; user <= 12; user++)
        {
            await ledger.CreateAccountAsync(new CreateAccountRequest { UserId = user, Currency = Eur, Balance = Money.Of(100m, Eur), Number = $"hb-{user}" });
        }

        for (var user = 1; user <= 12; user++)
        {
            await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = $"hb-order-{user}", UserId = user, Amount = Money.Of(10m + user, Eur) });
        }

        (await MisplacedAsync(store.Schema)).Should().BeEmpty("every authorisation credits its hold's own bucket");

        for (var user = 1; user <= 12; user++)
        {
            var order = $"hb-order-{user}";
            _ = (user % 3) switch
            {
                0 => await ledger.CaptureOrderAsync(order),
                1 => await ledger.CaptureOrderAsync(order, 5m),
                _ => await ledger.VoidOrderAsync(order),
            };
            (await MisplacedAsync(store.Schema)).Should().BeEmpty($"settling {order} takes its money from its own bucket");
        }

        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Eur)).Balance.Should().Be(Money.Zero(Eur));
        await Invariants.AssertLedgerHoldsAsync(store.Schema);
    }

    [Fact]
    public async Task A_full_capture_whose_own_bucket_no_longer_covers_it_takes_another_that_does()
    {
        await using var store = await PgStores.NewStoreAsync(o => o.SystemAccountBuckets = 16);
        var ledger = PgStores.LedgerOver(store);
        await ledger.CreateAccountAsync(new CreateAccountRequest { UserId = 1, Currency = Eur, Balance = Money.Of(100m, Eur), Number = "hb-moved" });
        var hold = await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "hb-moved-order", UserId = 1, Amount = Money.Of(40m, Eur) });

        // The hold's money moved to the next bucket, Hold's total unchanged (as a batch, which credits its holds to
        // one bucket, or a spread of the buckets would leave it).
        var s = $"\"{store.Schema}\"";
        await using (var move = (await PostgresServer.DataSourceAsync()).CreateCommand(
            $"WITH own AS (SELECT h.id AS account, {s}.hold_bucket(@hold, h.buckets) AS bucket, h.buckets FROM {s}.accounts h WHERE h.kind = @kind) " +
            $"UPDATE {s}.account_buckets b SET balance = b.balance + CASE WHEN b.bucket = own.bucket THEN -4000 ELSE 4000 END " +
            $"FROM own WHERE b.account_id = own.account AND b.bucket IN (own.bucket, (own.bucket + 1) % own.buckets)"))
        {
            move.Parameters.AddWithValue("hold", hold.Transaction!.Uuid);
            move.Parameters.AddWithValue("kind", (short)AccountKind.Hold);
            (await move.ExecuteNonQueryAsync()).Should().Be(2);
        }

        var capture = await ledger.CaptureOrderAsync("hb-moved-order");

        capture.Captured.Should().Be(Money.Of(40m, Eur));
        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Eur)).Balance.Should().Be(Money.Zero(Eur));
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Eur)).Balance.Should().Be(Money.Of(40m, Eur));
        await Invariants.AssertLedgerHoldsAsync(store.Schema);
    }

    /// <summary>The buckets of Hold whose balance is not the sum of the live holds that name them.</summary>
    private static async Task<List<string>> MisplacedAsync(string schema)
    {
        var s = $"\"{schema}\"";
        return await PgStores.QueryAsync(
            $"WITH hold AS (SELECT id, buckets FROM {s}.accounts WHERE kind = {(int)AccountKind.Hold}), " +
            $"live AS (SELECT {s}.hold_bucket(x.uuid, hold.buckets) AS bucket, -sum(t.amount) FILTER (WHERE t.account_id <> hold.id) AS held " +
            $"  FROM {s}.transactions x CROSS JOIN hold JOIN {s}.transfers t ON t.transaction_id = x.id " +
            $" WHERE x.kind = {(int)TransactionKind.Authorization} AND NOT EXISTS (SELECT 1 FROM {s}.transactions z WHERE z.payment_uuid = x.uuid) GROUP BY 1) " +
            $"SELECT b.bucket, b.balance, coalesce(live.held, 0) FROM {s}.account_buckets b JOIN hold ON hold.id = b.account_id " +
            $"LEFT JOIN live ON live.bucket = b.bucket WHERE b.balance <> coalesce(live.held, 0)",
            r => $"bucket {r.GetInt16(0)} holds {r.GetInt64(1)}, its live holds {r.GetInt64(2)}");
    }
}
