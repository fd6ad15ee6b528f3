using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// The transfer counts the writers keep (migration 0010): a schema written before it gets them backfilled, exact,
/// edits that posted nothing included, and they stay exact as writing goes on.
/// </summary>
public sealed class TransferCountTests
{
    private static readonly Currency Try = Currency.TRY;

    [Fact]
    public async Task A_schema_written_before_the_counts_gets_them_backfilled_exactly()
    {
        await using var store = await PgStores.NewStoreAsync();
        var ledger = PgStores.LedgerOver(store);
        var alice = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1, Balance = Money.Of(30m, Try) });
        var bob = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 2 });
        await ledger.UpdateAccountAsync(bob.Id, new UpdateAccountRequest { UserEmail = "bob@example.com" });
        await ledger.UpdateAccountAsync(bob.Id, new UpdateAccountRequest { UserEmail = "bob@example.org" });
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(5m, Try) });
        await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "b-1", UserId = 1, Amount = Money.Of(10m, Try) });

        // As if the schema predated migration 0010: no counts, then migrate again.
        await PgStores.QueryAsync(
            $"ALTER TABLE \"{store.Schema}\".accounts DROP COLUMN edits; ALTER TABLE \"{store.Schema}\".event_positions DROP COLUMN transfers; " +
            $"DELETE FROM \"{store.Schema}\".schema_migrations WHERE version = 10; SELECT 1",
            r => r.GetInt32(0));
        await using var upgraded = new PostgreSqlLedgerStore(await PostgresServer.DataSourceAsync(), new PostgreSqlLedgerOptions { Schema = store.Schema });
        await upgraded.MigrateAsync();
        var after = PgStores.LedgerOver(upgraded);
        await ShouldCountExactlyAsync(after);

        await after.UpdateAccountAsync(bob.Id, new UpdateAccountRequest { Balance = Money.Of(1m, Try) });
        await after.TransferAsync(new TransferRequest { SourceAccountId = bob.Id, DestinationAccountId = alice.Id, Amount = Money.Of(1m, Try) });
        await ShouldCountExactlyAsync(after);
        (await after.ListTransfersAsync(new TransferQuery { AccountId = bob.Id })).TotalCount.Should().Be(3, "the transfer in, the adjustment and the transfer out; the two edits posted nothing");
    }

    private static async Task ShouldCountExactlyAsync(ILoyaltyLedger ledger)
    {
        var all = await ledger.ListTransfersAsync(new TransferQuery { Limit = TransferQuery.MaxLimit });
        all.NextCursor.Should().BeNull();
        all.TotalCount.Should().Be(all.Items.Count);
        foreach (var accountId in all.Items.Select(t => t.AccountId).Distinct())
        {
            (await ledger.ListTransfersAsync(new TransferQuery { AccountId = accountId, Limit = 1 })).TotalCount
                .Should().Be(all.Items.Count(t => t.AccountId == accountId), $"account {accountId}");
        }
    }
}
