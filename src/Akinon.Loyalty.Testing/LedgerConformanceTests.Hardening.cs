using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>
    /// Sale leaves only through refunds: pay 50.00, then a manual transfer of it from Sale back to the payer is refused,
    /// so the refund of that payment can still be paid. Bank and Refund may fund a manual credit; Bank may take a claw-back.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Sale_is_never_a_party_to_a_manual_transfer()
    {
        var (ledger, _) = NewLedger();
        var payer = await OpenAsync(ledger, 1, 50);
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "S-1", UserId = 1, Amount = Money.Of(50, Currency.EUR) });
        var sale = await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR);
        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR);
        var refund = await ledger.GetSystemAccountAsync(AccountKind.Refund, Currency.EUR);

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.OperationNotAllowed, () => ledger.TransferAsync(new TransferRequest { SourceAccountId = sale.Id, DestinationAccountId = payer.Id, Amount = Money.Of(50, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.OperationNotAllowed, () => ledger.TransferAsync(new TransferRequest { SourceAccountId = bank.Id, DestinationAccountId = sale.Id, Amount = Money.Of(1, Currency.EUR) }).AsTask());

        await ledger.TransferAsync(new TransferRequest { SourceAccountId = bank.Id, DestinationAccountId = payer.Id, Amount = Money.Of(5, Currency.EUR) });
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = refund.Id, DestinationAccountId = payer.Id, Amount = Money.Of(3, Currency.EUR) });
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = payer.Id, DestinationAccountId = bank.Id, Amount = Money.Of(2, Currency.EUR) });
        (await BalanceAsync(ledger, payer)).Should().Be(6m);

        (await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 50m })).Amount.Should().Be(Money.Of(50, Currency.EUR));
        (await BalanceAsync(ledger, payer)).Should().Be(56m);
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>The Sale invariant is part of every balance check: a Sale that moved by other means than payments and refunds is reported.</summary>
    [Fact]
    public void A_snapshot_reports_a_Sale_balance_that_is_not_paid_less_refunded()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var sale = new Account { Id = 1, Number = "S", Currency = Currency.EUR, Kind = AccountKind.Sale, DebitAllowed = false, Balance = Money.Of(5, Currency.EUR), CreatedAt = at, ModifiedAt = at, Version = 2 };
        var payer = new Account { Id = 2, Number = "P", Currency = Currency.EUR, Kind = AccountKind.Customer, UserId = 1, DebitAllowed = true, Balance = Money.Of(-5, Currency.EUR), CreatedAt = at, ModifiedAt = at, Version = 2 };
        var uuid = Guid.NewGuid();
        var snapshot = new LedgerSnapshot
        {
            Accounts = [sale, payer],
            Transfers =
            [
                new Transfer { Id = 2, AccountId = 1, Amount = Money.Of(5, Currency.EUR), TransactionUuid = uuid, TransactionKind = TransactionKind.Transfer, CreatedAt = at },
                new Transfer { Id = 1, AccountId = 2, Amount = Money.Of(-5, Currency.EUR), TransactionUuid = uuid, TransactionKind = TransactionKind.Transfer, CreatedAt = at, BalanceAfter = Money.Of(-5, Currency.EUR) },
            ],
        };

        snapshot.Violations().Should().ContainSingle().Which.Should().Contain("Sale");
    }

    /// <summary>One key namespace per ledger: a caller key used by one operation is a conflict for every other operation.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_caller_key_names_one_request_across_every_operation()
    {
        var (ledger, _) = NewLedger();
        var a = await OpenAsync(ledger, 1, 50);
        var b = await OpenAsync(ledger, 2, 0);
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "K-1", UserId = 1, Amount = Money.Of(10, Currency.EUR) });
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(1, Currency.EUR), IdempotencyKey = "k" });
        var opened = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 3, IdempotencyKey = "no-money" });

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1, IdempotencyKey = "k" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(a.Id, new UpdateAccountRequest { UserEmail = "x@example.com", IdempotencyKey = "k" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR), IdempotencyKey = "k" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 1m, IdempotencyKey = "k" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "K-1", Amount = 1m, IdempotencyKey = "k" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.RefundToLoyaltyAsync(new RefundToLoyaltyRequest { OrderNumber = "C-1", UserId = 1, Amount = Money.Of(1, Currency.EUR), IdempotencyKey = "k" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(1, Currency.EUR), IdempotencyKey = "no-money" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(opened.Id, new UpdateAccountRequest { UserEmail = "x@example.com", IdempotencyKey = "no-money" }).AsTask());
    }

    /// <summary>The same refund-to-loyalty key for another order is a conflict: the key is the caller's alone.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_refund_to_loyalty_key_for_another_order_is_a_conflict()
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 1, 0);
        var request = new RefundToLoyaltyRequest { OrderNumber = "C-1", UserId = 1, Amount = Money.Of(5, Currency.EUR), IdempotencyKey = "rma" };
        var first = await ledger.RefundToLoyaltyAsync(request);
        (await ledger.RefundToLoyaltyAsync(request)).Uuid.Should().Be(first.Uuid);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.RefundToLoyaltyAsync(request with { OrderNumber = "C-2" }).AsTask());
    }

    /// <summary>A PATCH key replayed on another account is a conflict, not a second update, whatever the first one posted.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_keyed_update_replayed_on_another_account_is_a_conflict()
    {
        var (ledger, _) = NewLedger();
        var a = await OpenAsync(ledger, 1, 10);
        var b = await OpenAsync(ledger, 2, 10);
        var request = new UpdateAccountRequest { Balance = Money.Of(20, Currency.EUR), IdempotencyKey = "patch-1" };
        await ledger.UpdateAccountAsync(a.Id, request);
        var metadata = new UpdateAccountRequest { UserEmail = "patched@example.com", IdempotencyKey = "patch-m" };
        await ledger.UpdateAccountAsync(a.Id, metadata);

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(b.Id, request).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(b.Id, metadata).AsTask());
        (await ledger.GetAccountAsync(b.Id)).Should().Match<Account>(x => x.Balance == Money.Of(10, Currency.EUR) && x.UserEmail == "user2@example.com");
    }

    /// <summary>A PATCH replay that adds debit_allowed or user_email is a conflict, not a silent drop of the new fields.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_keyed_update_replayed_with_more_fields_is_a_conflict()
    {
        var (ledger, _) = NewLedger();
        var a = await OpenAsync(ledger, 1, 10);
        var request = new UpdateAccountRequest { Balance = Money.Of(20, Currency.EUR), IdempotencyKey = "patch-2" };
        await ledger.UpdateAccountAsync(a.Id, request);

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(a.Id, request with { DebitAllowed = true }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(a.Id, request with { UserEmail = "new@example.com" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(a.Id, request with { DebitAllowed = false }).AsTask());
        (await ledger.GetAccountAsync(a.Id)).DebitAllowed.Should().BeFalse();
    }

    /// <summary>
    /// UpdateAccount(A, Balance=100.00, key "nk") on an account at 100.00 posts nothing but is remembered: after a payment
    /// takes 30.00, the retry posts nothing and returns the account as it is.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_keyed_balance_update_that_posts_nothing_is_remembered()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 1, 100);
        var request = new UpdateAccountRequest { Balance = Money.Of(100, Currency.EUR), IdempotencyKey = "nk" };
        await ledger.UpdateAccountAsync(account.Id, request);
        await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "N-1", UserId = 1, Amount = Money.Of(30, Currency.EUR) });
        var before = await LedgerSnapshot.TakeAsync(ledger);

        var retried = await ledger.UpdateAccountAsync(account.Id, request);

        retried.Balance.Should().Be(Money.Of(70, Currency.EUR), "the retry returns the account as it is now");
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue("the retry posts nothing");
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>A key used for a metadata-only update and then for a different update is refused.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_key_used_for_a_metadata_update_conflicts_with_a_different_update()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 1, 10);
        await ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { UserEmail = "first@example.com", IdempotencyKey = "meta" });

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { UserEmail = "second@example.com", IdempotencyKey = "meta" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { Balance = Money.Of(5, Currency.EUR), IdempotencyKey = "meta" }).AsTask());
        (await ledger.GetAccountAsync(account.Id)).UserEmail.Should().Be("first@example.com");
    }

    /// <summary>Replaying a metadata-only keyed update writes nothing: Version and ModifiedAt stay as they are.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Replaying_a_metadata_only_keyed_update_changes_nothing()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 1, 10);
        var request = new UpdateAccountRequest { DebitAllowed = true, UserEmail = "meta@example.com", IdempotencyKey = "meta-2" };
        var first = await ledger.UpdateAccountAsync(account.Id, request);
        var before = await LedgerSnapshot.TakeAsync(ledger);

        var replay = await ledger.UpdateAccountAsync(account.Id, request);

        replay.Version.Should().Be(first.Version);
        replay.ModifiedAt.Should().Be(first.ModifiedAt);
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue();
    }

    /// <summary>
    /// Racing copies of one refund replay: pay 10.00, then refund 6.00 under key "r" from many tasks at once (half by
    /// transaction, half by order number): one refund is written and every copy returns it. Many rounds.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Racing_copies_of_one_keyed_refund_all_return_it()
    {
        var (ledger, _) = NewLedger();
        for (var round = 0; round < 20; round++)
        {
            await RaceOneRefundAsync(ledger, round, invoice: null);
        }

        await ShouldBalanceAsync(ledger);
    }

    /// <summary>The same race with an invoice number as the key.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Racing_copies_of_one_invoice_refund_all_return_it()
    {
        var (ledger, _) = NewLedger();
        for (var round = 0; round < 20; round++)
        {
            await RaceOneRefundAsync(ledger, round, invoice: $"INV-{round}");
        }

        await ShouldBalanceAsync(ledger);
    }

    /// <summary>A retried payment, transfer or gift card that succeeded before loyalty money was switched off answers its original result; new ones are refused.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Replays_answer_their_original_result_while_loyalty_money_is_off()
    {
        var (ledger, options) = NewLedger();
        var a = await OpenAsync(ledger, 1, 50);
        var b = await OpenAsync(ledger, 2, 0);
        var pay = new OrderPaymentRequest { OrderNumber = "D-1", UserId = 1, Amount = Money.Of(10, Currency.EUR) };
        var transfer = new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(5, Currency.EUR), IdempotencyKey = "d-move" };
        var named = new IssueGiftCardRequest { Amount = Money.Of(7, Currency.EUR), Code = "DARK-1" };
        var generated = new IssueGiftCardRequest { Amount = Money.Of(8, Currency.EUR), IdempotencyKey = "d-card" };
        var paid = await ledger.PayOrderAsync(pay);
        var moved = await ledger.TransferAsync(transfer);
        var card = await ledger.IssueGiftCardAsync(named);
        var keyedCard = await ledger.IssueGiftCardAsync(generated);
        await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, Currency = Currency.EUR, UserId = 2 });
        var before = await LedgerSnapshot.TakeAsync(ledger);

        options.Enabled = false;

        (await ledger.PayOrderAsync(pay)).Transaction!.Uuid.Should().Be(paid.Transaction!.Uuid);
        (await ledger.TransferAsync(transfer)).Uuid.Should().Be(moved.Uuid);
        (await ledger.IssueGiftCardAsync(named)).Id.Should().Be(card.Id);
        (await ledger.IssueGiftCardAsync(generated)).Id.Should().Be(keyedCard.Id);
        (await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, Currency = Currency.EUR, UserId = 2 })).Id.Should().Be(card.Id);
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue("replays write nothing");

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.LoyaltyDisabled, () => ledger.PayOrderAsync(pay with { OrderNumber = "D-2" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.LoyaltyDisabled, () => ledger.TransferAsync(transfer with { IdempotencyKey = "d-move-2" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.LoyaltyDisabled, () => ledger.IssueGiftCardAsync(named with { Code = "DARK-2" }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.LoyaltyDisabled, () => ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = keyedCard.Number, Currency = Currency.EUR, UserId = 2 }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.TransferAsync(transfer with { Amount = Money.Of(6, Currency.EUR) }).AsTask());
    }

    /// <summary>Gift card codes are typed by people: "abcd" redeems the card issued as "ABCD", and a code is stored in upper case.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Gift_card_codes_are_redeemed_ignoring_case()
    {
        var (ledger, _) = NewLedger();
        var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(10, Currency.EUR), Code = "ABCD" });
        (await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = "abcd", Currency = Currency.EUR, UserId = 1 })).Id.Should().Be(card.Id);

        var typed = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR), Code = "xmas-7" });
        typed.Number.Should().Be("XMAS-7");
        (await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR), Code = "XMAS-7" })).Id.Should().Be(typed.Id, "both spellings are one code");
        (await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = "Xmas-7", Currency = Currency.EUR, UserId = 2 })).UserId.Should().Be(2);
    }

    /// <summary>A payment that finds no money leaves the ledger exactly as it was.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_payment_that_takes_nothing_changes_nothing()
    {
        var (ledger, _) = NewLedger();
        var nok = Currency.FromCode("NOK");
        await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = nok, UserId = 1 });
        var before = await LedgerSnapshot.TakeAsync(ledger);

        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "E-1", UserId = 1, Amount = Money.Of(10, nok) });

        payment.Transaction.Should().BeNull();
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue();
    }

    /// <summary>
    /// Kept from a shrunk FsCheck counterexample (a keyed opening with a negative balance, retried with debit turned off):
    /// the changed retry is judged by its key first, so it is a conflict, not a lack of funds.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_changed_retry_of_a_keyed_opening_is_a_conflict_before_any_other_refusal()
    {
        var (ledger, _) = NewLedger();
        var kwd = Currency.FromCode("KWD");
        await ledger.GetSystemAccountAsync(AccountKind.Bank, kwd);
        var request = new CreateAccountRequest { Currency = kwd, UserId = 2, DebitAllowed = true, Balance = Money.FromMinorUnits(-99, kwd), IdempotencyKey = "open-1" };
        await ledger.CreateAccountAsync(request);

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.CreateAccountAsync(request with { DebitAllowed = false }).AsTask());
    }

    /// <summary>
    /// The race of copies of one refund made deterministic: a copy lands just after the first copy read the refund room or
    /// looked up the key (whichever it does first), so the first copy's read is stale. It replays that copy instead of
    /// refusing the refund for lack of room. With a caller key and with an invoice number.
    /// </summary>
    /// <param name="invoice">The invoice number, or <see langword="null"/> for a caller key.</param>
    /// <returns>A task.</returns>
    [Theory]
    [InlineData(null)]
    [InlineData("INV-7")]
    public async Task A_refund_copy_landing_after_the_first_read_is_replayed(string? invoice)
    {
        var store = new InterleavingStore(CreateStore());
        var options = new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions());
        var ledger = new LoyaltyLedger(store, options);
        var other = new LoyaltyLedger(store.Unhooked, options);
        await OpenAsync(ledger, 1, 10);
        var payment = (await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "I-1", UserId = 1, Amount = Money.Of(10, Currency.EUR) })).Transaction!;
        var request = new RefundRequest { TransactionUuid = payment.Uuid, Amount = 6m, InvoiceNumber = invoice, IdempotencyKey = "r" };
        Refund? landed = null;
        store.OnFirstRead(async () => landed = await other.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "I-1", Amount = 6m, InvoiceNumber = invoice, IdempotencyKey = "r" }));

        var refund = await ledger.RefundAsync(request);

        landed.Should().NotBeNull("the copy ran in between");
        refund.Uuid.Should().Be(landed!.Uuid, "the late copy replays the one that landed");
        (await ledger.ListRefundsAsync("I-1")).Should().ContainSingle();
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>
    /// A copy of a refund lands after the first copy judged the room and the key but before it read the order's history
    /// to split the refund over the accounts it came from: the split then sees the copy's refund, which the room did
    /// not. The first copy is prepared again and replays the one that landed (found on PostgreSQL by the racing test).
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_refund_copy_landing_before_the_split_is_replayed()
    {
        var store = new InterleavingStore(CreateStore());
        var options = new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions());
        var ledger = new LoyaltyLedger(store, options);
        var other = new LoyaltyLedger(store.Unhooked, options);
        await OpenAsync(ledger, 1, 10);
        var payment = (await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "S-1", UserId = 1, Amount = Money.Of(10, Currency.EUR) })).Transaction!;
        Refund? landed = null;
        store.OnOrderHistoryRead(async () => landed = await other.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "S-1", Amount = 6m, IdempotencyKey = "r" }));

        var refund = await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Uuid, Amount = 6m, IdempotencyKey = "r" });

        landed.Should().NotBeNull("the copy ran in between");
        refund.Uuid.Should().Be(landed!.Uuid, "the late copy replays the one that landed");
        (await ledger.ListRefundsAsync("S-1")).Should().ContainSingle();
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Runs a chosen action once, right after the first key look-up or refund-state read (or before the first order-history read), before answering it.</summary>
    private sealed class InterleavingStore(ILedgerStore inner) : ForwardingStore(inner)
    {
        private Func<Task>? _between;
        private Func<Task>? _beforeHistory;

        public ILedgerStore Unhooked => Inner;

        public void OnFirstRead(Func<Task> between) => _between = between;

        public void OnOrderHistoryRead(Func<Task> before) => _beforeHistory = before;

        protected override async ValueTask BeforeOrderHistoryReadAsync()
        {
            if (Interlocked.Exchange(ref _beforeHistory, null) is { } before)
            {
                await before();
            }
        }

        protected override async ValueTask AfterReadAsync()
        {
            if (Interlocked.Exchange(ref _between, null) is { } between)
            {
                await between();
            }
        }
    }

    private async Task RaceOneRefundAsync(ILoyaltyLedger ledger, int round, string? invoice)
    {
        var user = 100 + round;
        await OpenAsync(ledger, user, 10);
        var order = $"RACE-{invoice ?? "k"}-{round}";
        var payment = (await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = order, UserId = user, Amount = Money.Of(10, Currency.EUR) })).Transaction!;
        var key = $"r-{round}";
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var copies = Enumerable.Range(0, ConcurrentWorkers).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return i % 2 == 0
                ? await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Uuid, Amount = 6m, InvoiceNumber = invoice, IdempotencyKey = key })
                : await ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = order, Amount = 6m, InvoiceNumber = invoice, IdempotencyKey = key });
        })).ToArray();
        gate.SetResult();

        var refunds = await Task.WhenAll(copies);

        refunds.Select(r => r.Uuid).Distinct().Should().ContainSingle("every copy returns the one refund written");
        (await ledger.ListRefundsAsync(order)).Should().ContainSingle().Which.Amount.Should().Be(Money.Of(6, Currency.EUR));
    }
}
