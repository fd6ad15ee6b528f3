using System.Collections.Concurrent;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>An authorisation allocates as a payment would, into the Hold account; a full capture pays it to Sale and is the order's payment.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_authorises_as_a_payment_would_and_a_full_capture_pays_it()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var (ledger, options) = NewLedgerOnClock(clock);
        var first = await OpenAsync(ledger, 1, 30);
        var second = await OpenAsync(ledger, 1, 50);

        var hold = await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-1", UserId = 1, Amount = Money.Of(100, Currency.EUR) });

        hold.Authorized.Should().Be(Money.Of(80, Currency.EUR));
        hold.Remaining.Should().Be(Money.Of(20, Currency.EUR));
        hold.Allocations.Select(a => (a.AccountId, a.Amount.Amount)).Should().Equal((first.Id, 30m), (second.Id, 50m));
        hold.ExpiresAt.Should().Be(clock.Now + options.AuthorizationTimeout);
        hold.Transaction!.Kind.Should().Be(TransactionKind.Authorization);
        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR)).Balance.Should().Be(Money.Of(80, Currency.EUR));
        (await BalanceAsync(ledger, first)).Should().Be(0m);
        (await ledger.GetOrderPaymentAsync("H-1")).Should().BeNull("a hold is no payment until it is captured");
        (await ledger.GetTransactionAsync(hold.Transaction.Uuid)).ExpiresAt.Should().Be(hold.ExpiresAt, "the store keeps the expiry");
        await ShouldBalanceAsync(ledger);

        var replay = await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-1", UserId = 1, Amount = Money.Of(100, Currency.EUR) });
        replay.Replayed.Should().BeTrue();
        replay.Transaction!.Uuid.Should().Be(hold.Transaction.Uuid);
        replay.ExpiresAt.Should().Be(hold.ExpiresAt);

        var capture = await ledger.CaptureOrderAsync("H-1");

        capture.Captured.Should().Be(Money.Of(80, Currency.EUR));
        capture.Released.Should().Be(Money.Zero(Currency.EUR));
        capture.Transaction.Kind.Should().Be(TransactionKind.OrderPayment);
        capture.Transaction.PaymentUuid.Should().Be(hold.Transaction.Uuid);
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Of(80, Currency.EUR));
        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR)).Balance.Should().Be(Money.Zero(Currency.EUR));
        (await ledger.GetOrderPaymentAsync("H-1"))!.Uuid.Should().Be(capture.Transaction.Uuid);

        // Read back, the capture names its hold and the hold keeps its expiry (stores may keep both apart from the draft).
        (await ledger.GetTransactionAsync(capture.Transaction.Uuid)).PaymentUuid.Should().Be(hold.Transaction.Uuid);
        (await ledger.GetTransactionAsync(hold.Transaction.Uuid)).ExpiresAt.Should().Be(hold.ExpiresAt);
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>
    /// A hold authorised through one ledger is captured through another over the same store (another process, or a
    /// restart: the hold is read, not remembered), and a copy of that capture sent to the first ledger replays it.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_authorised_by_one_ledger_is_captured_by_another_over_the_same_store()
    {
        var store = CreateStore();
        var first = new LoyaltyLedger(store, new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));
        var second = new LoyaltyLedger(store, new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));
        await OpenAsync(first, 1, 50);
        var hold = await first.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-X", UserId = 1, Amount = Money.Of(30, Currency.EUR) });

        var capture = await second.CaptureOrderAsync("H-X", 20m);
        var copy = await first.CaptureOrderAsync("H-X", 20m);

        capture.Authorization.Uuid.Should().Be(hold.Transaction!.Uuid);
        capture.Captured.Should().Be(Money.Of(20, Currency.EUR));
        copy.Replayed.Should().BeTrue();
        copy.Transaction.Uuid.Should().Be(capture.Transaction.Uuid);
        await FluentActions.Awaiting(async () => await first.VoidOrderAsync("H-X"))
            .Should().ThrowAsync<LoyaltyException>().Where(e => e.Code == LoyaltyErrorCode.IdempotencyConflict);
        (await first.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Of(20, Currency.EUR));
        (await first.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR)).Balance.Should().Be(Money.Zero(Currency.EUR));
        await ShouldBalanceAsync(first);
    }

    /// <summary>A partial capture gives the rest back last drawn first; the capture is then refunded like any payment, by UUID and by order number.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_partial_capture_releases_the_rest_last_drawn_first_and_is_refundable()
    {
        var (ledger, _) = NewLedger();
        var first = await OpenAsync(ledger, 1, 30);
        var second = await OpenAsync(ledger, 1, 50);
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-2", UserId = 1, Amount = Money.Of(80, Currency.EUR) });

        var capture = await ledger.CaptureOrderAsync("H-2", 40m);

        capture.Captured.Should().Be(Money.Of(40, Currency.EUR));
        capture.Released.Should().Be(Money.Of(40, Currency.EUR));
        (await BalanceAsync(ledger, first)).Should().Be(0m);
        (await BalanceAsync(ledger, second)).Should().Be(40m, "the release goes back to the last drawn first");
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Of(40, Currency.EUR));
        await ShouldBalanceAsync(ledger);

        // The capture took 30 from the first account and 10 from the second: refunds give back last drawn first.
        await ledger.RefundAsync(new RefundRequest { TransactionUuid = capture.Transaction.Uuid, Amount = 15m });
        (await BalanceAsync(ledger, second)).Should().Be(50m);
        (await BalanceAsync(ledger, first)).Should().Be(5m);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.RefundExceedsPayment, () => ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "H-2", Amount = 26m }).AsTask());
        await ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "H-2", Amount = 25m });
        (await BalanceAsync(ledger, first)).Should().Be(30m);
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Zero(Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>A void gives everything back; a copy replays; once voided the hold cannot be captured.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_void_gives_everything_back_once()
    {
        var (ledger, _) = NewLedger();
        var first = await OpenAsync(ledger, 1, 30);
        var second = await OpenAsync(ledger, 1, 50);
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-3", UserId = 1, Amount = Money.Of(60, Currency.EUR) });

        var voided = await ledger.VoidOrderAsync("H-3");

        voided.Transaction.Kind.Should().Be(TransactionKind.AuthorizationVoid);
        voided.Released.Should().Be(Money.Of(60, Currency.EUR));
        (await ledger.GetTransactionAsync(voided.Transaction.Uuid)).PaymentUuid.Should().Be(voided.Authorization.Uuid, "read back, a void names its hold");
        (await BalanceAsync(ledger, first)).Should().Be(30m);
        (await BalanceAsync(ledger, second)).Should().Be(50m);
        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR)).Balance.Should().Be(Money.Zero(Currency.EUR));
        (await ledger.VoidOrderAsync("H-3")).Replayed.Should().BeTrue();
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.CaptureOrderAsync("H-3").AsTask());
        (await ledger.GetOrderPaymentAsync("H-3")).Should().BeNull("a voided hold paid nothing");
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.PaymentNotFound, () => ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "H-3", Amount = 1m }).AsTask());
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Every bad request is refused with its code and changes nothing, system accounts included.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_bad_requests_change_nothing()
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 1, 100);
        var request = new OrderPaymentRequest { OrderNumber = "H-4", UserId = 1, Amount = Money.Of(50, Currency.EUR) };
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.PaymentNotFound, () => ledger.CaptureOrderAsync("H-4").AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.PaymentNotFound, () => ledger.VoidOrderAsync("H-4").AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.AuthorizeOrderAsync(request, TimeSpan.Zero).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidAmount, () => ledger.AuthorizeOrderAsync(request with { Amount = Money.Of(-1, Currency.EUR) }).AsTask());

        await ledger.AuthorizeOrderAsync(request);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidAmount, () => ledger.CaptureOrderAsync("H-4", 50.01m).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidAmount, () => ledger.CaptureOrderAsync("H-4", 0m).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidAmount, () => ledger.CaptureOrderAsync("H-4", -5m).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.PayOrderAsync(request).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.AuthorizeOrderAsync(request with { Amount = Money.Of(60, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.AuthorizeOrderAsync(request, TimeSpan.FromHours(1)).AsTask());

        await ledger.PayOrderAsync(request with { OrderNumber = "P-4" });
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.AuthorizeOrderAsync(request with { OrderNumber = "P-4" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.PaymentNotFound, () => ledger.CaptureOrderAsync("P-4").AsTask());

        await ledger.CaptureOrderAsync("H-4", 20m);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.CaptureOrderAsync("H-4", 30m).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.VoidOrderAsync("H-4").AsTask());
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>A hold past its expiry cannot be captured; it can be voided, and the expiry run voids it once.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_past_its_expiry_is_refused_capture_and_voided_by_the_expiry_run()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var (ledger, _) = NewLedgerOnClock(clock);
        var account = await OpenAsync(ledger, 1, 100);
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-5", UserId = 1, Amount = Money.Of(40, Currency.EUR) }, TimeSpan.FromHours(1));
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-6", UserId = 1, Amount = Money.Of(10, Currency.EUR) }, TimeSpan.FromHours(3));
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-7", UserId = 1, Amount = Money.Of(5, Currency.EUR) }, TimeSpan.FromMinutes(30));
        await ledger.CaptureOrderAsync("H-7");

        clock.Now += TimeSpan.FromHours(1);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AuthorizationExpired, () => ledger.CaptureOrderAsync("H-5").AsTask());
        (await ledger.CaptureOrderAsync("H-7")).Replayed.Should().BeTrue("a copy of a capture made in time still replays");

        (await ledger.VoidExpiredHoldsAsync(clock.Now)).Should().Be(1);
        (await ledger.VoidExpiredHoldsAsync(clock.Now)).Should().Be(0, "a hold is voided once");
        (await BalanceAsync(ledger, account)).Should().Be(85m);
        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR)).Balance.Should().Be(Money.Of(10, Currency.EUR), "H-6 is still live");
        (await ledger.CaptureOrderAsync("H-6")).Captured.Should().Be(Money.Of(10, Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>
    /// The store lists the live holds expired by an instant, soonest expiring first, at most a limit, in every currency:
    /// never a hold captured (fully or in part) or voided, nor one that expires later; an expiry run voids exactly those.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_store_lists_the_live_expired_holds_soonest_first()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var store = CreateStore();
        var ledger = new LoyaltyLedger(store, new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()), clock);
        var eur = await OpenAsync(ledger, 1, 1_000);
        var usd = await OpenAsync(ledger, 1, 1_000, Currency.USD);
        async Task HoldAsync(string order, int minutes, Currency? currency = null)
            => await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = order, UserId = 1, Amount = Money.Of(10, currency ?? Currency.EUR) }, TimeSpan.FromMinutes(minutes));

        await HoldAsync("L-30", 30);
        await HoldAsync("L-10", 10);
        await HoldAsync("L-20-USD", 20, Currency.USD);
        await HoldAsync("L-40-captured", 40);
        await HoldAsync("L-15-partly-captured", 15);
        await HoldAsync("L-5-voided", 5);
        await HoldAsync("L-90-later", 90);
        await ledger.CaptureOrderAsync("L-40-captured");
        await ledger.CaptureOrderAsync("L-15-partly-captured", 4m);
        await ledger.VoidOrderAsync("L-5-voided");

        (await store.ListExpiredHoldsAsync(clock.Now, 100, default)).Should().BeEmpty("nothing has expired yet");
        var asOf = clock.Now + TimeSpan.FromMinutes(60);
        (await store.ListExpiredHoldsAsync(asOf, 100, default)).Should().Equal("L-10", "L-20-USD", "L-30");
        (await store.ListExpiredHoldsAsync(asOf, 2, default)).Should().Equal("L-10", "L-20-USD");
        (await store.ListExpiredHoldsAsync(clock.Now + TimeSpan.FromMinutes(20), 100, default)).Should().Equal(["L-10", "L-20-USD"], "a hold expired at the instant is expired");

        clock.Now = asOf;
        (await ledger.VoidExpiredHoldsAsync(asOf)).Should().Be(3);
        (await store.ListExpiredHoldsAsync(asOf, 100, default)).Should().BeEmpty("each voided hold left the list with its void");
        (await store.ListExpiredHoldsAsync(asOf + TimeSpan.FromHours(1), 100, default)).Should().Equal("L-90-later");
        (await BalanceAsync(ledger, eur)).Should().Be(1_000m - 10m - 4m - 10m, "a capture, a partial capture and the live later hold");
        (await BalanceAsync(ledger, usd)).Should().Be(1_000m);
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>
    /// An expiry run asks the store for the live expired holds and reads no history: before the store kept its live
    /// holds, every run paged the Hold account's transfers, one per hold ever authorised and one per settlement.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_expiry_run_reads_no_history()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var store = new HistoryCountingStore(CreateStore());
        var ledger = new LoyaltyLedger(store, new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()), clock);
        await OpenAsync(ledger, 1, 100);
        for (var i = 0; i < 5; i++)
        {
            await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = $"R-{i}", UserId = 1, Amount = Money.Of(1, Currency.EUR) }, TimeSpan.FromMinutes(1));
        }

        await ledger.CaptureOrderAsync("R-0");
        clock.Now += TimeSpan.FromMinutes(1);
        var reads = store.HistoryReads;

        (await ledger.VoidExpiredHoldsAsync(clock.Now)).Should().Be(4);

        (store.HistoryReads - reads).Should().Be(0, "the run lists the live holds; it pages no transfers and no accounts");
        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR)).Balance.Should().Be(Money.Zero(Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>
    /// Captures racing expiry runs over the same holds (each capture sent just before its hold expired, the runs on a
    /// host whose clock is past it, over one store): every hold is settled exactly once, captured or voided, its money
    /// in Sale or back on its account, and Hold ends empty.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_captures_racing_expiry_runs_settle_each_hold_once()
    {
        const int Holds = 24;
        var start = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        var store = CreateStore();
        var options = new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions());
        var checkout = new LoyaltyLedger(store, options, new ManualClock(start));
        var sweeperClock = new ManualClock(start + TimeSpan.FromHours(1));
        var sweeper = new LoyaltyLedger(store, options, sweeperClock);
        var accounts = new Account[Holds];
        for (var i = 0; i < Holds; i++)
        {
            accounts[i] = await OpenAsync(checkout, i + 1, 10);
            await checkout.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = $"RX-{i}", UserId = i + 1, Amount = Money.Of(10, Currency.EUR) }, TimeSpan.FromMinutes(30));
        }

        var captures = Enumerable.Range(0, Holds).Select(i => Task.Run(async () =>
        {
            try
            {
                return await checkout.CaptureOrderAsync($"RX-{i}");
            }
            catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.IdempotencyConflict)
            {
                return null;
            }
        })).ToList();
        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await sweeper.VoidExpiredHoldsAsync(sweeperClock.Now))).ToList();
        await Task.WhenAll(captures.Cast<Task>().Concat(runs));

        var captured = captures.Select(static c => c.Result).ToList();
        (captured.Count(static c => c is not null) + runs.Sum(static r => r.Result)).Should().Be(Holds, "each hold is captured or voided, once");
        for (var i = 0; i < Holds; i++)
        {
            var order = await store.GetOrderTransactionsAsync($"RX-{i}", default);
            order.Select(static t => t.Kind).Should().Equal([TransactionKind.Authorization, captured[i] is null ? TransactionKind.AuthorizationVoid : TransactionKind.OrderPayment], "the hold and its one settlement, the one that won");
            (await BalanceAsync(checkout, accounts[i])).Should().Be(captured[i] is null ? 10m : 0m);
        }

        (await checkout.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR)).Balance.Should().Be(Money.Zero(Currency.EUR));
        (await checkout.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Of(10m * captured.Count(static c => c is not null), Currency.EUR));
        (await store.ListExpiredHoldsAsync(sweeperClock.Now, 100, default)).Should().BeEmpty();
        await ShouldBalanceAsync(checkout);
    }

    /// <summary>Many copies of one capture at once post one capture; every copy answers it.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_many_copies_of_one_capture_post_it_once()
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 1, 100);
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-8", UserId = 1, Amount = Money.Of(60, Currency.EUR) });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await ledger.CaptureOrderAsync("H-8", 45m))));

        outcomes.Select(o => o.Transaction.Uuid).Distinct().Should().HaveCount(1);
        outcomes.Count(o => !o.Replayed).Should().BeLessThanOrEqualTo(1);
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Of(45, Currency.EUR));
        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR)).Balance.Should().Be(Money.Zero(Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Captures racing voids of one hold: exactly one settlement wins; every loser is refused and the ledger shows only the winner.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Hold_capture_racing_void_has_exactly_one_winner()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 1, 100);
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-9", UserId = 1, Amount = Money.Of(60, Currency.EUR) });
        var refusals = new ConcurrentBag<LoyaltyErrorCode>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                return i % 2 == 0 ? await ledger.CaptureOrderAsync("H-9") : await ledger.VoidOrderAsync("H-9");
            }
            catch (LoyaltyException e)
            {
                refusals.Add(e.Code);
                return null;
            }
        })));

        var settled = outcomes.Where(static o => o is not null).Select(static o => o!).ToList();
        settled.Select(o => o.Transaction.Uuid).Distinct().Should().HaveCount(1, "one settlement wins");
        refusals.Should().OnlyContain(c => c == LoyaltyErrorCode.IdempotencyConflict);
        (settled.Count + refusals.Count).Should().Be(20);
        var captured = settled[0].Transaction.Kind == TransactionKind.OrderPayment;
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Of(captured ? 60 : 0, Currency.EUR));
        (await BalanceAsync(ledger, account)).Should().Be(captured ? 40m : 100m);
        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR)).Balance.Should().Be(Money.Zero(Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Counts the reads that page history: transfers, transactions and accounts.</summary>
    private sealed class HistoryCountingStore(ILedgerStore inner) : ForwardingStore(inner), ILedgerStore
    {
        private int _historyReads;

        public int HistoryReads => Volatile.Read(ref _historyReads);

        ValueTask<Page<Transfer>> ILedgerStore.ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _historyReads);
            return Inner.ListTransfersAsync(query, cancellationToken);
        }

        ValueTask<Page<Transaction>> ILedgerStore.ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _historyReads);
            return Inner.ListTransactionsAsync(query, cancellationToken);
        }

        ValueTask<Page<Account>> ILedgerStore.ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _historyReads);
            return Inner.ListAccountsAsync(query, cancellationToken);
        }
    }

    /// <summary>Creates a ledger over a fresh store on a clock the test moves.</summary>
    /// <param name="clock">The clock.</param>
    /// <returns>The ledger and its live options.</returns>
    protected (LoyaltyLedger Ledger, LoyaltyOptions Options) NewLedgerOnClock(TimeProvider clock)
    {
        var options = new LoyaltyOptions();
        return (new LoyaltyLedger(CreateStore(), new FixedOptionsMonitor<LoyaltyOptions>(options), clock), options);
    }

    /// <summary>A clock that stands still until the test moves it.</summary>
    /// <param name="start">The first instant.</param>
    protected sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        /// <summary>The current instant; set it to move the clock.</summary>
        public DateTimeOffset Now { get; set; } = start;

        /// <inheritdoc />
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
