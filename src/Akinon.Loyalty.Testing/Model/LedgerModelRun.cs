using System.Globalization;

namespace Akinon.Loyalty.Testing.Model;

/// <summary>
/// Runs an operation sequence against a ledger and, side by side, against a simple reference model of
/// what the ledger must do: which requests are refused with which code, which accounts pay an order and
/// how much, where a refund goes. After every step it compares every account with the model and checks
/// the invariants; a refused step must leave the ledger exactly as it was, and a retried keyed request
/// must return its first result and write nothing.
/// </summary>
internal sealed partial class LedgerModelRun
{
    private const long UnknownAccountId = 999_999_999;

    private readonly ILoyaltyLedger _ledger;
    private readonly Dictionary<long, ModelAccount> _accounts = [];
    private readonly List<long> _open = [];
    private readonly List<long> _cards = [];
    private readonly List<ModelPayment> _payments = [];
    private readonly List<KeyedRequest> _keyed = [];
    private readonly Dictionary<(AccountKind Kind, Currency Currency), ModelAccount> _system = [];
    private readonly List<ModelHold> _holds = [];
    private readonly Dictionary<(long User, Currency Currency), long> _creditAccounts = [];
    private readonly Dictionary<Currency, long> _breakageSeen = [];
    private readonly List<string> _log = [];
    private readonly AdvancingClock _clock;
    private int _step;

    private LedgerModelRun(ILoyaltyLedger ledger, AdvancingClock clock)
    {
        _ledger = ledger;
        _clock = clock;
    }

    /// <summary>The ledger's clock now.</summary>
    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Runs a sequence; throws (with the steps so far in the message) at the first difference from the model.</summary>
    /// <param name="ledger">A ledger over a fresh, empty store, whose clock is <paramref name="clock"/>.</param>
    /// <param name="clock">The ledger's clock, which the sequence advances.</param>
    /// <param name="operations">The sequence.</param>
    /// <returns>A task.</returns>
    public static async Task RunAsync(ILoyaltyLedger ledger, AdvancingClock clock, IReadOnlyList<LedgerOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(operations);
        var run = new LedgerModelRun(ledger, clock);
        await run.StartAsync();
        foreach (var operation in operations)
        {
            try
            {
                await run.StepAsync(operation);
            }
            catch (Exception e) when (e is not ModelDifferenceException)
            {
                throw new ModelDifferenceException($"Step {run._step} ({operation}) differs from the model: {e.Message}\nSteps:\n{string.Join('\n', run._log)}", e);
            }
        }

        await run.VerifyRefundsAsync();
    }

    private async Task StartAsync()
    {
        foreach (var currency in LedgerOperations.Currencies)
        {
            foreach (var kind in new[] { AccountKind.Sale, AccountKind.Bank, AccountKind.Refund, AccountKind.Hold })
            {
                var account = await _ledger.GetSystemAccountAsync(kind, currency);
                var model = new ModelAccount(account.Id, account.Number, currency, kind, null, kind is not (AccountKind.Sale or AccountKind.Hold));
                _accounts.Add(account.Id, model);
                _system.Add((kind, currency), model);
            }
        }

        await VerifyAsync();
    }

    private async Task StepAsync(LedgerOperation operation)
    {
        _step++;
        _log.Add(string.Create(CultureInfo.InvariantCulture, $"{_step}: {operation}"));
        var before = await LedgerSnapshot.TakeAsync(_ledger);
        var (refusal, act) = Plan(operation);
        if (act is null)
        {
            return;
        }

        if (refusal is { } code)
        {
            var e = await Assert.ThrowsAsync<LoyaltyException>(act);
            e.Code.Should().Be(code, e.Message);
            (await LedgerSnapshot.TakeAsync(_ledger)).SameAs(before).Should().BeTrue("a refused operation changes nothing");
        }
        else
        {
            await act();
        }

        await VerifyAsync();
    }

