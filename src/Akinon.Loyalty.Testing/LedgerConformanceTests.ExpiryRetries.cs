namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>
    /// Found by the model property (shrunk: a keyed opening expiring in 22 minutes, the clock moved 46 minutes, the
    /// request retried changed): a retry is judged by its key before its expiry is judged against the clock, so it
    /// replays (or, changed, conflicts) rather than being refused as a new request with an expiry in the past.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_keyed_opening_retried_after_its_expiry_passed_replays_and_a_changed_one_conflicts()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var request = new CreateAccountRequest
        {
            Currency = Currency.EUR,
            UserId = 2,
            DebitAllowed = true,
            Balance = Money.FromMinorUnits(4295, Currency.EUR),
            IdempotencyKey = "open-1",
            ExpiresAt = ExpiryEpoch.AddMinutes(22),
        };
        var opened = await ledger.CreateAccountAsync(request);
        clock.Advance(TimeSpan.FromMinutes(46));

        var before = await LedgerSnapshot.TakeAsync(ledger);
        (await ledger.CreateAccountAsync(request)).Id.Should().Be(opened.Id, "a retry returns the first result");
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue("a retry writes nothing");
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.CreateAccountAsync(request with { DebitAllowed = false }).AsTask());

        // A new key with an expiry in the past is still refused.
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.CreateAccountAsync(request with { IdempotencyKey = "open-2" }).AsTask());
    }

    /// <summary>The same for an opening without a balance (its key posted no transaction) and for a gift card.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Keyed_openings_without_funding_and_gift_cards_retried_after_their_expiry_replay()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var empty = new CreateAccountRequest { Currency = Currency.EUR, UserId = 3, IdempotencyKey = "open-empty", ExpiresAt = ExpiryEpoch.AddMinutes(1) };
        var card = new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR), Code = "CARD-EXPIRES", ExpiresAt = ExpiryEpoch.AddMinutes(1) };
        var opened = await ledger.CreateAccountAsync(empty);
        var issued = await ledger.IssueGiftCardAsync(card);
        clock.Advance(TimeSpan.FromMinutes(2));

        (await ledger.CreateAccountAsync(empty)).Id.Should().Be(opened.Id);
        (await ledger.IssueGiftCardAsync(card)).Id.Should().Be(issued.Id);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.IssueGiftCardAsync(card with { Amount = Money.Of(6, Currency.EUR) }).AsTask());
    }

    /// <summary>A keyed balance update of an account that has expired since replays; a new or changed one is refused.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_keyed_balance_update_retried_after_the_account_expired_replays()
    {
        var clock = new AdvancingClock(ExpiryEpoch);
        var ledger = NewLedgerAt(clock);
        var account = await OpenExpiringAsync(ledger, 1, 10, ExpiryEpoch.AddMinutes(5));
        var update = new UpdateAccountRequest { Balance = Money.Of(30, Currency.EUR), IdempotencyKey = "patch-1" };
        var updated = await ledger.UpdateAccountAsync(account.Id, update);
        clock.Advance(TimeSpan.FromMinutes(5));

        var before = await LedgerSnapshot.TakeAsync(ledger);
        (await ledger.UpdateAccountAsync(account.Id, update)).Balance.Should().Be(updated.Balance);
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue("a retry writes nothing");
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.UpdateAccountAsync(account.Id, update with { Balance = Money.Of(31, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.AccountExpired, () => ledger.UpdateAccountAsync(account.Id, update with { IdempotencyKey = "patch-2" }).AsTask());
    }
}
