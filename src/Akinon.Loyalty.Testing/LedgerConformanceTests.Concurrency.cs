namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>Many checkouts of one user at once never spend the same money twice, and spend all of it.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Parallel_checkouts_of_one_user_spend_exactly_what_was_available()
    {
        var (ledger, _) = NewLedger();
        var accounts = new[] { await OpenAsync(ledger, 1, 33.33m), await OpenAsync(ledger, 1, 40m), await OpenAsync(ledger, 1, 26.67m, debitAllowed: true) };
        const int orders = 40;

        var payments = await Task.WhenAll(Enumerable.Range(0, orders).Select(i => Task.Run(async () =>
            await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = $"C-{i}", UserId = 1, Amount = Money.Of(7m, Currency.EUR) }))));

        payments.Sum(p => p.Covered.Amount).Should().Be(100m, "exactly the available money is spent, once");
        payments.Should().OnlyContain(p => p.Covered.Amount + p.Remaining.Amount == 7m);
        payments.Count(p => p.Remaining.IsPositive).Should().BeLessThanOrEqualTo(orders - 14, "14 orders of 7.00 fit in 100.00 when nothing is lost");
        foreach (var account in accounts)
        {
            (await BalanceAsync(ledger, account)).Should().Be(0m);
        }

        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Of(100m, Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Random transfers on shared accounts from several workers keep every invariant.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Parallel_transfers_on_shared_accounts_keep_the_ledger_balanced()
    {
        var (ledger, _) = NewLedger();
        var accounts = new List<Account>();
        for (var i = 0; i < 6; i++)
        {
            accounts.Add(await OpenAsync(ledger, i + 1, 50m, debitAllowed: i == 0));
        }

        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, ConcurrentWorkers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 60; i++)
            {
                var from = accounts[random.Next(accounts.Count)];
                var to = accounts[random.Next(accounts.Count)];
                if (from.Id == to.Id)
                {
                    continue;
                }

                try
                {
                    await ledger.TransferAsync(new TransferRequest { SourceAccountId = from.Id, DestinationAccountId = to.Id, Amount = Money.Of(random.Next(1, 3000) / 100m, Currency.EUR) });
                }
                catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.InsufficientFunds)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })));

        var snapshot = await ShouldBalanceAsync(ledger);
        snapshot.Accounts.Where(a => a.Kind == AccountKind.Customer).Sum(a => a.Balance.Amount).Should().Be(300m, "transfers only move money");
    }

    /// <summary>Concurrent refunds of one payment never give back more than it paid.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Parallel_refunds_never_exceed_the_payment()
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 1, 30m);
        await OpenAsync(ledger, 1, 30m);
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "R", UserId = 1, Amount = Money.Of(50m, Currency.EUR) });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 3m });
                return true;
            }
            catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.RefundExceedsPayment)
            {
                return false;
            }
        })));

        outcomes.Count(ok => ok).Should().Be(16, "16 refunds of 3.00 fit in 50.00");
        (await ledger.ListRefundsAsync("R")).Sum(r => r.Amount.Amount).Should().Be(48m);
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Of(2m, Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Concurrent redemptions of one card: exactly one user gets it.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Parallel_redemptions_of_one_gift_card_have_one_winner()
    {
        var (ledger, _) = NewLedger();
        var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(10m, Currency.EUR) });
        var winners = await Task.WhenAll(Enumerable.Range(1, 10).Select(user => Task.Run(async () =>
        {
            try
            {
                await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, Currency = Currency.EUR, UserId = user });
                return user;
            }
            catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.GiftCardAlreadyRedeemed)
            {
                return 0;
            }
        })));

        var winner = winners.Should().ContainSingle(w => w != 0).Subject;
        (await ledger.GetAccountAsync(card.Id)).UserId.Should().Be(winner);
    }
}
