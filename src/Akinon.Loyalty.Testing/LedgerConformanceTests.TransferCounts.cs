namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>
    /// The count a transfer listing carries is exact, unfiltered and by account, through every kind of write and
    /// through edits that post nothing (a store may keep these counts as it writes rather than count them).
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Transfer_counts_stay_exact_through_edits_holds_refunds_gift_cards_imports_and_expiry()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var alice = await OpenAsync(ledger, 1, 100m);
        var empty = await OpenAsync(ledger, 1, 0m);
        await ShouldCountExactlyAsync(ledger);

        // Edits: one that posts nothing (the version moves, no transfer), one with an adjustment (one transfer), one refused.
        await ledger.UpdateAccountAsync(empty.Id, new UpdateAccountRequest { UserEmail = "edited@example.com" });
        await ledger.UpdateAccountAsync(empty.Id, new UpdateAccountRequest { Balance = Money.Of(7m, Currency.EUR) });
        await Assert.ThrowsAsync<LoyaltyException>(() => ledger.UpdateAccountAsync(alice.Id, new UpdateAccountRequest { Balance = Money.Of(-1m, Currency.EUR) }).AsTask());
        await ShouldCountExactlyAsync(ledger);

        var paid = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "C-1", UserId = 1, Amount = Money.Of(50m, Currency.EUR) });
        await ledger.RefundAsync(new RefundRequest { TransactionUuid = paid.Transaction!.Uuid, Amount = 5m });
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "C-2", UserId = 1, Amount = Money.Of(20m, Currency.EUR) });
        await ledger.CaptureOrderAsync("C-2", 15m);
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "C-3", UserId = 1, Amount = Money.Of(10m, Currency.EUR) });
        await ledger.VoidOrderAsync("C-3");
        var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(30m, Currency.EUR), ExpiresAt = ExpiryEpoch.AddDays(1) });
        await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, Currency = Currency.EUR, UserId = 2 });
        await ShouldCountExactlyAsync(ledger);

        await ledger.ImportAccountsAsync([Row("counted-1", 3, 4m), Row("counted-2", 3, 0m), Row("counted-3", 4, 2.5m)]);
        clock.Advance(TimeSpan.FromDays(2));
        (await ledger.ExpireDueAsync(clock.GetUtcNow())).Should().ContainSingle("the gift card expired with money on it");
        await ShouldCountExactlyAsync(ledger);
    }

    /// <summary>Every account's transfer count and the unfiltered one equal the transfers actually listed.</summary>
    private static async Task ShouldCountExactlyAsync(ILoyaltyLedger ledger)
    {
        var snapshot = await ShouldBalanceAsync(ledger);
        (await ledger.ListTransfersAsync(new TransferQuery { Limit = 1 })).TotalCount.Should().Be(snapshot.Transfers.Count);
        foreach (var account in snapshot.Accounts)
        {
            (await ledger.ListTransfersAsync(new TransferQuery { AccountId = account.Id, Limit = 1 })).TotalCount
                .Should().Be(snapshot.Transfers.Count(t => t.AccountId == account.Id), $"account {account.Id} ({account.Kind})");
        }

        (await ledger.ListTransfersAsync(new TransferQuery { AccountId = long.MaxValue })).TotalCount.Should().Be(0, "an account that does not exist has no transfers");
    }
}
