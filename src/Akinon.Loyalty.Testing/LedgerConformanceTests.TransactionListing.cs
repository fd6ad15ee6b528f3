namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>Transactions are listed newest first with their transfers, filtered by uuid, kind and creation time, paged by skip and cursor.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Transactions_are_listed_newest_first_and_filter_by_uuid_kind_and_creation_time()
    {
        var (ledger, _) = NewLedger(o => o.Enabled = true);
        var alice = await OpenAsync(ledger, 1, 100m);
        var bob = await OpenAsync(ledger, 2, 10m);
        var transfer = await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(5m, Currency.EUR) });
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "O-1", UserId = 1, Amount = Money.Of(30m, Currency.EUR) });
        await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 10m });

        var all = await ledger.ListTransactionsAsync(new TransactionQuery());
        all.TotalCount.Should().Be(5, "two openings, a transfer, a payment and a refund");
        all.Items.Select(t => t.Id).Should().BeInDescendingOrder();
        all.Items.Select(t => t.Kind).Should().Equal(TransactionKind.Refund, TransactionKind.OrderPayment, TransactionKind.Transfer, TransactionKind.Adjustment, TransactionKind.Adjustment);
        all.Items[2].Transfers.Should().HaveCount(2);
        all.Items[2].Uuid.Should().Be(transfer.Uuid);
        all.Items[1].Amount.Should().Be(Money.Of(30m, Currency.EUR));

        (await ledger.ListTransactionsAsync(new TransactionQuery { Uuid = transfer.Uuid })).Items.Should().ContainSingle().Which.Id.Should().Be(transfer.Id);
        (await ledger.ListTransactionsAsync(new TransactionQuery { Uuid = Guid.NewGuid() })).TotalCount.Should().Be(0);
        var adjustments = await ledger.ListTransactionsAsync(new TransactionQuery { Kind = TransactionKind.Adjustment });
        adjustments.TotalCount.Should().Be(2);
        adjustments.Items.Should().OnlyContain(t => t.Kind == TransactionKind.Adjustment);

        // Every bound around every transaction's instant, and one tick past it: the store agrees with TransactionQuery.Matches.
        foreach (var at in all.Items.Select(t => t.CreatedAt))
        {
            foreach (var bound in new[] { at, at.AddTicks(1), at.AddTicks(-1) })
            {
                foreach (var query in new[] { new TransactionQuery { CreatedFrom = bound }, new TransactionQuery { CreatedBefore = bound }, new TransactionQuery { CreatedFrom = bound, CreatedBefore = bound.AddTicks(10) } })
                {
                    var page = await ledger.ListTransactionsAsync(query);
                    page.Items.Select(t => t.Id).Should().Equal(all.Items.Where(query.Matches).Select(t => t.Id), "for {0}", query);
                    page.TotalCount.Should().Be(all.Items.Count(query.Matches));
                }
            }
        }
    }

    /// <summary>Pages by skip and by keyset cursor give the same transactions, and count all matches.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Transactions_page_by_skip_and_by_cursor()
    {
        var (ledger, _) = NewLedger(o => o.Enabled = true);
        for (var i = 1; i <= 5; i++)
        {
            await OpenAsync(ledger, i, i);
        }

        var all = await ledger.ListTransactionsAsync(new TransactionQuery());
        var first = await ledger.ListTransactionsAsync(new TransactionQuery { Limit = 2 });
        first.Items.Select(t => t.Id).Should().Equal(all.Items.Take(2).Select(t => t.Id));
        first.TotalCount.Should().Be(5);
        first.NextCursor.Should().Be(first.Items[^1].Id);
        var byCursor = await ledger.ListTransactionsAsync(new TransactionQuery { Limit = 2, BeforeId = first.NextCursor });
        var bySkip = await ledger.ListTransactionsAsync(new TransactionQuery { Limit = 2, Skip = 2 });
        byCursor.Items.Select(t => t.Id).Should().Equal(bySkip.Items.Select(t => t.Id)).And.Equal(all.Items.Skip(2).Take(2).Select(t => t.Id));
        var last = await ledger.ListTransactionsAsync(new TransactionQuery { Limit = 2, Skip = 4 });
        last.Items.Should().ContainSingle();
        last.NextCursor.Should().BeNull();
        (await ledger.ListTransactionsAsync(new TransactionQuery { Skip = 50 })).Items.Should().BeEmpty();
    }

    /// <summary>A bad limit or skip is refused and changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Transaction_listing_refuses_a_bad_limit_or_skip()
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 1, 10m);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.ListTransactionsAsync(new TransactionQuery { Limit = 0 }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.ListTransactionsAsync(new TransactionQuery { Limit = TransactionQuery.MaxLimit + 1 }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.ListTransactionsAsync(new TransactionQuery { Skip = -1 }).AsTask());
    }
}
