namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>The instant the expiry tests' clocks start at.</summary>
    protected static readonly DateTimeOffset ExpiryEpoch = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Creates a ledger over a fresh store whose clock is <paramref name="clock"/>.</summary>
    /// <param name="clock">The ledger's clock.</param>
    /// <returns>The ledger.</returns>
    protected LoyaltyLedger NewLedgerAt(TimeProvider clock)
        => new(CreateStore(), new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()), clock);

    /// <summary>Opens a customer account that expires.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="userId">The owner.</param>
    /// <param name="balance">The opening balance in EUR.</param>
    /// <param name="expiresAt">When it expires; never when <see langword="null"/>.</param>
    /// <returns>The account.</returns>
    protected static Task<Account> OpenExpiringAsync(ILoyaltyLedger ledger, long userId, decimal balance, DateTimeOffset? expiresAt)
        => ledger.CreateAccountAsync(new CreateAccountRequest
        {
            Currency = Currency.EUR,
            UserId = userId,
            Balance = balance == 0 ? null : Money.Of(balance, Currency.EUR),
            ExpiresAt = expiresAt,
        }).AsTask();

    /// <summary>The default order draws the soonest-expiring account first, then the oldest; accounts that never expire come last.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_payment_draws_the_soonest_expiring_account_first_then_the_oldest()
    {
        var ledger = NewLedgerAt(new AdvancingClock(ExpiryEpoch));
        var never = await OpenExpiringAsync(ledger, 1, 10, null);
        var late = await OpenExpiringAsync(ledger, 1, 10, ExpiryEpoch.AddDays(30));
        var soon = await OpenExpiringAsync(ledger, 1, 10, ExpiryEpoch.AddDays(1));
        var lateToo = await OpenExpiringAsync(ledger, 1, 10, ExpiryEpoch.AddDays(30));
        var neverToo = await OpenExpiringAsync(ledger, 1, 10, null);

        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "E1", UserId = 1, Amount = Money.Of(45, Currency.EUR) });

        payment.Allocations.Select(a => (a.AccountId, a.Amount.Amount)).Should().Equal(
            (soon.Id, 10m), (late.Id, 10m), (lateToo.Id, 10m), (never.Id, 10m), (neverToo.Id, 5m));
        AllocationOrder.SoonestExpiringFirst.Compare(soon, never).Should().BeNegative();
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Without expiry dates, the default order is exactly oldest first.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Without_expiry_dates_the_default_order_is_oldest_first()
    {
        var (ledger, _) = NewLedger();
        var first = await OpenAsync(ledger, 1, 5);
        var second = await OpenAsync(ledger, 1, 50);
        var third = await OpenAsync(ledger, 1, 1);
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "E2", UserId = 1, Amount = Money.Of(56, Currency.EUR) });
        payment.Allocations.Select(a => a.AccountId).Should().Equal(first.Id, second.Id, third.Id);
    }

    /// <summary>From the instant it expires, by the ledger's clock and before any expiry run, an account gives nothing to a payment.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_expired_account_is_never_drawn_on_from_the_instant_it_expires()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var expiring = await OpenExpiringAsync(ledger, 1, 30, ExpiryEpoch.AddHours(1));
        var lasting = await OpenExpiringAsync(ledger, 1, 20, null);

        clock.Advance(TimeSpan.FromHours(1));
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "E3", UserId = 1, Amount = Money.Of(40, Currency.EUR) });
        payment.Allocations.Select(a => (a.AccountId, a.Amount.Amount)).Should().Equal((lasting.Id, 20m));
        (await BalanceAsync(ledger, expiring)).Should().Be(30m);

        var nothing = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "E4", UserId = 1, Amount = Money.Of(10, Currency.EUR), AllocationOrder = AllocationOrder.SmallestBalanceFirst });
        nothing.Transaction.Should().BeNull("the only money left is on an expired account");
        var custom = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "E5", UserId = 1, Amount = Money.Of(10, Currency.EUR), AllocationOrder = AllocationOrder.FromComparer("by-number", Comparer<Account>.Create(static (a, b) => string.CompareOrdinal(a.Number, b.Number))) });
        custom.Transaction.Should().BeNull("an order of the caller's leaves expired accounts out too");
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>An expired account neither receives nor gives by a transfer, nor by a balance change, and is not revived; each refusal changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Transfers_to_and_from_an_expired_account_are_refused_and_change_nothing()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var expiring = await OpenExpiringAsync(ledger, 1, 30, ExpiryEpoch.AddMinutes(5));
        var other = await OpenExpiringAsync(ledger, 2, 30, null);
        clock.Advance(TimeSpan.FromMinutes(5));

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountExpired, () => ledger.TransferAsync(new TransferRequest { SourceAccountId = other.Id, DestinationAccountId = expiring.Id, Amount = Money.Of(1, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountExpired, () => ledger.TransferAsync(new TransferRequest { SourceAccountId = expiring.Id, DestinationAccountId = other.Id, Amount = Money.Of(1, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountExpired, () => ledger.UpdateAccountAsync(expiring.Id, new UpdateAccountRequest { Balance = Money.Of(50, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountExpired, () => ledger.UpdateAccountAsync(expiring.Id, new UpdateAccountRequest { ExpiresAt = ExpiryEpoch.AddDays(10) }).AsTask());
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>An expiry may be moved later, never to now or before; an account cannot open already expired.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_expiry_is_extended_but_never_moved_into_the_past()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var account = await OpenExpiringAsync(ledger, 1, 30, ExpiryEpoch.AddDays(1));
        account.ExpiresAt.Should().Be(ExpiryEpoch.AddDays(1));
        (await ledger.GetAccountAsync(account.Id)).ExpiresAt.Should().Be(ExpiryEpoch.AddDays(1), "the store keeps the expiry");

        var extended = await ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { ExpiresAt = ExpiryEpoch.AddDays(7) });
        extended.ExpiresAt.Should().Be(ExpiryEpoch.AddDays(7));
        (await ledger.GetAccountAsync(account.Id)).ExpiresAt.Should().Be(ExpiryEpoch.AddDays(7));

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { ExpiresAt = ExpiryEpoch }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => OpenExpiringAsync(ledger, 1, 5, ExpiryEpoch.AddSeconds(-1)));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR), ExpiresAt = ExpiryEpoch }).AsTask());
        var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR), ExpiresAt = ExpiryEpoch.AddDays(90) });
        (await ledger.GetAccountAsync(card.Id)).ExpiresAt.Should().Be(ExpiryEpoch.AddDays(90));
    }

    /// <summary>An expiry run moves what is left on each expired account to Breakage, one Expiry transaction each; a second run moves nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_expiry_run_moves_what_is_left_to_Breakage_once()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var spent = await OpenExpiringAsync(ledger, 1, 30, ExpiryEpoch.AddDays(1));
        var left = await OpenExpiringAsync(ledger, 1, 20, ExpiryEpoch.AddDays(2));
        var empty = await OpenExpiringAsync(ledger, 2, 0, ExpiryEpoch.AddDays(1));
        var later = await OpenExpiringAsync(ledger, 3, 40, ExpiryEpoch.AddDays(30));
        var never = await OpenExpiringAsync(ledger, 3, 50, null);
        await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "X1", UserId = 1, Amount = Money.Of(35, Currency.EUR) });

        clock.Advance(TimeSpan.FromDays(3));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.ExpireDueAsync(clock.GetUtcNow().AddSeconds(1)).AsTask());
        var expired = await ledger.ExpireDueAsync(clock.GetUtcNow());

        expired.Should().ContainSingle("only one expired account has money left");
        var expiry = expired[0];
        expiry.Kind.Should().Be(TransactionKind.Expiry);
        var breakage = await ledger.GetSystemAccountAsync(AccountKind.Breakage, Currency.EUR);
        breakage.Kind.IsSystem().Should().BeTrue();
        expiry.Transfers.Select(t => (t.AccountId, t.Amount.Amount)).Should().Equal((left.Id, -15m), (breakage.Id, 15m));
        breakage.Balance.Should().Be(Money.Of(15, Currency.EUR));
        (await BalanceAsync(ledger, spent)).Should().Be(0m);
        (await BalanceAsync(ledger, left)).Should().Be(0m);
        (await BalanceAsync(ledger, empty)).Should().Be(0m);
        (await BalanceAsync(ledger, later)).Should().Be(40m, "an account not yet expired keeps its money");
        (await BalanceAsync(ledger, never)).Should().Be(50m);

        var before = await LedgerSnapshot.TakeAsync(ledger);
        (await ledger.ExpireDueAsync(clock.GetUtcNow())).Should().BeEmpty("an account expires once");
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue("a second run writes nothing");
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Many expiry runs at once expire each account once: Breakage holds exactly what was left, and the runs' transactions together are one per account.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Concurrent_expiry_runs_expire_each_account_once()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var accounts = new List<Account>();
        for (var user = 1; user <= 6; user++)
        {
            accounts.Add(await OpenExpiringAsync(ledger, user, user * 10, ExpiryEpoch.AddHours(user)));
        }

        clock.Advance(TimeSpan.FromDays(1));
        var asOf = clock.GetUtcNow();
        var runs = await Task.WhenAll(Enumerable.Range(0, ConcurrentWorkers).Select(_ => Task.Run(async () => await ledger.ExpireDueAsync(asOf))));

        var posted = runs.SelectMany(static r => r).ToList();
        posted.Select(static t => t.Transfers[0].AccountId).Should().BeEquivalentTo(accounts.Select(static a => a.Id), "each account expires exactly once across all runs");
        (await ledger.GetSystemAccountAsync(AccountKind.Breakage, Currency.EUR)).Balance.Should().Be(Money.Of(210, Currency.EUR));
        foreach (var account in accounts)
        {
            (await BalanceAsync(ledger, account)).Should().Be(0m);
        }

        var expiries = await ledger.ListTransfersAsync(new TransferQuery { Limit = 100 });
        expiries.Items.Count(static t => t.TransactionKind == TransactionKind.Expiry).Should().Be(12, "one transaction of two legs per account");
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>A refund never lands on an expired account: that share goes to the owner's credit account (same currency, no expiry); the live accounts get theirs back, and a later refund still gives each source its own share.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_refund_share_of_an_expired_account_goes_to_the_owners_credit_account()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var lasting = await OpenExpiringAsync(ledger, 1, 30, null);
        var expiring = await OpenExpiringAsync(ledger, 1, 20, ExpiryEpoch.AddHours(1));
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "R1", UserId = 1, Amount = Money.Of(50, Currency.EUR) });
        payment.Allocations.Select(static a => a.AccountId).Should().Equal(expiring.Id, lasting.Id);
        clock.Advance(TimeSpan.FromHours(2));

        // Last drawn first: 30 back to the lasting account, then the expired account's 20 redirected.
        var first = await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 40 });
        (await BalanceAsync(ledger, lasting)).Should().Be(30m);
        (await BalanceAsync(ledger, expiring)).Should().Be(0m, "an expired account receives nothing");
        var credit = (await ledger.ListAccountsAsync(new AccountQuery { UserId = 1 })).Items.Single(a => a.Id != lasting.Id && a.Id != expiring.Id);
        credit.Kind.Should().Be(AccountKind.Customer);
        credit.ExpiresAt.Should().BeNull();
        credit.Balance.Should().Be(Money.Of(10, Currency.EUR));

        await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction.Uuid, Amount = 10 });
        (await BalanceAsync(ledger, lasting)).Should().Be(30m, "the lasting account already has its whole share back");
        (await ledger.GetAccountAsync(credit.Id)).Balance.Should().Be(Money.Of(20, Currency.EUR), "the expired account's whole share lands on the credit account");
        first.Should().NotBeNull();
        await ShouldBalanceAsync(ledger);
    }
}