    private (LoyaltyErrorCode? Refusal, Func<Task>? Act) Plan(LedgerOperation operation) => operation switch
    {
        OpenAccount o => PlanOpen(o),
        SetBalance o => PlanSetBalance(o),
        MoveMoney o => PlanMove(o),
        MoveWithSystem o => PlanMoveWithSystem(o),
        PayOrder o => PlanPayment(o),
        RefundPayment o => PlanRefund(o),
        RefundToLoyalty o => PlanRefundToLoyalty(o),
        IssueGiftCard o => PlanGiftCard(o),
        RedeemGiftCard o => PlanRedeem(o),
        Retry o => PlanRetry(o),
        ReuseKey o => PlanReuseKey(o),
        AuthorizeOrder o => PlanAuthorize(o),
        CaptureOrder o => PlanCapture(o),
        VoidOrder o => PlanVoid(o),
        AdvanceClock o => PlanAdvance(o),
        ExpireDue => PlanExpireDue(),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private (LoyaltyErrorCode?, Func<Task>?) PlanOpen(OpenAccount o)
    {
        var currency = LedgerOperations.Currencies[o.CurrencyIndex];
        var request = new CreateAccountRequest
        {
            Currency = currency,
            UserId = o.User,
            UserEmail = $"u{o.User}@example.com",
            DebitAllowed = o.DebitAllowed,
            Balance = o.Opening == 0 ? null : Money.FromMinorUnits(o.Opening, currency),
            IdempotencyKey = o.Keyed ? $"open-{_step}" : null,
            ExpiresAt = o.ExpiresInMinutes is { } minutes ? Now.AddMinutes(minutes) : null,
        };
        if (o.Opening < 0 && !o.DebitAllowed)
        {
            return (LoyaltyErrorCode.InsufficientFunds, () => _ledger.CreateAccountAsync(request).AsTask());
        }

        return (null, async () =>
        {
            var account = await _ledger.CreateAccountAsync(request);
            Add(new ModelAccount(account.Id, account.Number, currency, AccountKind.Customer, o.User, o.DebitAllowed) { Balance = o.Opening, ExpiresAt = request.ExpiresAt });
            _system[(AccountKind.Bank, currency)].Balance -= o.Opening;
            if (o.Keyed)
            {
                _keyed.Add(new KeyedRequest(
                    account.Id.ToString(CultureInfo.InvariantCulture),
                    async () => (await _ledger.CreateAccountAsync(request)).Id.ToString(CultureInfo.InvariantCulture),
                    () => _ledger.CreateAccountAsync(request with { DebitAllowed = !o.DebitAllowed }).AsTask()) { CallerKey = request.IdempotencyKey });
            }
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanSetBalance(SetBalance o)
    {
        if (_open.Count == 0)
        {
            return (null, null);
        }

        var account = _accounts[_open[o.Account % _open.Count]];
        var request = new UpdateAccountRequest { Balance = Money.FromMinorUnits(o.Target, account.Currency), IdempotencyKey = o.Keyed ? $"patch-{_step}" : null };
        if (Expired(account))
        {
            return (LoyaltyErrorCode.AccountExpired, () => _ledger.UpdateAccountAsync(account.Id, request).AsTask());
        }

        if (o.Target < 0 && !account.DebitAllowed)
        {
            return (LoyaltyErrorCode.InsufficientFunds, () => _ledger.UpdateAccountAsync(account.Id, request).AsTask());
        }

        return (null, async () =>
        {
            var updated = await _ledger.UpdateAccountAsync(account.Id, request);
            updated.Balance.ToMinorUnits().Should().Be(o.Target);
            _system[(AccountKind.Bank, account.Currency)].Balance -= o.Target - account.Balance;
            account.Balance = o.Target;
            if (o.Keyed)
            {
                // Remembered even when it posted nothing: a retry answers the account and writes nothing, whatever happened since.
                var identity = account.Id.ToString(CultureInfo.InvariantCulture);
                _keyed.Add(new KeyedRequest(
                    identity,
                    async () => (await _ledger.UpdateAccountAsync(account.Id, request)).Id.ToString(CultureInfo.InvariantCulture),
                    () => _ledger.UpdateAccountAsync(account.Id, request with { Balance = Money.FromMinorUnits(o.Target + 1, account.Currency) }).AsTask()) { CallerKey = request.IdempotencyKey });
            }
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanMoveWithSystem(MoveWithSystem o)
    {
        if (_open.Count == 0)
        {
            return (null, null);
        }

        var account = _accounts[_open[o.Account % _open.Count]];
        var kind = o.System switch { 0 => AccountKind.Sale, 1 => AccountKind.Bank, _ => AccountKind.Refund };
        var system = _system[(kind, account.Currency)];
        var (from, to) = o.ToSystem ? (account, system) : (system, account);
        var request = new TransferRequest { SourceAccountId = from.Id, DestinationAccountId = to.Id, Amount = Money.FromMinorUnits(o.Amount, account.Currency) };
        Func<Task> act = () => _ledger.TransferAsync(request).AsTask();
        LoyaltyErrorCode? refusal =
            o.Amount <= 0 ? LoyaltyErrorCode.InvalidAmount
            : kind == AccountKind.Sale ? LoyaltyErrorCode.OperationNotAllowed
            : Expired(account) ? LoyaltyErrorCode.AccountExpired
            : !from.DebitAllowed && from.Balance - o.Amount < 0 ? LoyaltyErrorCode.InsufficientFunds
            : null;
        if (refusal is not null)
        {
            return (refusal, act);
        }

        return (null, async () =>
        {
            (await _ledger.TransferAsync(request)).Amount.ToMinorUnits().Should().Be(o.Amount);
            from.Balance -= o.Amount;
            to.Balance += o.Amount;
        });
    }

    private (LoyaltyErrorCode?, Func<Task>?) PlanMove(MoveMoney o)
    {
        if (_open.Count == 0)
        {
            return (null, null);
        }

        var fromIndex = o.From % (_open.Count + 1);
        var from = fromIndex == _open.Count ? null : _accounts[_open[fromIndex]];
        var to = _accounts[_open[o.To % _open.Count]];
        var sourceCurrency = from?.Currency ?? LedgerOperations.Currencies[0];
        var currency = o.OtherCurrency ? Next(sourceCurrency) : sourceCurrency;
        var request = new TransferRequest
        {
            SourceAccountId = from?.Id ?? UnknownAccountId,
            DestinationAccountId = to.Id,
            Amount = Money.FromMinorUnits(o.Amount, currency),
            IdempotencyKey = o.Keyed ? $"move-{_step}" : null,
        };
        Func<Task> act = () => _ledger.TransferAsync(request).AsTask();
        LoyaltyErrorCode? refusal =
            o.Amount <= 0 ? LoyaltyErrorCode.InvalidAmount
            : request.SourceAccountId == to.Id ? LoyaltyErrorCode.SameAccount
            : (from is not null && Expired(from)) || Expired(to) ? LoyaltyErrorCode.AccountExpired
            : from is null ? LoyaltyErrorCode.AccountNotFound
            : from.Currency != currency || to.Currency != currency ? LoyaltyErrorCode.CurrencyMismatch
            : !from.DebitAllowed && from.Balance - o.Amount < 0 ? LoyaltyErrorCode.InsufficientFunds
            : null;
        if (refusal is not null)
        {
            return (refusal, act);
        }

        return (null, async () =>
        {
            var transaction = await _ledger.TransferAsync(request);
            transaction.Amount.ToMinorUnits().Should().Be(o.Amount);
            from!.Balance -= o.Amount;
            to.Balance += o.Amount;
            if (o.Keyed)
            {
                _keyed.Add(new KeyedRequest(
                    transaction.Uuid.ToString(),
                    async () => (await _ledger.TransferAsync(request)).Uuid.ToString(),
                    () => _ledger.TransferAsync(request with { Amount = Money.FromMinorUnits(o.Amount + 1, currency) }).AsTask()) { CallerKey = request.IdempotencyKey });
            }
        });
    }

    private void Add(ModelAccount account)
    {
        _accounts.Add(account.Id, account);
        _open.Add(account.Id);
    }

    /// <summary>Whether an account has expired by the clock: it is never drawn on and receives nothing.</summary>
    private bool Expired(ModelAccount account) => account.ExpiresAt is { } expiresAt && expiresAt <= Now;

    private async Task VerifyAsync()
    {
        var snapshot = await LedgerSnapshot.TakeAsync(_ledger);
        snapshot.Violations().Should().BeEmpty();
        foreach (var ((kind, currency), breakage) in _system)
        {
            if (kind == AccountKind.Breakage)
            {
                breakage.Balance.Should().BeGreaterThanOrEqualTo(_breakageSeen.GetValueOrDefault(currency), "Breakage only grows");
                _breakageSeen[currency] = breakage.Balance;
            }
        }

        // Each listing's count is exact, unfiltered and by every account (a store may keep these counts rather than count).
        (await _ledger.ListTransfersAsync(new TransferQuery { Limit = 1 })).TotalCount.Should().Be(snapshot.Transfers.Count, "the count of all transfers is exact");
        var transfersOf = snapshot.Transfers.GroupBy(static t => t.AccountId).ToDictionary(static g => g.Key, static g => g.Count());
        foreach (var account in snapshot.Accounts)
        {
            (await _ledger.ListTransfersAsync(new TransferQuery { AccountId = account.Id, Limit = 1 })).TotalCount
                .Should().Be(transfersOf.GetValueOrDefault(account.Id), $"the count of account {account.Id}'s transfers is exact");
        }

        snapshot.Accounts.Select(a => a.Id).Should().BeEquivalentTo(_accounts.Keys, "every account is one the model knows");
        foreach (var account in snapshot.Accounts)
        {
            var model = _accounts[account.Id];
            account.Balance.ToMinorUnits().Should().Be(model.Balance, $"account {account.Id} ({model.Kind}) has the model's balance");
            account.Currency.Should().Be(model.Currency);
            account.Kind.Should().Be(model.Kind);
            account.UserId.Should().Be(model.UserId);
            account.DebitAllowed.Should().Be(model.DebitAllowed);
            account.ExpiresAt.Should().Be(model.ExpiresAt, $"account {account.Id} expires when the model says");
        }

        foreach (var currency in LedgerOperations.Currencies)
        {
            var owed = _payments.Where(p => p.Currency == currency).Sum(p => p.Paid - p.Refunded);
            _system[(AccountKind.Sale, currency)].Balance.Should().Be(owed, "Sale holds what was paid less what was refunded");
        }
    }

    private async Task VerifyRefundsAsync()
    {
        foreach (var payment in _payments)
        {
            var refunds = await _ledger.ListRefundsAsync(payment.OrderNumber);
            refunds.Sum(r => r.Amount.ToMinorUnits()).Should().Be(payment.Refunded);
            payment.Refunded.Should().BeLessThanOrEqualTo(payment.Paid);
        }
    }

    private static Currency Next(Currency currency)
    {
        var currencies = LedgerOperations.Currencies;
        for (var i = 0; i < currencies.Count; i++)
        {
            if (currencies[i] == currency)
            {
                return currencies[(i + 1) % currencies.Count];
            }
        }

        return currencies[0];
    }

    private sealed class ModelAccount(long id, string number, Currency currency, AccountKind kind, long? userId, bool debitAllowed)
    {
        public long Id { get; } = id;

        public string Number { get; } = number;

        public Currency Currency { get; } = currency;

        public AccountKind Kind { get; } = kind;

        public long? UserId { get; set; } = userId;

        public bool DebitAllowed { get; } = debitAllowed;

        public long Balance { get; set; }

        public DateTimeOffset? ExpiresAt { get; init; }
    }

    private sealed class ModelPayment(Guid uuid, string orderNumber, Currency currency, long userId, long paid, List<(long Account, long Amount)> draws)
    {
        public Guid Uuid { get; } = uuid;

        public string OrderNumber { get; } = orderNumber;

        public Currency Currency { get; } = currency;

        public long UserId { get; } = userId;

        public long Paid { get; } = paid;

        public long Refunded { get; set; }

        public List<(long Account, long Amount)> Draws { get; } = draws;

        public Dictionary<long, long> GivenBack { get; } = [];
    }

    private sealed class ModelHold(Guid uuid, string orderNumber, Currency currency, long userId, long authorized, List<(long Account, long Amount)> draws, DateTimeOffset expiresAt)
    {
        public Guid Uuid { get; } = uuid;

        public string OrderNumber { get; } = orderNumber;

        public Currency Currency { get; } = currency;

        public long UserId { get; } = userId;

        public long Authorized { get; } = authorized;

        public List<(long Account, long Amount)> Draws { get; } = draws;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        /// <summary>What the settlement captured (0 for a void), once settled.</summary>
        public long? Captured { get; set; }

        /// <summary>Whether the settlement was a void.</summary>
        public bool Voided { get; set; }

        public Guid? Settlement { get; set; }
    }

    private sealed record KeyedRequest(string Identity, Func<Task<string>> Replay, Func<Task> Conflict)
    {
        /// <summary>The caller-chosen key, when the request has one (not a natural key).</summary>
        public string? CallerKey { get; init; }
    }
}
