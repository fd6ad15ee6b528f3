using System.Collections.Concurrent;

namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>Every posted transaction is one event, in order, positions 1, 2, 3…; refusals and replays add none.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task The_event_feed_is_every_posted_transaction_once_in_order_without_gaps()
    {
        var (ledger, _) = NewLedger();
        var a = await OpenAsync(ledger, 1, 50m);
        var b = await OpenAsync(ledger, 2, 0m);
        var transfer = new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(5m, Currency.EUR), IdempotencyKey = "t-1" };
        await ledger.TransferAsync(transfer);
        await ledger.TransferAsync(transfer);
        await Assert.ThrowsAsync<LoyaltyException>(() => ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(500m, Currency.EUR) }).AsTask());
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "E-1", UserId = 1, Amount = Money.Of(20m, Currency.EUR) });
        await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 4m });
        await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(3m, Currency.EUR) });
        await ledger.UpdateAccountAsync(b.Id, new UpdateAccountRequest { Balance = Money.Of(1m, Currency.EUR) });

        var events = await ReadAllEventsAsync(ledger, batch: 2);
        var snapshot = await LedgerSnapshot.TakeAsync(ledger);

        events.Select(e => e.Position).Should().Equal(Enumerable.Range(1, events.Count).Select(static p => (long)p));
        events.Select(e => e.Transaction.Kind).Should().Equal(
            TransactionKind.Adjustment, TransactionKind.Transfer, TransactionKind.OrderPayment, TransactionKind.Refund, TransactionKind.GiftCardIssue, TransactionKind.Adjustment);
        events.SelectMany(e => e.Transaction.Transfers).Select(t => t.Id).Should().BeEquivalentTo(snapshot.Transfers.Select(t => t.Id), "the events carry every transfer, once");
        events.Should().OnlyContain(e => e.Transaction.Transfers.Count >= 2 && e.Transaction.Transfers.Sum(t => t.Amount.Amount) == 0m);
        events[2].Transaction.Uuid.Should().Be(payment.Transaction.Uuid);
        (await ledger.ReadEventsAsync(events[^1].Position, 10)).Should().BeEmpty("nothing is newer than the last event");
        (await ledger.ReadEventsAsync(3, 2)).Select(e => e.Position).Should().Equal(4L, 5L);
    }

    /// <summary>A reader tailing the feed while many writers post sees every event once, in position order, none skipped.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_reader_tailing_concurrent_writers_misses_no_event()
    {
        var (ledger, _) = NewLedger();
        var accounts = new List<Account>();
        for (var i = 0; i < 4; i++)
        {
            accounts.Add(await OpenAsync(ledger, i + 1, 1000m));
        }

        var seen = new List<LoyaltyEvent>();
        var writing = true;
        var reader = Task.Run(async () =>
        {
            var last = LoyaltyEvent.Start;
            while (Volatile.Read(ref writing) || (await ledger.ReadEventsAsync(last, 1)).Count > 0)
            {
                foreach (var e in await ledger.ReadEventsAsync(last, 50))
                {
                    e.Position.Should().Be(last + 1, "a tailing reader never meets a gap");
                    seen.Add(e);
                    last = e.Position;
                }
            }
        });

        var posted = new ConcurrentBag<Guid>();
        await Task.WhenAll(Enumerable.Range(0, ConcurrentWorkers).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var from = accounts[(worker + i) % accounts.Count];
                var to = accounts[(worker + i + 1) % accounts.Count];
                var transaction = i % 5 == 0
                    ? (await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = $"W{worker}-{i}", UserId = from.UserId!.Value, Amount = Money.Of(1m, Currency.EUR) })).Transaction!
                    : await ledger.TransferAsync(new TransferRequest { SourceAccountId = from.Id, DestinationAccountId = to.Id, Amount = Money.Of(0.5m, Currency.EUR) });
                posted.Add(transaction.Uuid);
            }
        })));
        Volatile.Write(ref writing, false);
        await reader;

        var all = await ReadAllEventsAsync(ledger, batch: LoyaltyEvent.MaxLimit);
        all.Select(e => e.Position).Should().Equal(Enumerable.Range(1, all.Count).Select(static p => (long)p));
        all.Should().HaveCount(accounts.Count + (ConcurrentWorkers * 25), "one event per opening balance and per posted write");
        all.Select(e => e.Transaction.Uuid).Should().Contain(posted).And.OnlyHaveUniqueItems();
        seen.Select(e => (e.Position, e.Transaction.Uuid)).Should().Equal(all.Select(e => (e.Position, e.Transaction.Uuid)), "the tailing reader saw the very feed, in order");
    }

    /// <summary>A negative position or a limit out of range is refused and changes nothing.</summary>
    /// <param name="after">The position to read after.</param>
    /// <param name="limit">The limit.</param>
    /// <returns>A task.</returns>
    [Theory]
    [InlineData(-1L, 10)]
    [InlineData(0L, 0)]
    [InlineData(0L, LoyaltyEvent.MaxLimit + 1)]
    public async Task Reading_events_with_bad_bounds_is_refused(long after, int limit)
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 1, 5m);

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.ReadEventsAsync(after, limit).AsTask());
        (await ledger.ReadEventsAsync(LoyaltyEvent.Start, 10)).Should().ContainSingle();
    }

    private static async Task<List<LoyaltyEvent>> ReadAllEventsAsync(ILoyaltyLedger ledger, int batch)
    {
        var all = new List<LoyaltyEvent>();
        while (true)
        {
            var page = await ledger.ReadEventsAsync(all.Count == 0 ? LoyaltyEvent.Start : all[^1].Position, batch);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
        }
    }
}
