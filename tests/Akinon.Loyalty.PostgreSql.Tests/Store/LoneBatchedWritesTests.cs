using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// With batching on, a write that finds the store idle is a batch of one, which runs as the unbatched store runs it
/// (the shipped default; this assembly otherwise batches lone writes too): payments, postings, replays, conflicts and
/// refusals come out exactly as they do unbatched, and nothing a refusal touched moved.
/// </summary>
public sealed class LoneBatchedWritesTests
{
    private static readonly Currency Try = Currency.TRY;

    [Fact]
    public async Task A_lone_write_of_a_batched_store_pays_replays_conflicts_and_refuses_as_unbatched()
    {
        await using var store = await PgStores.NewStoreAsync(o => (o.Batching, o.BatchLoneWrites) = (true, false));
        var ledger = PgStores.LedgerOver(store);
        var alice = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1, Balance = Money.Of(30m, Try) });
        var bob = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 2 });

        var request = new OrderPaymentRequest { OrderNumber = "lone-1", UserId = 1, Amount = Money.Of(10m, Try) };
        var paid = await ledger.PayOrderAsync(request);
        (await ledger.PayOrderAsync(request)).Replayed.Should().BeTrue();
        (await Assert.ThrowsAsync<LoyaltyException>(() => ledger.PayOrderAsync(request with { Amount = Money.Of(11m, Try) }).AsTask()))
            .Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(5m, Try) });
        var refund = await ledger.RefundAsync(new RefundRequest { TransactionUuid = paid.Transaction!.Uuid, Amount = 4m });

        var before = await Akinon.Loyalty.Testing.LedgerSnapshot.TakeAsync(ledger);
        (await Assert.ThrowsAsync<LoyaltyException>(() => ledger.TransferAsync(new TransferRequest { SourceAccountId = bob.Id, DestinationAccountId = alice.Id, Amount = Money.Of(6m, Try) }).AsTask()))
            .Code.Should().Be(LoyaltyErrorCode.InsufficientFunds);
        (await Assert.ThrowsAsync<LoyaltyException>(() => ledger.RefundAsync(new RefundRequest { TransactionUuid = paid.Transaction.Uuid, Amount = 7m }).AsTask()))
            .Code.Should().Be(LoyaltyErrorCode.RefundExceedsPayment);
        (await Akinon.Loyalty.Testing.LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue("a refused write changes nothing");

        refund.Amount.Should().Be(Money.Of(4m, Try));
        (await ledger.GetAccountAsync(alice.Id)).Balance.Should().Be(Money.Of(19m, Try), "30 - 10 paid - 5 sent + 4 refunded");
        (await ledger.GetAccountAsync(bob.Id)).Balance.Should().Be(Money.Of(5m, Try));
        (await ledger.ReadEventsAsync(LoyaltyEvent.Start, 100)).Select(e => e.Position).Should().Equal([1L, 2L, 3L, 4L], "the opening, the payment, the transfer and the refund, dense");
        await Invariants.AssertLedgerHoldsAsync(await PostgresServer.DataSourceAsync(), store.Schema);
    }
}
