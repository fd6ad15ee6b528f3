namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>
    /// Every transfer of a customer account carries its balance right after it, whichever write posted it (opening,
    /// transfer, payment, refund, balance change); system accounts' transfers carry none.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Every_customer_transfer_carries_the_balance_after_it()
    {
        var (ledger, _) = NewLedger();
        var alice = await OpenAsync(ledger, 1, 100);
        var bob = await OpenAsync(ledger, 2, 0);

        var transfer = await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(30, Currency.EUR) });
        transfer.Transfers.Single(t => t.AccountId == alice.Id).BalanceAfter.Should().Be(Money.Of(70, Currency.EUR), "the posted transaction says so at once");
        transfer.Transfers.Single(t => t.AccountId == bob.Id).BalanceAfter.Should().Be(Money.Of(30, Currency.EUR));

        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "S-1", UserId = 1, Amount = Money.Of(50, Currency.EUR) });
        payment.Transaction!.Transfers.Single(t => t.AccountId == alice.Id).BalanceAfter.Should().Be(Money.Of(20, Currency.EUR));
        payment.Transaction.Transfers.Single(t => t.Amount.IsPositive).BalanceAfter.Should().BeNull("Sale is a system account");

        var refund = await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction.Uuid, Amount = 15m });
        refund.Transfers.Single(t => t.AccountId == alice.Id).BalanceAfter.Should().Be(Money.Of(35, Currency.EUR));
        await ledger.UpdateAccountAsync(bob.Id, new UpdateAccountRequest { Balance = Money.Of(12.5m, Currency.EUR) });
        var replay = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "S-1", UserId = 1, Amount = Money.Of(50, Currency.EUR) });
        replay.Transaction!.Transfers.Single(t => t.AccountId == alice.Id).BalanceAfter.Should().Be(Money.Of(20, Currency.EUR), "a replay reads what was stored");

        var snapshot = await ShouldBalanceAsync(ledger);
        snapshot.Transfers.Where(t => t.AccountId == alice.Id).OrderBy(t => t.Id).Select(t => t.BalanceAfter!.Value.Amount).Should().Equal(100m, 70m, 20m, 35m);
        snapshot.Transfers.Where(t => t.AccountId == bob.Id).OrderBy(t => t.Id).Select(t => t.BalanceAfter!.Value.Amount).Should().Equal(30m, 12.5m);
        snapshot.Transfers.Where(t => snapshot.Accounts.Single(a => a.Id == t.AccountId).Kind.IsSystem()).Should().OnlyContain(t => t.BalanceAfter == null);
    }

    /// <summary>A gift card's funding and its spending carry the card's balance after each.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_gift_card_transfers_carry_the_balance_after_them()
    {
        var (ledger, _) = NewLedger();
        var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(40, Currency.EUR) });
        await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, UserId = 5, Currency = Currency.EUR });
        await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "S-2", UserId = 5, Amount = Money.Of(15, Currency.EUR) });

        var snapshot = await ShouldBalanceAsync(ledger);
        snapshot.Transfers.Where(t => t.AccountId == card.Id).OrderBy(t => t.Id).Select(t => t.BalanceAfter!.Value.Amount).Should().Equal(40m, 25m);
    }

    /// <summary>The balance-after invariant is part of every balance check: a transfer whose balance after is not the running sum, or a system account's transfer that carries one, is reported.</summary>
    [Fact]
    public void A_snapshot_reports_a_balance_after_that_is_not_the_running_sum()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var bank = new Account { Id = 1, Number = "B", Currency = Currency.EUR, Kind = AccountKind.Bank, DebitAllowed = true, Balance = Money.Of(-8, Currency.EUR), CreatedAt = at, ModifiedAt = at, Version = 3 };
        var payer = new Account { Id = 2, Number = "P", Currency = Currency.EUR, Kind = AccountKind.Customer, UserId = 1, DebitAllowed = false, Balance = Money.Of(8, Currency.EUR), CreatedAt = at, ModifiedAt = at, Version = 3 };
        Transfer Leg(long id, long account, decimal amount, Guid uuid, decimal? after) => new()
        {
            Id = id, AccountId = account, Amount = Money.Of(amount, Currency.EUR), TransactionUuid = uuid, TransactionKind = TransactionKind.Adjustment, CreatedAt = at,
            BalanceAfter = after is { } a ? Money.Of(a, Currency.EUR) : null,
        };
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var right = new LedgerSnapshot { Accounts = [bank, payer], Transfers = [Leg(4, 2, 3, second, 8), Leg(3, 1, -3, second, null), Leg(2, 2, 5, first, 5), Leg(1, 1, -5, first, null)] };
        right.Violations().Should().BeEmpty();

        var wrong = right with { Transfers = [Leg(4, 2, 3, second, 3), Leg(3, 1, -3, second, null), Leg(2, 2, 5, first, 5), Leg(1, 1, -5, first, -5)] };
        wrong.Violations().Should().HaveCount(2).And.Contain(v => v.Contains("Transfer 4 ", StringComparison.Ordinal)).And.Contain(v => v.Contains("Transfer 1 ", StringComparison.Ordinal));
    }
}
