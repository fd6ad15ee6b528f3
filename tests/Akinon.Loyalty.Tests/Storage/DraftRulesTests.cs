using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Tests.Storage;

/// <summary>The draft rules every store checks, one by one.</summary>
public sealed class DraftRulesTests
{
    private static readonly Currency Eur = Currency.EUR;

    private static LoyaltyErrorCode CodeOf(Action rule) => Assert.Throws<LoyaltyException>(rule).Code;

    [Fact]
    public void A_draft_needs_two_legs_each_moving_something()
    {
        CodeOf(() => DraftRules.RequireLegCount(1)).Should().Be(LoyaltyErrorCode.InvalidArgument);
        DraftRules.RequireLegCount(2);
        CodeOf(() => DraftRules.RequireNonZero(new LegDraft(1, 0))).Should().Be(LoyaltyErrorCode.InvalidArgument);
        DraftRules.RequireNonZero(new LegDraft(1, -1));
    }

    [Fact]
    public void A_leg_needs_the_drafts_currency_and_the_expected_version()
    {
        CodeOf(() => DraftRules.RequireCurrency(1, Currency.TRY, Eur)).Should().Be(LoyaltyErrorCode.CurrencyMismatch);
        DraftRules.RequireCurrency(1, Eur, Eur);
        CodeOf(() => DraftRules.RequireVersion(1, 3, 4)).Should().Be(LoyaltyErrorCode.ConcurrencyConflict);
        DraftRules.RequireVersion(1, 4, 4);
        DraftRules.RequireVersion(1, null, 4);
    }

    [Fact]
    public void Legs_must_sum_to_zero()
    {
        CodeOf(() => DraftRules.RequireBalanced(1)).Should().Be(LoyaltyErrorCode.InvalidArgument);
        DraftRules.RequireBalanced(0);
    }

    [Fact]
    public void A_stale_refund_claim_is_a_race_and_a_claim_beyond_the_room_exceeds_the_payment()
    {
        var payment = Guid.NewGuid();

        CodeOf(() => DraftRules.RequireRefundRoom(new RefundClaim(payment, 100, 50), 1_000, 200, Eur)).Should().Be(LoyaltyErrorCode.ConcurrencyConflict);
        CodeOf(() => DraftRules.RequireRefundRoom(new RefundClaim(payment, 200, 801), 1_000, 200, Eur)).Should().Be(LoyaltyErrorCode.RefundExceedsPayment);
        CodeOf(() => DraftRules.RequireRefundRoom(new RefundClaim(payment, 200, 0), 1_000, 200, Eur)).Should().Be(LoyaltyErrorCode.RefundExceedsPayment);
        DraftRules.RequireRefundRoom(new RefundClaim(payment, 200, 800), 1_000, 200, Eur);
    }

    [Fact]
    public void Repeated_accounts_are_counted_as_one_when_checking_never_below_zero()
    {
        LegAccount[] accounts = [new(1, 100, false), new(2, 0, false), new(1, 100, false)];
        LegDraft[] legs = [new(1, -150), new(2, 100), new(1, 50)];
        var after = new long[3];

        DraftRules.NeverBelowZero(accounts, legs, Eur, after);

        after.Should().Equal(0, 100, 0);
    }

    [Fact]
    public void A_giving_leg_may_not_take_an_account_without_debit_below_zero()
    {
        LegAccount[] accounts = [new(1, 100, false), new(2, 0, false)];
        LegDraft[] legs = [new(1, -150), new(2, 150)];

        CodeOf(() => DraftRules.NeverBelowZero(accounts, legs, Eur, new long[2])).Should().Be(LoyaltyErrorCode.InsufficientFunds);
    }

    [Fact]
    public void A_debit_allowed_account_goes_below_zero_unless_a_leg_says_never_below_zero()
    {
        LegAccount[] accounts = [new(1, 100, true), new(2, 0, false)];
        var after = new long[2];

        DraftRules.NeverBelowZero(accounts, [new(1, -150), new(2, 150)], Eur, after);
        after.Should().Equal(-50, 150);
        CodeOf(() => DraftRules.NeverBelowZero(accounts, [new(1, -150) { NeverBelowZero = true }, new(2, 150)], Eur, after)).Should().Be(LoyaltyErrorCode.InsufficientFunds);
    }

    [Fact]
    public void An_owner_changes_only_from_none()
    {
        DraftRules.RequireOwnerFree(1, null, 5).Should().BeTrue();
        DraftRules.RequireOwnerFree(1, 5, 5).Should().BeFalse();
        DraftRules.RequireOwnerFree(1, 5, null).Should().BeFalse();
        CodeOf(() => DraftRules.RequireOwnerFree(1, 5, 6)).Should().Be(LoyaltyErrorCode.GiftCardAlreadyRedeemed);
    }

    [Fact]
    public void Debit_may_be_turned_off_only_when_the_balance_after_the_adjustment_is_not_below_zero()
    {
        CodeOf(() => DraftRules.RequireDebitRule(1, -10, debitAllowed: false, adjustment: null, Eur)).Should().Be(LoyaltyErrorCode.OperationNotAllowed);
        DraftRules.RequireDebitRule(1, -10, debitAllowed: true, adjustment: null, Eur);
        DraftRules.RequireDebitRule(1, 0, debitAllowed: false, adjustment: null, Eur);
        var adjustment = new TransactionDraft { Uuid = Guid.NewGuid(), Kind = TransactionKind.Adjustment, Currency = Eur, CreatedAt = DateTimeOffset.UnixEpoch, Legs = [new(1, -20), new(2, 20)] };
        CodeOf(() => DraftRules.RequireDebitRule(1, 10, debitAllowed: false, adjustment, Eur)).Should().Be(LoyaltyErrorCode.InsufficientFunds);
    }

    [Fact]
    public void The_checked_add_refuses_what_money_cannot_hold()
    {
        LedgerErrors.Add(long.MaxValue - 1, 1).Should().Be(long.MaxValue);
        LedgerErrors.Add(long.MinValue + 2, -1).Should().Be(long.MinValue + 1);
        CodeOf(() => LedgerErrors.Add(long.MaxValue, 1)).Should().Be(LoyaltyErrorCode.Overflow);
        CodeOf(() => LedgerErrors.Add(long.MinValue + 1, -1)).Should().Be(LoyaltyErrorCode.Overflow);
    }
}
