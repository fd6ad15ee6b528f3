using System.Globalization;

namespace Akinon.Loyalty.Testing.Model;

/// <summary>The model's plans for orders, refunds, gift cards and retried or reused keys.</summary>
internal sealed partial class LedgerModelRun
{
    private (LoyaltyErrorCode?, Func<Task>?) PlanPayment(PayOrder o)
    {
        var currency = LedgerOperations.Currencies[o.CurrencyIndex];
        var request = new OrderPaymentRequest
        {
            OrderNumber = $"order-{_step}",
            OrderId = _step,
            UserId = o.User,
            UserEmail = $"u{o.User}@example.com",
            Amount = Money.FromMinorUnits(o.Total, currency),
            MaxAmount = o.Cap is { } cap ? Money.FromMinorUnits(cap, currency) : null,
        };
        if (o.Total <= 0)
        {
            return (LoyaltyErrorCode.InvalidAmount, () => _ledger.PayOrderAsync(request).AsTask());
        }

        var draws = Allocate(o.User, currency, Math.Min(o.Total, o.Cap ?? o.Total));

        return (null, async () =>
        {
            var payment = await _ledger.PayOrderAsync(request);
            var covered = draws.Sum(d => d.Amount);
            payment.Allocations.Select(a => (a.AccountId, a.Amount.ToMinorUnits())).Should().Equal(draws);
            payment.Covered.ToMinorUnits().Should().Be(covered);
            payment.Remaining.ToMinorUnits().Should().Be(o.Total - covered);
            if (covered == 0)
            {
                payment.Transaction.Should().BeNull();
                return;
            }

            foreach (var (account, amount) in draws)
            {
                _accounts[account].Balance -= amount;
            }

            _system[(AccountKind.Sale, currency)].Balance += covered;
            _payments.Add(new ModelPayment(payment.Transaction!.Uuid, request.OrderNumber, currency, o.User, covered, draws));
            _keyed.Add(new KeyedRequest(
                payment.Transaction.Uuid.ToString(),
                async () => (await _ledger.PayOrderAsync(request)).Transaction!.Uuid.ToString(),
                () => _ledger.PayOrderAsync(request with { Amount = Money.FromMinorUnits(o.Total + 1, currency) }).AsTask()));
        });
    }

    /// <summary>
    /// The model's allocator: the user's live accounts in the currency with money, soonest-expiring first, then oldest
    /// (accounts that never expire last); an expired account is never drawn on.
    /// </summary>
    private List<(long Account, long Amount)> Allocate(long user, Currency currency, long target)
    {
        var remaining = target;
        var draws = new List<(long Account, long Amount)>();
        var candidates = _accounts.Values
            .Where(a => a.UserId == user && a.Currency == currency && a.Balance > 0 && !a.Kind.IsSystem() && !Expired(a))
            .OrderBy(a => a.ExpiresAt?.UtcTicks ?? long.MaxValue)
            .ThenBy(a => a.Id);
        foreach (var account in candidates)
        {
            if (remaining == 0)
            {
                break;
            }

            var take = Math.Min(remaining, account.Balance);
            draws.Add((account.Id, take));
            remaining -= take;
        }

        return draws;
    }

