using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>
    /// A draft that moves only system accounts (a full capture, Hold → Sale, is one) is held to every draft rule, as
    /// any other: a store may post such drafts on a leaner path (the PostgreSQL store does), and this is what it must
    /// keep. Each refusal changes nothing; a copy under the same key replays the first, another draft conflicts.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Drafts_on_system_accounts_alone_keep_every_draft_rule()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var store = CreateStore();
        var ledger = new LoyaltyLedger(store, new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()), clock);
        var payer = await OpenAsync(ledger, 1, 10);
        var authorization = await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "SYS-1", UserId = 1, Amount = Money.Of(4, Currency.EUR) });
        var sale = await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR);
        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR);
        var refund = await ledger.GetSystemAccountAsync(AccountKind.Refund, Currency.EUR);
        var hold = await ledger.GetSystemAccountAsync(AccountKind.Hold, Currency.EUR);
        var lira = await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.TRY);

        TransactionDraft Draft(string? key, params LegDraft[] legs) => new()
        {
            Uuid = Guid.NewGuid(),
            Kind = key is null ? TransactionKind.Adjustment : TransactionKind.OrderPayment,
            OrderNumber = key is null ? null : "SYS-1",
            PaymentUuid = key is null ? null : authorization.Transaction!.Uuid,
            Currency = Currency.EUR,
            CreatedAt = clock.GetUtcNow(),
            IdempotencyKey = key,
            RequestFingerprint = key is null ? null : "fp|" + string.Join(',', legs.Select(l => $"{l.AccountId}:{l.Amount}")),
            Legs = legs,
        };

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InsufficientFunds, () => store.PostAsync(Draft(null, new(hold.Id, -401), new(sale.Id, 401)), default).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InsufficientFunds, () => store.PostAsync(Draft(null, new(sale.Id, -1), new(bank.Id, 1)), default).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.CurrencyMismatch, () => store.PostAsync(Draft(null, new(bank.Id, -1), new(lira.Id, 1)), default).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountNotFound, () => store.PostAsync(Draft(null, new(bank.Id, -1), new(999_999, 1)), default).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => store.PostAsync(Draft(null, new(bank.Id, -1), new(refund.Id, 2)), default).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => store.PostAsync(Draft(null, new(bank.Id, 0), new(refund.Id, 0)), default).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.Overflow, () => store.PostAsync(Draft(null, new(bank.Id, long.MaxValue), new(refund.Id, long.MaxValue), new(sale.Id, -long.MaxValue), new(hold.Id, -long.MaxValue)), default).AsTask());

        // Posts: Bank and Refund may go below zero, the same account twice in one draft, the Hold drawn to zero.
        var funded = await store.PostAsync(Draft(null, new(bank.Id, -7), new(refund.Id, 7)), default);
        funded.Transaction.Transfers.Select(t => t.BalanceAfter).Should().AllSatisfy(b => b.Should().BeNull(), "no balance after on a system account");
        await store.PostAsync(Draft(null, new(refund.Id, -3), new(bank.Id, 2), new(refund.Id, 1)), default);
        var captured = await store.PostAsync(Draft("sys-capture", new(hold.Id, -400), new(sale.Id, 400)), default);
        captured.Replayed.Should().BeFalse();
        captured.Transaction.Kind.Should().Be(TransactionKind.OrderPayment);
        captured.Transaction.Transfers.Select(t => (t.AccountId, t.Amount.ToMinorUnits())).Should().Equal((hold.Id, -400L), (sale.Id, 400L));
        captured.Transaction.Transfers.Select(t => t.Id).Should().BeInAscendingOrder();

        var copy = await store.PostAsync(Draft("sys-capture", new(hold.Id, -400), new(sale.Id, 400)), default);
        copy.Replayed.Should().BeTrue();
        copy.Transaction.Uuid.Should().Be(captured.Transaction.Uuid);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => store.PostAsync(Draft("sys-capture", new(bank.Id, -1), new(refund.Id, 1)), default).AsTask());

        (await ledger.GetAccountAsync(hold.Id)).Balance.Should().Be(Money.Zero(Currency.EUR));
        (await ledger.GetAccountAsync(sale.Id)).Balance.Should().Be(Money.Of(4, Currency.EUR));
        (await ledger.GetAccountAsync(bank.Id)).Balance.ToMinorUnits().Should().Be(-1_000 - 7 + 2);
        (await ledger.GetAccountAsync(refund.Id)).Balance.ToMinorUnits().Should().Be(7 - 2);
        (await ledger.GetAccountAsync(payer.Id)).Balance.Should().Be(Money.Of(6, Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }
}
