using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// Migration 0010 on a schema written before it: the transfer counts the writers keep are backfilled exactly (edits
/// that posted nothing included) and stay exact as writing goes on; buckets of an account that may not go below zero
/// that were below zero are spread evenly, their total unchanged.
/// </summary>
public sealed class CountsAndBucketsMigrationTests
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
        await using var upgraded = await PgStores.MigratedAgainAsync(
            store,
            $"ALTER TABLE \"{store.Schema}\".accounts DROP COLUMN edits; ALTER TABLE \"{store.Schema}\".event_positions DROP COLUMN transfers; " +
            $"DELETE FROM \"{store.Schema}\".schema_migrations WHERE version = 10");
        var after = PgStores.LedgerOver(upgraded);
        await ShouldCountExactlyAsync(after);

        await after.UpdateAccountAsync(bob.Id, new UpdateAccountRequest { Balance = Money.Of(1m, Try) });
        await after.TransferAsync(new TransferRequest { SourceAccountId = bob.Id, DestinationAccountId = alice.Id, Amount = Money.Of(1m, Try) });
        await ShouldCountExactlyAsync(after);
        (await after.ListTransfersAsync(new TransferQuery { AccountId = bob.Id })).TotalCount.Should().Be(3, "the transfer in, the adjustment and the transfer out; the two edits posted nothing");
    }

    [Fact]
    public async Task Buckets_below_zero_of_an_account_that_may_not_go_below_zero_are_spread_evenly()
    {
        await using var store = await PgStores.NewStoreAsync();
        var ledger = PgStores.LedgerOver(store);
        await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1, Balance = Money.Of(30m, Try) });
        await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "b-1", UserId = 1, Amount = Money.Of(10m, Try) });
        var sale = await ledger.GetSystemAccountAsync(AccountKind.Sale, Try);

        // As an earlier release could leave them: Sale's 10.00 as -3.00 on one bucket and 13.00 on another.
        var s = $"\"{store.Schema}\"";
        await using var upgraded = await PgStores.MigratedAgainAsync(
            store,
            $"UPDATE {s}.account_buckets SET balance = 0 WHERE account_id = {sale.Id}; UPDATE {s}.account_buckets SET balance = -300 WHERE account_id = {sale.Id} AND bucket = 0; " +
            $"UPDATE {s}.account_buckets SET balance = 1300 WHERE account_id = {sale.Id} AND bucket = 1; " +
            $"ALTER TABLE {s}.accounts DROP COLUMN edits; ALTER TABLE {s}.event_positions DROP COLUMN transfers; DELETE FROM {s}.schema_migrations WHERE version = 10");

        var buckets = await PgStores.QueryAsync($"SELECT balance FROM {s}.account_buckets WHERE account_id = {sale.Id} ORDER BY bucket", r => r.GetInt64(0));
        buckets.Sum().Should().Be(1000, "the total is unchanged");
        buckets.Should().OnlyContain(b => b >= 0).And.Subject.Max().Should().BeLessThanOrEqualTo(buckets.Min() + 1, "spread evenly");
        await Invariants.AssertLedgerHoldsAsync(await PostgresServer.DataSourceAsync(), store.Schema);
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