    /// <summary>
    /// Checks the credits of a refund or release against what the model expects per account, where the shares of
    /// expired accounts land on the owner's credit account (a customer account that never expires; opened on first
    /// need), and applies them to the model.
    /// </summary>
    private async Task CreditAsync(List<(long AccountId, long Amount)> credits, Dictionary<long, long> expected, long redirected, long owner, Currency currency)
    {
        var actual = credits.GroupBy(c => c.AccountId).ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));
        if (redirected > 0)
        {
            if (!_creditAccounts.TryGetValue((owner, currency), out var creditId))
            {
                creditId = actual.Keys.Where(k => actual[k] != expected.GetValueOrDefault(k)).Should().ContainSingle("the shares of expired accounts land on one credit account").Subject;
                if (!_accounts.ContainsKey(creditId))
                {
                    var opened = await _ledger.GetAccountAsync(creditId);
                    Add(new ModelAccount(creditId, opened.Number, currency, AccountKind.Customer, owner, false));
                }

                _creditAccounts[(owner, currency)] = creditId;
            }

            var credit = _accounts[creditId];
            credit.Kind.Should().Be(AccountKind.Customer);
            credit.UserId.Should().Be(owner);
            credit.ExpiresAt.Should().BeNull("the credit account never expires");
            expected[creditId] = expected.GetValueOrDefault(creditId) + redirected;
        }

        actual.Should().BeEquivalentTo(expected);
        foreach (var (account, amount) in expected)
        {
            _accounts[account].Balance += amount;
        }
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanRefund(RefundPayment o)
    {
        if (_payments.Count == 0)
        {
            return (null, null);
        }

        var payment = _payments[o.Payment % _payments.Count];
        var amount = Money.FromMinorUnits(o.Amount, payment.Currency).Amount;
        var invoice = o.WithInvoice ? $"INV-{_step}" : null;
        Func<decimal, Task<Refund>> send = o.ByOrderNumber
            ? a => _ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = payment.OrderNumber, Amount = a, InvoiceNumber = invoice }).AsTask()
            : a => _ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Uuid, Amount = a, InvoiceNumber = invoice }).AsTask();
        if (o.Amount <= 0)
        {
            return (LoyaltyErrorCode.InvalidAmount, () => send(amount));
        }

        if (payment.Refunded + o.Amount > payment.Paid)
        {
            return (LoyaltyErrorCode.RefundExceedsPayment, () => send(amount));
        }

        return (null, async () =>
        {
            var refund = await send(amount);
            refund.Amount.ToMinorUnits().Should().Be(o.Amount);
            refund.PaymentUuid.Should().Be(payment.Uuid);
            var credits = refund.Transfers.Where(t => t.Amount.IsPositive).Select(t => (t.AccountId, t.Amount.ToMinorUnits())).ToList();
            if (invoice is not null)
            {
                var (accountId, credited) = credits.Should().ContainSingle().Subject;
                credited.Should().Be(o.Amount);
                _accounts.Should().NotContainKey(accountId, "a new invoice number opens a new account");
                Add(new ModelAccount(accountId, invoice, payment.Currency, AccountKind.Invoice, payment.UserId, false));
                _accounts[accountId].Balance += o.Amount;
                _keyed.Add(new KeyedRequest(refund.Uuid.ToString(), async () => (await send(amount)).Uuid.ToString(), () => send(amount + Money.FromMinorUnits(1, payment.Currency).Amount)));
            }
            else
            {
                // Back to the paying accounts, last drawn first, each up to what was drawn and not yet given back; the
                // share of an account that expired goes to the owner's credit account instead.
                var expected = new Dictionary<long, long>();
                var redirected = 0L;
                var left = o.Amount;
                for (var i = payment.Draws.Count - 1; i >= 0 && left > 0; i--)
                {
                    var (account, drawn) = payment.Draws[i];
                    var give = Math.Min(drawn - payment.GivenBack.GetValueOrDefault(account), left);
                    if (give > 0)
                    {
                        payment.GivenBack[account] = payment.GivenBack.GetValueOrDefault(account) + give;
                        if (Expired(_accounts[account]))
                        {
                            redirected += give;
                        }
                        else
                        {
                            expected[account] = expected.GetValueOrDefault(account) + give;
                        }

                        left -= give;
                    }
                }

                await CreditAsync(credits, expected, redirected, payment.UserId, payment.Currency);
            }

            payment.Refunded += o.Amount;
            _system[(AccountKind.Sale, payment.Currency)].Balance -= o.Amount;
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanRefundToLoyalty(RefundToLoyalty o)
    {
        var currency = LedgerOperations.Currencies[o.CurrencyIndex];
        var request = new RefundToLoyaltyRequest
        {
            OrderNumber = $"card-{_step}",
            UserId = o.User,
            Amount = Money.FromMinorUnits(o.Amount, currency),
            InvoiceNumber = o.WithInvoice ? $"CINV-{_step}" : null,
            IdempotencyKey = $"rtl-{_step}",
            ExpiresAt = o.ExpiresInMinutes is { } minutes ? Now.AddMinutes(minutes) : null,
        };
        if (o.Amount <= 0)
        {
            return (LoyaltyErrorCode.InvalidAmount, () => _ledger.RefundToLoyaltyAsync(request).AsTask());
        }

        if (request.ExpiresAt is not null && request.InvoiceNumber is not null)
        {
            return (LoyaltyErrorCode.InvalidArgument, () => _ledger.RefundToLoyaltyAsync(request).AsTask());
        }

        // Credit that expires lands on a new account of its own.
        var oldest = request.ExpiresAt is not null ? null
            : _accounts.Values.Where(a => a.UserId == o.User && a.Currency == currency && a.Kind == AccountKind.Customer && !Expired(a)).OrderBy(a => a.Id).FirstOrDefault();
        return (null, async () =>
        {
            var refund = await _ledger.RefundToLoyaltyAsync(request);
            var (accountId, credited) = refund.Transfers.Where(t => t.Amount.IsPositive).Select(t => (t.AccountId, t.Amount.ToMinorUnits())).Should().ContainSingle().Subject;
            credited.Should().Be(o.Amount);
            if (request.InvoiceNumber is not null || oldest is null)
            {
                _accounts.Should().NotContainKey(accountId, "the credit needs a new account");
                var opened = await _ledger.GetAccountAsync(accountId);
                Add(new ModelAccount(accountId, opened.Number, currency, request.InvoiceNumber is null ? AccountKind.Customer : AccountKind.Invoice, o.User, false) { ExpiresAt = request.ExpiresAt });
                if (request.InvoiceNumber is null && request.ExpiresAt is null)
                {
                    // Numbered from owner and currency: the account a refund's redirected shares land on too.
                    _creditAccounts.Should().NotContainKey((o.User, currency), "a live credit account would have been the oldest live account");
                    _creditAccounts[(o.User, currency)] = accountId;
                }
            }
            else
            {
                accountId.Should().Be(oldest.Id, "store credit lands on the user's oldest account");
            }

            _accounts[accountId].Balance += o.Amount;
            _system[(AccountKind.Refund, currency)].Balance -= o.Amount;
            _keyed.Add(new KeyedRequest(
                refund.Uuid.ToString(),
                async () => (await _ledger.RefundToLoyaltyAsync(request)).Uuid.ToString(),
                () => _ledger.RefundToLoyaltyAsync(request with { Amount = Money.FromMinorUnits(o.Amount + 1, currency) }).AsTask()) { CallerKey = request.IdempotencyKey });
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanGiftCard(IssueGiftCard o)
    {
        var currency = LedgerOperations.Currencies[o.CurrencyIndex];
        var request = new IssueGiftCardRequest { Amount = Money.FromMinorUnits(o.Amount, currency), ExpiresAt = o.ExpiresInMinutes is { } minutes ? Now.AddMinutes(minutes) : null };
        if (o.Amount <= 0)
        {
            return (LoyaltyErrorCode.InvalidAmount, () => _ledger.IssueGiftCardAsync(request).AsTask());
        }

        return (null, async () =>
        {
            var card = await _ledger.IssueGiftCardAsync(request);
            Add(new ModelAccount(card.Id, card.Number, currency, AccountKind.GiftCard, null, false) { Balance = o.Amount, ExpiresAt = request.ExpiresAt });
            _cards.Add(card.Id);
            _system[(AccountKind.Bank, currency)].Balance -= o.Amount;
            var again = request with { Code = card.Number };
            _keyed.Add(new KeyedRequest(
                card.Id.ToString(CultureInfo.InvariantCulture),
                async () => (await _ledger.IssueGiftCardAsync(again)).Id.ToString(CultureInfo.InvariantCulture),
                () => _ledger.IssueGiftCardAsync(again with { Amount = Money.FromMinorUnits(o.Amount + 1, currency) }).AsTask()));
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanRedeem(RedeemGiftCard o)
    {
        if (_cards.Count == 0)
        {
            return (null, null);
        }

        var card = _accounts[_cards[o.Card % _cards.Count]];
        var request = new RedeemGiftCardRequest { Code = card.Number, Currency = card.Currency, UserId = o.User };
        if (card.UserId is { } owner && owner != o.User)
        {
            return (LoyaltyErrorCode.GiftCardAlreadyRedeemed, () => _ledger.RedeemGiftCardAsync(request).AsTask());
        }

        return (null, async () =>
        {
            var redeemed = await _ledger.RedeemGiftCardAsync(request);
            redeemed.UserId.Should().Be(o.User);
            card.UserId = o.User;
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanRetry(Retry o)
    {
        if (_keyed.Count == 0)
        {
            return (null, null);
        }

        var keyed = _keyed[o.Request % _keyed.Count];
        if (o.Changed)
        {
            return (LoyaltyErrorCode.IdempotencyConflict, keyed.Conflict);
        }

        return (null, async () =>
        {
            var before = await LedgerSnapshot.TakeAsync(_ledger);
            (await keyed.Replay()).Should().Be(keyed.Identity, "a retry returns the first result");
            (await LedgerSnapshot.TakeAsync(_ledger)).SameAs(before).Should().BeTrue("a retry writes nothing");
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanReuseKey(ReuseKey o)
    {
        var keyed = _keyed.Where(k => k.CallerKey is not null).ToList();
        if (keyed.Count == 0 || _open.Count == 0)
        {
            return (null, null);
        }

        // One namespace per ledger: a caller key already used is a conflict for any other operation.
        var key = keyed[o.Request % keyed.Count].CallerKey;
        var account = _accounts[_open[o.Request % _open.Count]];
        Func<Task> act = (o.Operation % 3) switch
        {
            0 => () => _ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.FromMinorUnits(1, account.Currency), IdempotencyKey = key }).AsTask(),
            1 => () => _ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { UserEmail = "reused@example.com", IdempotencyKey = key }).AsTask(),
            _ => () => _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = account.Currency, UserId = 9, IdempotencyKey = key }).AsTask(),
        };
        return (LoyaltyErrorCode.IdempotencyConflict, act);
    }
}
