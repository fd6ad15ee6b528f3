using Akinon.Loyalty.Storage;

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

    /// <summary>A draft with several legs on one account gives each leg its own balance after it, in leg order, and the statement lists them all.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Legs_on_one_account_of_one_draft_each_carry_their_own_balance_after()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var store = CreateStore();
        var ledger = new LoyaltyLedger(store, new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()), clock);
        var payer = await OpenAsync(ledger, 1, 10);
        var payee = await OpenAsync(ledger, 2, 0);
        clock.Advance(TimeSpan.FromMinutes(1));
        var posted = await store.PostAsync(
            new TransactionDraft
            {
                Uuid = Guid.NewGuid(),
                Kind = TransactionKind.Transfer,
                Currency = Currency.EUR,
                CreatedAt = clock.GetUtcNow(),
                Legs = [new LegDraft(payer.Id, -300), new LegDraft(payee.Id, 500), new LegDraft(payer.Id, -200), new LegDraft(payee.Id, -50), new LegDraft(payer.Id, 50)],
            },
            default);

        posted.Transaction.Transfers.Select(t => t.BalanceAfter!.Value.ToMinorUnits()).Should().Equal(700L, 500L, 500L, 450L, 550L);
        var statement = await ledger.ReadStatementAsync(payer.Id, ExpiryEpoch, clock.GetUtcNow());
        var transfers = await ToListAsync(statement.Transfers);
        transfers.Select(t => t.Amount.ToMinorUnits()).Should().Equal(-300L, -200L, 50L);
        statement.ClosingBalance.ToMinorUnits().Should().Be(550);
        (await ledger.GetBalanceAsync(payee.Id, clock.GetUtcNow())).ToMinorUnits().Should().Be(450);
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>A balance as of an instant sums the transfers posted at or before it: zero before the account had any, the current balance after the last.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_balance_as_of_an_instant_sums_the_transfers_posted_at_or_before_it()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var t0 = ExpiryEpoch;
        clock.Advance(TimeSpan.FromHours(1));
        var alice = await OpenAsync(ledger, 1, 100);
        var bob = await OpenAsync(ledger, 2, 0);
        clock.Advance(TimeSpan.FromHours(1));
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(30, Currency.EUR) });
        clock.Advance(TimeSpan.FromHours(1));
        await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "S-3", UserId = 1, Amount = Money.Of(50, Currency.EUR) });

        (await ledger.GetBalanceAsync(alice.Id, t0)).Should().Be(Money.Zero(Currency.EUR), "before the account existed");
        (await ledger.GetBalanceAsync(alice.Id, t0.AddHours(1))).Should().Be(Money.Of(100, Currency.EUR), "a transfer posted at the instant counts");
        (await ledger.GetBalanceAsync(alice.Id, t0.AddHours(1.5))).Should().Be(Money.Of(100, Currency.EUR));
        (await ledger.GetBalanceAsync(alice.Id, t0.AddHours(2).AddTicks(-10))).Should().Be(Money.Of(100, Currency.EUR), "one microsecond before the transfer");
        (await ledger.GetBalanceAsync(alice.Id, t0.AddHours(2).AddTicks(5))).Should().Be(Money.Of(70, Currency.EUR), "less than a microsecond after is the same microsecond");
        (await ledger.GetBalanceAsync(alice.Id, t0.AddHours(3))).Should().Be(Money.Of(20, Currency.EUR));
        (await ledger.GetBalanceAsync(alice.Id, t0.AddYears(5))).Should().Be(await ledger.GetAccountAsync(alice.Id) is var now ? now.Balance : default, "after the last transfer it is the balance");
        (await ledger.GetBalanceAsync(bob.Id, t0.AddHours(2.5))).Should().Be(Money.Of(30, Currency.EUR));
        var sale = await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR);
        (await ledger.GetBalanceAsync(sale.Id, t0.AddHours(2.5))).Should().Be(Money.Zero(Currency.EUR), "system accounts too");
        (await ledger.GetBalanceAsync(sale.Id, t0.AddHours(3))).Should().Be(Money.Of(50, Currency.EUR));
    }

    /// <summary>A statement opens with the balance as of its start (exclusive), lists the period's transfers oldest first, and closes with opening plus them (end inclusive).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_statement_is_opening_plus_the_periods_transfers_equal_to_closing()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var t0 = ExpiryEpoch;
        var alice = await OpenAsync(ledger, 1, 100);
        var bob = await OpenAsync(ledger, 2, 0);
        clock.Advance(TimeSpan.FromHours(1));
        var first = await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(30, Currency.EUR) });
        var second = await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(5, Currency.EUR) });
        clock.Advance(TimeSpan.FromHours(1));
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "S-4", UserId = 1, Amount = Money.Of(50, Currency.EUR) });
        clock.Advance(TimeSpan.FromHours(1));
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(1, Currency.EUR) });

        var statement = await ledger.ReadStatementAsync(alice.Id, t0, t0.AddHours(2));
        var transfers = await ToListAsync(statement.Transfers);

        statement.Account.Id.Should().Be(alice.Id);
        statement.OpeningBalance.Should().Be(Money.Of(100, Currency.EUR), "the opening transfer at the start belongs before the period");
        transfers.Select(t => t.TransactionUuid).Should().Equal(first.Uuid, second.Uuid, payment.Transaction!.Uuid);
        transfers.Select(t => t.Amount.Amount).Should().Equal(-30m, -5m, -50m);
        transfers.Select(t => t.BalanceAfter!.Value.Amount).Should().Equal(70m, 65m, 15m);
        statement.ClosingBalance.Should().Be(Money.Of(15, Currency.EUR), "the payment at the end belongs to the period");
        (statement.OpeningBalance + transfers.Aggregate(Money.Zero(Currency.EUR), (sum, t) => sum + t.Amount)).Should().Be(statement.ClosingBalance);
        (await ToListAsync(statement.Transfers)).Should().Equal(transfers, "the transfers can be read again");

        var next = await ledger.ReadStatementAsync(alice.Id, t0.AddHours(2), t0.AddDays(30));
        next.To.Should().Be(clock.GetUtcNow(), "a period past the clock ends at the clock");
        next.OpeningBalance.Should().Be(statement.ClosingBalance, "consecutive periods meet");
        (await ToListAsync(next.Transfers)).Select(t => t.Amount.Amount).Should().Equal(-1m);
        next.ClosingBalance.Should().Be((await ledger.GetAccountAsync(alice.Id)).Balance);

        var empty = await ledger.ReadStatementAsync(alice.Id, t0.AddHours(1), t0.AddHours(1));
        (await ToListAsync(empty.Transfers)).Should().BeEmpty("an empty period has no transfer");
        empty.OpeningBalance.Should().Be(empty.ClosingBalance).And.Be(Money.Of(65, Currency.EUR));
    }

    /// <summary>A statement longer than a page streams every transfer once, in order, across the store's keyset pages.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_statement_longer_than_a_page_streams_every_transfer_once_in_order()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var store = CreateStore();
        var ledger = new LoyaltyLedger(store, new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()), clock);
        var account = await OpenAsync(ledger, 1, 0);
        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR);
        const int count = 503;
        for (var i = 0; i < count; i++)
        {
            // Several transfers share each instant, so pages also break between transfers of one microsecond.
            if (i % 3 == 0)
            {
                clock.Advance(TimeSpan.FromTicks(10));
            }

            await ledger.TransferAsync(new TransferRequest { SourceAccountId = bank.Id, DestinationAccountId = account.Id, Amount = Money.FromMinorUnits(1, Currency.EUR) });
        }

        var statement = await ledger.ReadStatementAsync(account.Id, ExpiryEpoch, clock.GetUtcNow());
        var transfers = await ToListAsync(statement.Transfers);
        transfers.Should().HaveCount(count);
        transfers.Select(t => t.Id).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        transfers.Select(t => t.BalanceAfter!.Value.ToMinorUnits()).Should().Equal(Enumerable.Range(1, count).Select(static i => (long)i));
        statement.ClosingBalance.ToMinorUnits().Should().Be(count);

        // The store's own pages, two at a time, resume exactly after the last one.
        var paged = new List<Transfer>();
        var position = TransferPosition.After(ExpiryEpoch);
        while (await store.ReadAccountTransfersAsync(account.Id, position, clock.GetUtcNow(), 2, default) is { Count: > 0 } page)
        {
            page.Count.Should().BeLessThanOrEqualTo(2);
            paged.AddRange(page);
            position = TransferPosition.Of(page[^1]);
        }

        paged.Should().Equal(transfers);
    }

    /// <summary>A balance or statement of an unknown account is refused as AccountNotFound, and a period that ends before it starts as InvalidArgument; nothing changes.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_statement_of_an_unknown_account_or_a_backward_period_is_refused()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 1, 10);
        var now = DateTimeOffset.UnixEpoch.AddYears(60);

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountNotFound, async () => await ledger.GetBalanceAsync(account.Id + 1000, now));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountNotFound, async () => await ledger.ReadStatementAsync(account.Id + 1000, now.AddDays(-1), now));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountNotFound, async () => await ledger.GetBalanceAsync(0, now));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, async () => await ledger.ReadStatementAsync(account.Id, now, now.AddTicks(-1)));
    }

    /// <summary>
    /// The liability report of a small known ledger: owed by kind, held, expiring within 30/60/90 days, awaiting the
    /// expiry run and breakage, now and at instants before, between and after its writes.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task The_liability_report_sums_what_is_owed_by_kind_held_expiring_and_broken()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var t0 = ExpiryEpoch;
        var alice = await OpenExpiringAsync(ledger, 1, 100, null);
        await OpenExpiringAsync(ledger, 2, 40, t0.AddDays(20));
        await OpenExpiringAsync(ledger, 3, 25, t0.AddDays(45));
        await OpenExpiringAsync(ledger, 4, 5, t0.AddHours(1));
        await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(50, Currency.EUR), ExpiresAt = t0.AddDays(80) });
        await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(10, Currency.EUR), ExpiresAt = t0.AddDays(200) });
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "L-1", UserId = 1, Amount = Money.Of(30, Currency.EUR) });
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "L-2", UserId = 1, Amount = Money.Of(20, Currency.EUR) });
        await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 12m, InvoiceNumber = "INV-1" });
        await OpenAsync(ledger, 9, 7, Currency.TRY);
        clock.Advance(TimeSpan.FromHours(2));
        await ledger.ExpireDueAsync(clock.GetUtcNow());
        (await ledger.GetAccountAsync(alice.Id)).Balance.Should().Be(Money.Of(50, Currency.EUR));

        var now = await ledger.GetLiabilityAsync(Currency.EUR, clock.GetUtcNow());
        now.Currency.Should().Be(Currency.EUR);
        now.AsOf.Should().Be(clock.GetUtcNow());
        now.Customer.Should().Be(Money.Of(115, Currency.EUR), "alice 50, 40 and 25; the expired 5 was swept");
        now.GiftCard.Should().Be(Money.Of(60, Currency.EUR));
        now.Invoice.Should().Be(Money.Of(12, Currency.EUR));
        now.Held.Should().Be(Money.Of(20, Currency.EUR));
        now.Outstanding.Should().Be(Money.Of(207, Currency.EUR));
        now.ExpiringWithin30Days.Should().Be(Money.Of(40, Currency.EUR));
        now.ExpiringWithin60Days.Should().Be(Money.Of(65, Currency.EUR));
        now.ExpiringWithin90Days.Should().Be(Money.Of(115, Currency.EUR));
        now.AwaitingExpiry.Should().Be(Money.Zero(Currency.EUR));
        now.Breakage.Should().Be(Money.Of(5, Currency.EUR));

        var beforeRun = await ledger.GetLiabilityAsync(Currency.EUR, t0.AddHours(1.5));
        beforeRun.Customer.Should().Be(Money.Of(115, Currency.EUR), "the account that expired at t0 + 1h is owed no more");
        beforeRun.AwaitingExpiry.Should().Be(Money.Of(5, Currency.EUR), "it waits for the expiry run");
        beforeRun.Breakage.Should().Be(Money.Zero(Currency.EUR));
        beforeRun.Held.Should().Be(Money.Of(20, Currency.EUR));

        var atStart = await ledger.GetLiabilityAsync(Currency.EUR, t0);
        atStart.Customer.Should().Be(Money.Of(120, Currency.EUR), "everything but the run was posted at t0, and the 5 had not expired yet");
        atStart.ExpiringWithin30Days.Should().Be(Money.Of(45, Currency.EUR), "the 5 expiring at t0 + 1h too");

        var before = await ledger.GetLiabilityAsync(Currency.EUR, t0.AddTicks(-10));
        before.Outstanding.Should().Be(Money.Zero(Currency.EUR));
        before.Breakage.Should().Be(Money.Zero(Currency.EUR));
        (await ledger.GetLiabilityAsync(Currency.TRY, clock.GetUtcNow())).Customer.Should().Be(Money.Of(7, Currency.TRY), "currencies never mix");
        (await ledger.GetLiabilityAsync(Currency.USD, clock.GetUtcNow())).Outstanding.Should().Be(Money.Zero(Currency.USD), "a currency never seen owes nothing");
        await ShouldBalanceAsync(ledger);
    }

    private static async Task<List<Transfer>> ToListAsync(IAsyncEnumerable<Transfer> transfers)
    {
        var list = new List<Transfer>();
        await foreach (var transfer in transfers)
        {
            list.Add(transfer);
        }

        return list;
    }
}
