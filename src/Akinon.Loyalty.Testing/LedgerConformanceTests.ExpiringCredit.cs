namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>
    /// A refund to loyalty that expires lands on a new customer account of the owner's own, expiring then (never on
    /// an existing account); it is drawn first (soonest expiring), replays by its key even after it expired, and what
    /// is left of it goes to Breakage on the expiry run.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_refund_to_loyalty_that_expires_lands_on_an_account_of_its_own_that_expires()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var existing = await OpenExpiringAsync(ledger, 1, 10, null);
        var request = new RefundToLoyaltyRequest { OrderNumber = "CARD-1", UserId = 1, Amount = Money.Of(20, Currency.EUR), IdempotencyKey = "rtl-expiring", ExpiresAt = ExpiryEpoch.AddDays(30) };

        var refund = await ledger.RefundToLoyaltyAsync(request);
        var creditId = refund.Transfers.Single(t => t.Amount.IsPositive).AccountId;
        creditId.Should().NotBe(existing.Id, "credit that expires never lands on an existing account");
        var credit = await ledger.GetAccountAsync(creditId);
        credit.Kind.Should().Be(AccountKind.Customer);
        credit.UserId.Should().Be(1);
        credit.ExpiresAt.Should().Be(ExpiryEpoch.AddDays(30));
        credit.Balance.Should().Be(Money.Of(20, Currency.EUR));
        var second = await ledger.RefundToLoyaltyAsync(request with { OrderNumber = "CARD-2", IdempotencyKey = "rtl-expiring-2" });
        second.Transfers.Single(t => t.Amount.IsPositive).AccountId.Should().NotBe(creditId, "each expiring credit has its own account");

        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "USE-1", UserId = 1, Amount = Money.Of(5, Currency.EUR) });
        payment.Allocations.Should().ContainSingle().Which.AccountId.Should().Be(creditId, "the soonest-expiring credit is drawn first");

        clock.Advance(TimeSpan.FromDays(30));
        (await ledger.RefundToLoyaltyAsync(request)).Uuid.Should().Be(refund.Uuid, "a retry replays even after the credit expired");
        var expiries = await ledger.ExpireDueAsync(clock.GetUtcNow());
        expiries.Should().HaveCount(2);
        (await ledger.GetAccountAsync(creditId)).Balance.Should().Be(Money.Of(0, Currency.EUR));
        (await ledger.GetAccountAsync(existing.Id)).Balance.Should().Be(Money.Of(10, Currency.EUR), "an account that never expires keeps its money");
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>A refund to loyalty that expires now or before, or that names an invoice account too, is refused and changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_refund_to_loyalty_expiring_in_the_past_or_with_an_invoice_is_refused()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        await OpenExpiringAsync(ledger, 1, 10, null);
        var request = new RefundToLoyaltyRequest { OrderNumber = "CARD-3", UserId = 1, Amount = Money.Of(20, Currency.EUR), IdempotencyKey = "rtl-bad" };

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.RefundToLoyaltyAsync(request with { ExpiresAt = ExpiryEpoch }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.RefundToLoyaltyAsync(request with { ExpiresAt = ExpiryEpoch.AddDays(-1) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.RefundToLoyaltyAsync(request with { ExpiresAt = ExpiryEpoch.AddDays(1), InvoiceNumber = "INV-9" }).AsTask());

        // The key was not used by the refusals: the request goes through afterwards, and a changed expiry then conflicts.
        var refund = await ledger.RefundToLoyaltyAsync(request with { ExpiresAt = ExpiryEpoch.AddDays(1) });
        refund.Amount.Should().Be(Money.Of(20, Currency.EUR));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.RefundToLoyaltyAsync(request with { ExpiresAt = ExpiryEpoch.AddDays(2) }).AsTask());
    }

    /// <summary>
    /// PATCH may move an expiry later (a card then lives past its first expiry) or earlier while still in the future,
    /// never to now or into the past, and not once the account has expired; each refusal changes nothing.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_update_extends_an_expiry_or_shortens_it_within_the_future_but_never_into_the_past()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(8, Currency.EUR), UserId = 4, ExpiresAt = ExpiryEpoch.AddDays(2) });

        (await ledger.UpdateAccountAsync(card.Id, new UpdateAccountRequest { ExpiresAt = ExpiryEpoch.AddDays(10) })).ExpiresAt.Should().Be(ExpiryEpoch.AddDays(10));
        (await ledger.UpdateAccountAsync(card.Id, new UpdateAccountRequest { ExpiresAt = ExpiryEpoch.AddDays(5) })).ExpiresAt.Should().Be(ExpiryEpoch.AddDays(5), "earlier, but still in the future");
        clock.Advance(TimeSpan.FromDays(3));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.UpdateAccountAsync(card.Id, new UpdateAccountRequest { ExpiresAt = ExpiryEpoch.AddDays(1) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.UpdateAccountAsync(card.Id, new UpdateAccountRequest { ExpiresAt = clock.GetUtcNow() }).AsTask());

        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "CARD-USE", UserId = 4, Amount = Money.Of(3, Currency.EUR) });
        payment.Covered.Should().Be(Money.Of(3, Currency.EUR), "the card lives past its first expiry");

        clock.Advance(TimeSpan.FromDays(2));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountExpired, () => ledger.UpdateAccountAsync(card.Id, new UpdateAccountRequest { ExpiresAt = ExpiryEpoch.AddDays(30) }).AsTask());
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>
    /// Found over HTTP: a gift card or an opening refused for an expiry in the past, in a currency seen for the first
    /// time, opened the currency's system accounts first. A refusal creates nothing.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_expiry_in_the_past_in_a_new_currency_creates_no_system_accounts()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var gbp = Currency.FromCode("GBP");

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, gbp), ExpiresAt = ExpiryEpoch.AddDays(-1) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.CreateAccountAsync(new CreateAccountRequest { Currency = gbp, UserId = 1, Balance = Money.Of(5, gbp), ExpiresAt = ExpiryEpoch }).AsTask());
        (await LedgerSnapshot.TakeAsync(ledger)).Accounts.Should().BeEmpty("a refusal creates nothing, not even system accounts");
    }
}
