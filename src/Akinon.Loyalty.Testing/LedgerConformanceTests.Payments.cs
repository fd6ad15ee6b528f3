namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>A payment draws the user's accounts oldest first, gift card included, and credits Sale.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_order_payment_draws_the_users_accounts_oldest_first()
    {
        var (ledger, _) = NewLedger();
        var first = await OpenAsync(ledger, 1, 30);
        var second = await OpenAsync(ledger, 1, 50);
        var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(40, Currency.EUR) });
        await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, Currency = Currency.EUR, UserId = 1 });
        var stranger = await OpenAsync(ledger, 2, 100);
        var lira = await OpenAsync(ledger, 1, 100, Currency.TRY);

        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "2428483542614519", OrderId = 189, UserId = 1, Amount = Money.Of(100, Currency.EUR) });

        payment.Covered.Should().Be(Money.Of(100, Currency.EUR));
        payment.Remaining.Should().Be(Money.Zero(Currency.EUR));
        payment.Allocations.Select(a => (a.AccountId, a.Amount.Amount)).Should().Equal((first.Id, 30m), (second.Id, 50m), (card.Id, 20m));
        payment.Transaction!.Kind.Should().Be(TransactionKind.OrderPayment);
        payment.Transaction.OrderNumber.Should().Be("2428483542614519");
        payment.Transaction.OrderId.Should().Be(189);
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Of(100, Currency.EUR));
        (await BalanceAsync(ledger, card)).Should().Be(20m);
        (await BalanceAsync(ledger, stranger)).Should().Be(100m, "another user's money is never touched");
        (await BalanceAsync(ledger, lira)).Should().Be(100m, "money of another currency is never touched");
        (await ledger.GetOrderPaymentAsync("2428483542614519"))!.Uuid.Should().Be(payment.Transaction.Uuid);
        (await ledger.ListTransfersAsync(new TransferQuery { OrderNumber = "2428483542614519" })).TotalCount.Should().Be(4);
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>When loyalty money does not cover the order, the rest remains for other payment methods; the cap limits the use.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_payment_covers_what_it_can_up_to_the_cap()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 1, 30, debitAllowed: true);
        var partial = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "A", UserId = 1, Amount = Money.Of(138.40m, Currency.EUR) });
        partial.Covered.Should().Be(Money.Of(30, Currency.EUR));
        partial.Remaining.Should().Be(Money.Of(108.40m, Currency.EUR));
        (await BalanceAsync(ledger, account)).Should().Be(0m, "a payment never overdraws, even a debit-allowed account");

        await ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { Balance = Money.Of(100, Currency.EUR) });
        var capped = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "B", UserId = 1, Amount = Money.Of(80, Currency.EUR), MaxAmount = Money.Of(25, Currency.EUR) });
        capped.Covered.Should().Be(Money.Of(25, Currency.EUR));
        capped.Remaining.Should().Be(Money.Of(55, Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>No money is a valid outcome with nothing posted, and the order can still be paid later.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_payment_without_money_posts_nothing()
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 1, 0);
        var before = await LedgerSnapshot.TakeAsync(ledger);
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "X", UserId = 1, Amount = Money.Of(10, Currency.EUR) });
        payment.Transaction.Should().BeNull();
        payment.Covered.Should().Be(Money.Zero(Currency.EUR));
        payment.Remaining.Should().Be(Money.Of(10, Currency.EUR));
        payment.Allocations.Should().BeEmpty();
        (await LedgerSnapshot.TakeAsync(ledger)).Transfers.Should().Equal(before.Transfers);
    }

    /// <summary>One payment per order: a retry replays, a different request for the order is a conflict.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task One_order_is_paid_once()
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 1, 100);
        var request = new OrderPaymentRequest { OrderNumber = "O-9", UserId = 1, Amount = Money.Of(40, Currency.EUR) };
        var first = await ledger.PayOrderAsync(request);
        var before = await LedgerSnapshot.TakeAsync(ledger);

        var again = await ledger.PayOrderAsync(request);

        again.Replayed.Should().BeTrue();
        again.Transaction!.Uuid.Should().Be(first.Transaction!.Uuid);
        again.Covered.Should().Be(first.Covered);
        again.Allocations.Should().BeEquivalentTo(first.Allocations);
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue();
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.PayOrderAsync(request with { Amount = Money.Of(41, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.PayOrderAsync(request with { UserId = 2 }).AsTask());
    }

    /// <summary>Smallest-balance-first and custom orders are honoured.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task The_allocation_order_is_pluggable()
    {
        var (ledger, _) = NewLedger(o => o.AllocationOrder = AllocationOrder.SmallestBalanceFirst);
        var big = await OpenAsync(ledger, 1, 50);
        var small = await OpenAsync(ledger, 1, 5);
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "S", UserId = 1, Amount = Money.Of(10, Currency.EUR) });
        payment.Allocations.Select(a => a.AccountId).Should().Equal(small.Id, big.Id);

        var newestFirst = AllocationOrder.FromComparer("newest-first", Comparer<Account>.Create((x, y) => y.Id.CompareTo(x.Id)));
        var custom = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "T", UserId = 1, Amount = Money.Of(1, Currency.EUR), AllocationOrder = newestFirst });
        custom.Allocations.Should().ContainSingle().Which.AccountId.Should().Be(big.Id, "the only account with money left");
    }

    /// <summary>Refunds go back to the accounts the payment drew from, last drawn first, and never exceed the payment.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_refund_goes_back_to_the_paying_accounts_last_drawn_first()
    {
        var (ledger, _) = NewLedger();
        var first = await OpenAsync(ledger, 1, 30);
        var second = await OpenAsync(ledger, 1, 50);
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "R-1", OrderId = 189, UserId = 1, UserEmail = "iso@iso.com", Amount = Money.Of(60, Currency.EUR) });
        var uuid = payment.Transaction!.Uuid;

        var refund = await ledger.RefundAsync(new RefundRequest { TransactionUuid = uuid, Amount = 20m });
        refund.Amount.Should().Be(Money.Of(20, Currency.EUR));
        refund.OrderNumber.Should().Be("R-1");
        refund.OrderId.Should().Be(189);
        refund.UserId.Should().Be(1);
        refund.UserEmail.Should().Be("iso@iso.com");
        refund.PaymentUuid.Should().Be(uuid);
        (await BalanceAsync(ledger, second)).Should().Be(20m + 20m, "the last account drawn gets money back first");

        await ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "R-1", Amount = 15m });
        (await BalanceAsync(ledger, second)).Should().Be(50m, "it gets back at most what was drawn from it");
        (await BalanceAsync(ledger, first)).Should().Be(5m);

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.RefundExceedsPayment, () => ledger.RefundAsync(new RefundRequest { TransactionUuid = uuid, Amount = 25.01m }).AsTask());
        await ledger.RefundAsync(new RefundRequest { TransactionUuid = uuid, Amount = 25m });
        (await BalanceAsync(ledger, first)).Should().Be(30m);
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Balance.Should().Be(Money.Zero(Currency.EUR));
        (await ledger.ListRefundsAsync("R-1")).Select(r => r.Amount.Amount).Should().Equal(20m, 15m, 25m);
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>With an invoice number, the refund lands on the owner's invoice account; the invoice number makes retries safe.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_refund_with_an_invoice_number_lands_on_an_invoice_account()
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 414148, 100);
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "010101010", UserId = 414148, UserEmail = "iso@iso.com", Amount = Money.Of(50, Currency.EUR) });

        var refund = await ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "010101010", Amount = 20m, InvoiceNumber = "IN010" });

        var invoice = (await ledger.FindAccountAsync("IN010", Currency.EUR))!;
        invoice.Kind.Should().Be(AccountKind.Invoice);
        invoice.UserId.Should().Be(414148);
        invoice.Balance.Should().Be(Money.Of(20, Currency.EUR));
        refund.InvoiceNumber.Should().Be("IN010");
        var before = await LedgerSnapshot.TakeAsync(ledger);
        var retried = await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 20m, InvoiceNumber = "IN010" });
        retried.Uuid.Should().Be(refund.Uuid);
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue();
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "010101010", Amount = 21m, InvoiceNumber = "IN010" }).AsTask());
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Refunds of unknown payments are refused.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Refunds_need_a_loyalty_payment()
    {
        var (ledger, _) = NewLedger();
        var a = await OpenAsync(ledger, 1, 10);
        var b = await OpenAsync(ledger, 2, 0);
        var transfer = await ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(1, Currency.EUR) });
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.PaymentNotFound, () => ledger.RefundAsync(new RefundRequest { TransactionUuid = Guid.NewGuid(), Amount = 1m }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.PaymentNotFound, () => ledger.RefundAsync(new RefundRequest { TransactionUuid = transfer.Uuid, Amount = 1m }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.PaymentNotFound, () => ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "nope", Amount = 1m }).AsTask());
    }

    /// <summary>A card refund given as store credit comes from the Refund account, once per key.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_refund_to_loyalty_pays_the_owner_from_the_Refund_account()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 5, 0);
        var request = new RefundToLoyaltyRequest { OrderNumber = "CARD-1", OrderId = 77, UserId = 5, Amount = Money.Of(12.5m, Currency.EUR), IdempotencyKey = "rma-1" };

        var refund = await ledger.RefundToLoyaltyAsync(request);

        refund.Kind.Should().Be(TransactionKind.RefundToLoyalty);
        (await BalanceAsync(ledger, account)).Should().Be(12.5m);
        (await ledger.GetSystemAccountAsync(AccountKind.Refund, Currency.EUR)).Balance.Should().Be(Money.Of(-12.5m, Currency.EUR));
        (await ledger.RefundToLoyaltyAsync(request)).Uuid.Should().Be(refund.Uuid);
        (await BalanceAsync(ledger, account)).Should().Be(12.5m, "a replay writes nothing");
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.RefundToLoyaltyAsync(request with { Amount = Money.Of(13, Currency.EUR) }).AsTask());

        var newcomer = await ledger.RefundToLoyaltyAsync(request with { UserId = 6, IdempotencyKey = "rma-2" });
        var credited = newcomer.Transfers.Single(t => t.Amount.IsPositive).AccountId;
        (await ledger.GetAccountAsync(credited)).UserId.Should().Be(6, "a user without an account gets one");
        var invoiced = await ledger.RefundToLoyaltyAsync(request with { IdempotencyKey = "rma-3", InvoiceNumber = "INV-9" });
        invoiced.InvoiceNumber.Should().Be("INV-9");
        (await ledger.FindAccountAsync("INV-9", Currency.EUR))!.Balance.Should().Be(Money.Of(12.5m, Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Gift cards: funded from Bank, keyed by code, redeemed once.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_gift_card_is_funded_from_Bank_and_redeemed_once()
    {
        var (ledger, _) = NewLedger();
        var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(25, Currency.TRY) });

        card.Kind.Should().Be(AccountKind.GiftCard);
        card.Number.Should().HaveLength(GiftCardCode.DefaultLength).And.Match(n => n.All(c => GiftCardCode.Alphabet.Contains(c)));
        card.UserId.Should().BeNull();
        card.Balance.Should().Be(Money.Of(25, Currency.TRY));
        (await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.TRY)).Balance.Should().Be(Money.Of(-25, Currency.TRY));

        var named = new IssueGiftCardRequest { Amount = Money.Of(10, Currency.TRY), Code = "XMAS-2026" };
        var first = await ledger.IssueGiftCardAsync(named);
        (await ledger.IssueGiftCardAsync(named)).Id.Should().Be(first.Id, "the code is the card's idempotency key");
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.IssueGiftCardAsync(named with { Amount = Money.Of(11, Currency.TRY) }).AsTask());

        var keyed = new IssueGiftCardRequest { Amount = Money.Of(5, Currency.TRY), IdempotencyKey = "card-k" };
        var generated = await ledger.IssueGiftCardAsync(keyed);
        (await ledger.IssueGiftCardAsync(keyed)).Id.Should().Be(generated.Id, "a caller key stands in for a generated code");
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.IssueGiftCardAsync(keyed with { UserId = 9 }).AsTask());
        (await ledger.IssueGiftCardAsync(keyed with { IdempotencyKey = null })).Id.Should().NotBe(generated.Id, "without a key every call issues a card");

        var redeemed = await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, Currency = Currency.TRY, UserId = 3, UserEmail = "c@example.com" });
        redeemed.UserId.Should().Be(3);
        (await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, Currency = Currency.TRY, UserId = 3 })).Id.Should().Be(card.Id);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.GiftCardAlreadyRedeemed, () => ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, Currency = Currency.TRY, UserId = 4 }).AsTask());
        var customer = await OpenAsync(ledger, 3, 0, Currency.TRY);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.NotAGiftCard, () => ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = customer.Number, Currency = Currency.TRY, UserId = 3 }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountNotFound, () => ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = "NOPE", Currency = Currency.TRY, UserId = 3 }).AsTask());
        (await ledger.ListAccountsAsync(new AccountQuery { UserId = 3 })).Items.Should().Contain(a => a.Id == card.Id, "a redeemed card is one of the user's accounts");
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>
    /// Kept from a shrunk FsCheck counterexample (IssueGiftCard, then a retry of it by its generated code):
    /// a card whose code was generated can be issued again by that code and is the same card.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_card_with_a_generated_code_replays_by_that_code()
    {
        var (ledger, _) = NewLedger();
        var request = new IssueGiftCardRequest { Amount = Money.Of(7, Currency.EUR) };
        var card = await ledger.IssueGiftCardAsync(request);
        var before = await LedgerSnapshot.TakeAsync(ledger);

        (await ledger.IssueGiftCardAsync(request with { Code = card.Number })).Id.Should().Be(card.Id);

        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue();
    }
}
