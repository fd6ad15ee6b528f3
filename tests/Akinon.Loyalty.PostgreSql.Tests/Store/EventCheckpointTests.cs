using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>A dispatcher's checkpoint is a row: it outlives the store instance (and the process) that saved it.</summary>
public sealed class EventCheckpointTests
{
    [Fact]
    public async Task A_saved_checkpoint_is_read_back_by_another_store_on_the_schema()
    {
        await using var store = await PgStores.NewStoreAsync();
        (await store.GetCheckpointAsync("crm", default)).Should().Be(LoyaltyEvent.Start);
        await store.SaveCheckpointAsync("crm", 7, default);
        await store.SaveCheckpointAsync("warehouse", 2, default);

        await using var restarted = new PostgreSqlLedgerStore(await PostgresServer.DataSourceAsync(), new PostgreSqlLedgerOptions { Schema = store.Schema });
        (await restarted.GetCheckpointAsync("crm", default)).Should().Be(7);
        await restarted.SaveCheckpointAsync("crm", 9, default);
        (await store.GetCheckpointAsync("crm", default)).Should().Be(9);
        (await store.GetCheckpointAsync("warehouse", default)).Should().Be(2);
    }

    [Fact]
    public async Task A_schema_migrated_with_history_gets_its_past_transactions_as_events()
    {
        await using var store = await PgStores.NewStoreAsync();
        var ledger = PgStores.LedgerOver(store);
        await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.TRY, UserId = 1, Balance = Money.Of(3m, Currency.TRY) });
        await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.TRY, UserId = 2, Balance = Money.Of(4m, Currency.TRY) });
        var before = await ledger.ReadEventsAsync(LoyaltyEvent.Start, 10);

        // As if the schema predated migration 0004: no events, no counter (nor 0010's counts, which extend it), then migrate again.
        await using var upgraded = await PgStores.MigratedAgainAsync(
            store,
            $"DROP TABLE \"{store.Schema}\".events, \"{store.Schema}\".event_positions, \"{store.Schema}\".event_checkpoints; ALTER TABLE \"{store.Schema}\".accounts DROP COLUMN edits; " +
            $"DELETE FROM \"{store.Schema}\".schema_migrations WHERE version IN (4, 10)");
        var after = PgStores.LedgerOver(upgraded);
        await after.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.TRY, UserId = 3, Balance = Money.Of(5m, Currency.TRY) });

        var events = await after.ReadEventsAsync(LoyaltyEvent.Start, 10);
        events.Select(e => e.Position).Should().Equal(1L, 2L, 3L);
        events.Take(2).Select(e => e.Transaction.Uuid).Should().Equal(before.Select(e => e.Transaction.Uuid));
    }
}
