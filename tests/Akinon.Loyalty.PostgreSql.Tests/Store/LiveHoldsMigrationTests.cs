using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// The live holds (migration 0012 and Functions/track_live_hold.sql): a schema written before them gets its live holds
/// backfilled, none of its settled ones (a refund of a captured hold settles nothing more); a settled hold's row is
/// deleted by the first listing after its expiry; the trigger is created again when its function changes.
/// </summary>
public sealed class LiveHoldsMigrationTests
{
    private static readonly Currency Try = Currency.TRY;

    [Fact]
    public async Task A_schema_written_before_live_holds_gets_its_live_holds_and_only_those()
    {
        await using var store = await PgStores.NewStoreAsync();
        var ledger = PgStores.LedgerOver(store);
        await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1, Balance = Money.Of(100m, Try) });
        foreach (var order in new[] { "live-1", "live-2", "captured", "partly", "voided", "refunded" })
        {
            await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = order, UserId = 1, Amount = Money.Of(5m, Try) }, TimeSpan.FromMinutes(1));
        }

        await ledger.CaptureOrderAsync("captured");
        await ledger.CaptureOrderAsync("partly", 2m);
        await ledger.VoidOrderAsync("voided");
        var capture = await ledger.CaptureOrderAsync("refunded");
        await ledger.RefundAsync(new RefundRequest { TransactionUuid = capture.Transaction.Uuid, Amount = 1m });
        capture.Transaction.Kind.Should().Be(TransactionKind.OrderPayment);

        // As if the schema predated migration 0012: no table, no trigger; then migrate again.
        var s = $"\"{store.Schema}\"";
        await using var upgraded = await PgStores.MigratedAgainAsync(
            store,
            $"DROP TABLE {s}.live_holds; DROP FUNCTION {s}.track_live_hold() CASCADE; " +
            $"DELETE FROM {s}.schema_migrations WHERE version = 12; DELETE FROM {s}.schema_objects WHERE name = 'track_live_hold'");

        var later = DateTimeOffset.UtcNow.AddHours(1);
        (await upgraded.ListExpiredHoldsAsync(later, 100, default)).Should().BeEquivalentTo(["live-1", "live-2"]);
        var after = PgStores.LedgerOver(upgraded);
        await after.VoidOrderAsync("live-1");
        (await upgraded.ListExpiredHoldsAsync(later, 100, default)).Should().Equal(["live-2"], "a settled hold is not listed");
        (await PgStores.QueryAsync($"SELECT order_number FROM {s}.live_holds", r => r.GetString(0))).Should().Equal(["live-2"], "the listing deleted the settled hold's row as it passed it");
        await after.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "after", UserId = 1, Amount = Money.Of(5m, Try) }, TimeSpan.FromMinutes(1));
        (await upgraded.ListExpiredHoldsAsync(later, 100, default)).Should().BeEquivalentTo(["live-2", "after"], "the trigger writes the table after the upgrade");
        await after.CaptureOrderAsync("after");
        (await upgraded.ListExpiredHoldsAsync(DateTimeOffset.UtcNow, 100, default)).Should().BeEmpty("neither has expired yet");
        (await PgStores.QueryAsync($"SELECT count(*) FROM {s}.live_holds", r => r.GetInt64(0))).Should().Equal([2L], "a settled hold's row waits for its expiry, so a capture writes nothing to the table");
        (await upgraded.ListExpiredHoldsAsync(later, 100, default)).Should().Equal(["live-2"]);
        await Invariants.AssertLedgerHoldsAsync(await PostgresServer.DataSourceAsync(), store.Schema);
    }

    [Fact]
    public async Task A_changed_trigger_function_is_applied_again_with_its_trigger()
    {
        await using var store = await PgStores.NewStoreAsync();
        var s = $"\"{store.Schema}\"";
        await PgStores.QueryAsync($"UPDATE {s}.schema_objects SET checksum = 'stale' WHERE name = 'track_live_hold' RETURNING 1", r => r.GetInt32(0));

        await store.MigrateAsync();

        (await PgStores.QueryAsync(
            $"SELECT count(*) FROM pg_trigger WHERE tgrelid = '{s}.transactions'::regclass AND tgname = 'transactions_live_holds'",
            r => r.GetInt64(0))).Should().Equal(1L);
        var ledger = PgStores.LedgerOver(store);
        await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1, Balance = Money.Of(10m, Try) });
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "h", UserId = 1, Amount = Money.Of(5m, Try) }, TimeSpan.FromMinutes(1));
        (await store.ListExpiredHoldsAsync(DateTimeOffset.UtcNow.AddHours(1), 10, default)).Should().Equal("h");
    }
}
