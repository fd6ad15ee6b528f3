namespace Akinon.Loyalty.Testing.Model;

/// <summary>The model's plans for holds (authorise, capture, void), the clock and the expiry run.</summary>
internal sealed partial class LedgerModelRun
{
    /// <summary>The ledger's default hold timeout (<see cref="LoyaltyOptions.AuthorizationTimeout"/>), which the property does not change.</summary>
    private static readonly TimeSpan DefaultTimeout = new LoyaltyOptions().AuthorizationTimeout;

    private (LoyaltyErrorCode?, Func<Task>?) PlanAuthorize(AuthorizeOrder o)
    {
        var currency = LedgerOperations.Currencies[o.CurrencyIndex];
        var request = new OrderPaymentRequest
        {
            OrderNumber = $"hold-{_step}",
            OrderId = _step,
            UserId = o.User,
            UserEmail = $"u{o.User}@example.com",
            Amount = Money.FromMinorUnits(o.Total, currency),
            MaxAmount = o.Cap is { } cap ? Money.FromMinorUnits(cap, currency) : null,
        };
        TimeSpan? timeout = o.TimeoutMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null;
        if (o.Total <= 0)
        {
            return (LoyaltyErrorCode.InvalidAmount, () => _ledger.AuthorizeOrderAsync(request, timeout).AsTask());
        }

        var draws = Allocate(o.User, currency, Math.Min(o.Total, o.Cap ?? o.Total));
        return (null, async () =>
        {
            var hold = await _ledger.AuthorizeOrderAsync(request, timeout);
            var covered = draws.Sum(d => d.Amount);
            hold.Allocations.Select(a => (a.AccountId, a.Amount.ToMinorUnits())).Should().Equal(draws, "a hold allocates exactly as a payment does");
            hold.Authorized.ToMinorUnits().Should().Be(covered);
            hold.Remaining.ToMinorUnits().Should().Be(o.Total - covered);
            if (covered == 0)
            {
                hold.Transaction.Should().BeNull();
                return;
            }

            var expiresAt = Now + (timeout ?? DefaultTimeout);
            hold.ExpiresAt.Should().Be(expiresAt);
            foreach (var (account, amount) in draws)
            {
                _accounts[account].Balance -= amount;
            }

            _system[(AccountKind.Hold, currency)].Balance += covered;
            _holds.Add(new ModelHold(hold.Transaction!.Uuid, request.OrderNumber, currency, o.User, covered, draws, expiresAt));
            _keyed.Add(new KeyedRequest(
                hold.Transaction.Uuid.ToString(),
                async () => (await _ledger.AuthorizeOrderAsync(request, timeout)).Transaction!.Uuid.ToString(),
                () => _ledger.AuthorizeOrderAsync(request with { Amount = Money.FromMinorUnits(o.Total + 1, currency) }, timeout).AsTask()));
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanCapture(CaptureOrder o)
    {
        if (_holds.Count == 0)
        {
            return (null, null);
        }

        var hold = _holds[o.Hold % _holds.Count];
        decimal? amount = o.Amount is { } minor ? Money.FromMinorUnits(minor, hold.Currency).Amount : null;
        Func<Task<HoldSettlement>> send = () => _ledger.CaptureOrderAsync(hold.OrderNumber, amount).AsTask();
        if (o.Amount is { } asked && (asked <= 0 || asked > hold.Authorized))
        {
            return (LoyaltyErrorCode.InvalidAmount, send);
        }

        var captured = o.Amount ?? hold.Authorized;
        if (hold.Captured is { } settled)
        {
            // One settlement per hold: the same capture replays, anything else conflicts (even after the hold expired).
            return !hold.Voided && settled == captured ? (null, () => ReplaySettlementAsync(hold, send)) : (LoyaltyErrorCode.IdempotencyConflict, send);
        }

        if (Now >= hold.ExpiresAt)
        {
            return (LoyaltyErrorCode.AuthorizationExpired, send);
        }

        return (null, async () =>
        {
            var settlement = await send();
            settlement.Replayed.Should().BeFalse();
            settlement.Transaction.Kind.Should().Be(TransactionKind.OrderPayment);
            settlement.Transaction.PaymentUuid.Should().Be(hold.Uuid);
            settlement.Captured.ToMinorUnits().Should().Be(captured);
            settlement.Released.ToMinorUnits().Should().Be(hold.Authorized - captured);
            var released = await SettleAsync(hold, settlement, captured);
            _system[(AccountKind.Sale, hold.Currency)].Balance += captured;

            // The capture is the order's payment: refunds go back to the hold's sources, what it released counting as given back.
            var payment = new ModelPayment(settlement.Transaction.Uuid, hold.OrderNumber, hold.Currency, hold.UserId, captured, hold.Draws);
            foreach (var (account, give) in released)
            {
                payment.GivenBack[account] = give;
            }

            _payments.Add(payment);
            _keyed.Add(new KeyedRequest(
                settlement.Transaction.Uuid.ToString(),
                async () => (await send()).Transaction.Uuid.ToString(),
                () => _ledger.VoidOrderAsync(hold.OrderNumber).AsTask()));
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanVoid(VoidOrder o)
    {
        if (_holds.Count == 0)
        {
            return (null, null);
        }

        var hold = _holds[o.Hold % _holds.Count];
        Func<Task<HoldSettlement>> send = () => _ledger.VoidOrderAsync(hold.OrderNumber).AsTask();
        if (hold.Captured is not null)
        {
            return hold.Voided ? (null, () => ReplaySettlementAsync(hold, send)) : (LoyaltyErrorCode.IdempotencyConflict, send);
        }

        // Allowed after the hold expired: a void gives everything back.
        return (null, async () =>
        {
            var settlement = await send();
            settlement.Replayed.Should().BeFalse();
            settlement.Transaction.Kind.Should().Be(TransactionKind.AuthorizationVoid);
            settlement.Captured.ToMinorUnits().Should().Be(0);
            settlement.Released.ToMinorUnits().Should().Be(hold.Authorized);
            await SettleAsync(hold, settlement, 0);
            hold.Voided = true;
            _keyed.Add(new KeyedRequest(
                settlement.Transaction.Uuid.ToString(),
                async () => (await send()).Transaction.Uuid.ToString(),
                () => _ledger.CaptureOrderAsync(hold.OrderNumber).AsTask()));
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanAdvance(AdvanceClock o)
        => (null, () =>
        {
            _clock.Advance(TimeSpan.FromMinutes(o.Minutes));
            return Task.CompletedTask;
        });

    private (LoyaltyErrorCode?, Func<Task>?) PlanExpireDue()
        => (null, async () =>
        {
            var now = Now;

            // Expired holds are voided first, so an account that expired meanwhile is swept with its money.
            var due = _holds.Where(h => h.Captured is null && h.ExpiresAt <= now).ToList();
            var expiring = new List<ModelAccount>();
            var expiries = await _ledger.ExpireDueAsync(now);
            foreach (var hold in due)
            {
                _system[(AccountKind.Hold, hold.Currency)].Balance -= hold.Authorized;
                foreach (var (account, give) in Release(hold, hold.Authorized))
                {
                    _accounts[account].Balance += give;
                }

                hold.Captured = 0;
                hold.Voided = true;
            }

            expiring.AddRange(_accounts.Values.Where(a => !a.Kind.IsSystem() && Expired(a) && a.Balance > 0));
            expiries.Should().HaveCount(expiring.Count, "one expiry per expired account with money left");
            foreach (var expiry in expiries)
            {
                expiry.Kind.Should().Be(TransactionKind.Expiry);
                var (account, amount) = expiry.Transfers.Where(t => t.Amount.IsNegative).Select(t => (t.AccountId, -t.Amount.ToMinorUnits())).Should().ContainSingle().Subject;
                var model = expiring.Should().ContainSingle(a => a.Id == account).Subject;
                amount.Should().Be(model.Balance, "the expiry moves everything left on the account");
                model.Balance = 0;
                var breakage = await BreakageAsync(model.Currency);
                breakage.Balance += amount;
                expiry.Transfers.Where(t => t.Amount.IsPositive).Select(t => t.AccountId).Should().Equal(breakage.Id);
            }
        });

    /// <summary>The model's Breakage account of a currency, added once the ledger has opened it (the first expiry that moves money does).</summary>
    private async Task<ModelAccount> BreakageAsync(Currency currency)
    {
        if (!_system.TryGetValue((AccountKind.Breakage, currency), out var breakage))
        {
            var account = await _ledger.FindAccountAsync(LoyaltyOptions.DefaultBreakageAccountNumber, currency);
            account.Should().NotBeNull("an expiry that moved money opened the Breakage account");
            account!.Kind.Should().Be(AccountKind.Breakage);
            breakage = new ModelAccount(account.Id, account.Number, currency, AccountKind.Breakage, null, account.DebitAllowed);
            _accounts.Add(account.Id, breakage);
            _system.Add((AccountKind.Breakage, currency), breakage);
        }

        return breakage;
    }

    /// <summary>A settlement's legs: the hold out of Hold, <paramref name="captured"/> to Sale (checked by the caller), the rest back to the sources last drawn first.</summary>
    private Task<Dictionary<long, long>> SettleAsync(ModelHold hold, HoldSettlement settlement, long captured)
    {
        var released = Release(hold, hold.Authorized - captured);
        var holdAccount = _system[(AccountKind.Hold, hold.Currency)];
        settlement.Transaction.Transfers.Where(t => t.Amount.IsNegative).Select(t => (t.AccountId, t.Amount.ToMinorUnits())).Should().Equal((holdAccount.Id, -hold.Authorized));
        settlement.Transaction.Transfers.Where(t => t.Amount.IsPositive && !_accounts[t.AccountId].Kind.IsSystem())
            .GroupBy(t => t.AccountId).ToDictionary(g => g.Key, g => g.Sum(t => t.Amount.ToMinorUnits()))
            .Should().BeEquivalentTo(released, "what is not captured goes back to the accounts the hold drew on, last drawn first");
        holdAccount.Balance -= hold.Authorized;
        foreach (var (account, give) in released)
        {
            _accounts[account].Balance += give;
        }

        hold.Captured = captured;
        hold.Settlement = settlement.Transaction.Uuid;
        return Task.FromResult(released);
    }

    /// <summary>What a release of <paramref name="amount"/> gives each of the hold's sources, last drawn first.</summary>
    private static Dictionary<long, long> Release(ModelHold hold, long amount)
    {
        var released = new Dictionary<long, long>();
        for (var i = hold.Draws.Count - 1; i >= 0 && amount > 0; i--)
        {
            var (account, drawn) = hold.Draws[i];
            var give = Math.Min(drawn, amount);
            released[account] = released.GetValueOrDefault(account) + give;
            amount -= give;
        }

        return released;
    }

    private async Task ReplaySettlementAsync(ModelHold hold, Func<Task<HoldSettlement>> send)
    {
        var before = await LedgerSnapshot.TakeAsync(_ledger);
        var replay = await send();
        replay.Replayed.Should().BeTrue();
        replay.Authorization.Uuid.Should().Be(hold.Uuid);
        if (hold.Settlement is { } first)
        {
            replay.Transaction.Uuid.Should().Be(first, "a replay answers the first settlement");
        }
        else
        {
            hold.Settlement = replay.Transaction.Uuid;
        }

        (await LedgerSnapshot.TakeAsync(_ledger)).SameAs(before).Should().BeTrue("a replayed settlement writes nothing");
    }
}
