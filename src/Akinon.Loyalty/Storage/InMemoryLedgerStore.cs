using System.Globalization;

namespace Akinon.Loyalty.Storage;

/// <summary>
/// The default store: everything in process memory, lost when the process ends. Every write runs under
/// one lock, so each is atomic and serializable with respect to every other; reads see a consistent
/// state. Fit for tests, samples, single-process tools and as the reference the conformance suite
/// checks other stores against.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryLedgerStore : ILedgerStore, IOrderPaymentStore
{
    private readonly object _gate = new();
    private readonly List<AccountState> _accounts = [];
    private readonly Dictionary<(string Number, Currency Currency), AccountState> _accountsByNumber = [];
    private readonly Dictionary<long, List<AccountState>> _accountsByUser = [];

    // History is kept as rows, not as the records handed out: a transfer row holds no reference, so the
    // garbage collector never traces the ever-growing history, and a transaction is one row however many
    // transfers it has. Transfer and Transaction records are built when read.
    private readonly RowLog<TransferRow> _transfers = new();
    private readonly RowLog<TransactionRow> _transactions = new();
    private readonly Dictionary<Guid, int> _transactionsByUuid = [];
    private readonly Dictionary<string, KeyEntry> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lastTransactionOfOrder = new(StringComparer.Ordinal);
    private AccountState[] _scratch = new AccountState[8];
    private readonly List<AccountState> _candidateScratch = [];
    private readonly List<LegDraft> _legScratch = [];

    /// <inheritdoc />
    public ValueTask<Account?> GetAccountAsync(long accountId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(TryGet(accountId)?.Snapshot());
        }
    }

    /// <inheritdoc />
    public ValueTask<Account?> FindAccountAsync(string number, Currency currency, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(_accountsByNumber.TryGetValue((number, currency), out var state) ? state.Snapshot() : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Account>> GetUserAccountsAsync(long userId, Currency currency, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_accountsByUser.TryGetValue(userId, out var owned))
            {
                return new(Array.Empty<Account>());
            }

            var result = new List<Account>(owned.Count);
            foreach (var state in owned)
            {
                if (state.Currency == currency)
                {
                    result.Add(state.Snapshot());
                }
            }

            result.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            return new(result);
        }
    }

    /// <inheritdoc />
    public ValueTask<Page<Account>> ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var items = new List<Account>(Math.Min(query.Limit, 64));
            long total = 0;
            var skipped = 0;
            foreach (var state in _accounts)
            {
                var account = state.Snapshot();
                if (!query.Matches(account))
                {
                    continue;
                }

                total++;
                if (query.AfterId is { } after && account.Id <= after)
                {
                    continue;
                }

                if (skipped < query.Skip)
                {
                    skipped++;
                    continue;
                }

                if (items.Count <= query.Limit)
                {
                    items.Add(account);
                }
            }

            return new(PageOf(items, query.Limit, total, static a => a.Id));
        }
    }

    /// <inheritdoc />
    public ValueTask<AccountCreation> CreateAccountAsync(NewAccount account, TransactionDraft? funding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (account.IdempotencyKey is { } key && _keys.TryGetValue(key, out var existing))
            {
                if (!string.Equals(existing.Fingerprint, account.RequestFingerprint, StringComparison.Ordinal) || existing.AccountId is not { } createdId)
                {
                    throw LedgerErrors.IdempotencyConflict(key);
                }

                return new(new AccountCreation(_accounts[(int)createdId - 1].Snapshot(), existing.Transaction < 0 ? null : TransactionAt(existing.Transaction), Replayed: true));
            }

            if (_accountsByNumber.ContainsKey((account.Number, account.Currency)))
            {
                throw LedgerErrors.DuplicateNumber(account.Number, account.Currency);
            }

            var state = new AccountState(_accounts.Count + 1, account);
            Transaction? posted = null;
            if (funding is not null)
            {
                posted = Post(funding, state).Transaction;
            }
            else
            {
                Add(state);
            }

            if (account.IdempotencyKey is { } newKey)
            {
                _keys.Add(newKey, new KeyEntry(posted is null ? -1 : (int)posted.Id - 1, account.RequestFingerprint, state.Id));
            }

            return new(new AccountCreation(state.Snapshot(), posted, Replayed: false));
        }
    }

    /// <inheritdoc />
    public ValueTask<Account> GetOrCreateAccountAsync(NewAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_accountsByNumber.TryGetValue((account.Number, account.Currency), out var existing))
            {
                return new(existing.Snapshot());
            }

            var state = new AccountState(_accounts.Count + 1, account);
            Add(state);
            return new(state.Snapshot());
        }
    }

    /// <inheritdoc />
    public ValueTask<Account> UpdateAccountAsync(AccountChanges changes, TransactionDraft? adjustment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // The key is judged first: a replay answers whatever happened since, without writing anything.
            if (changes.IdempotencyKey is { } key && _keys.TryGetValue(key, out var existing))
            {
                if (existing.AccountId != changes.AccountId || !string.Equals(existing.Fingerprint, changes.RequestFingerprint, StringComparison.Ordinal))
                {
                    throw LedgerErrors.IdempotencyConflict(key);
                }

                return new(_accounts[(int)changes.AccountId - 1].Snapshot());
            }

            var state = TryGet(changes.AccountId) ?? throw LedgerErrors.AccountNotFound(changes.AccountId);
            if (changes.ExpectedVersion is { } expected && expected != state.Version)
            {
                throw LedgerErrors.VersionConflict(state.Id);
            }

            var saved = (state.DebitAllowed, state.UserEmail, state.UserId, state.ModifiedAt, state.Version);
            var ownerChanged = changes.UserId is { } newOwner && newOwner != state.UserId;
            if (ownerChanged && state.UserId is { } oldOwner)
            {
                // Owners only change when an unowned gift card is redeemed; the ledger checks that.
                throw new LoyaltyException(LoyaltyErrorCode.GiftCardAlreadyRedeemed, string.Create(CultureInfo.InvariantCulture, $"Account {state.Id} already belongs to user {oldOwner}."));
            }

            // The changed fields apply first, so the adjustment is checked against the new debit rule;
            // the version moves only once everything has held.
            var posted = -1;
            state.DebitAllowed = changes.DebitAllowed ?? state.DebitAllowed;
            state.UserEmail = changes.UserEmail ?? state.UserEmail;
            state.UserId = changes.UserId ?? state.UserId;
            state.Invalidate();
            try
            {
                var projected = state.Balance;
                foreach (var leg in adjustment?.Legs ?? [])
                {
                    projected += leg.AccountId == state.Id ? leg.Amount : 0;
                }

                if (!state.DebitAllowed && projected < 0)
                {
                    throw adjustment is null
                        ? new LoyaltyException(LoyaltyErrorCode.OperationNotAllowed, string.Create(CultureInfo.InvariantCulture, $"Account {state.Id} has a negative balance; it must allow debit until the balance is back at zero."))
                        : LedgerErrors.InsufficientFunds(state.Id, state.Balance, state.Balance - projected, state.Currency);
                }

                if (adjustment is not null)
                {
                    posted = (int)Post(adjustment, null).Transaction.Id - 1;
                }
            }
            catch
            {
                (state.DebitAllowed, state.UserEmail, state.UserId, state.ModifiedAt, state.Version) = saved;
                state.Invalidate();
                throw;
            }

            state.ModifiedAt = changes.ModifiedAt;
            state.Version++;
            state.Invalidate();

            if (ownerChanged)
            {
                Owned(state.UserId!.Value).Add(state);
            }

            if (changes.IdempotencyKey is { } newKey)
            {
                _keys.Add(newKey, new KeyEntry(posted, changes.RequestFingerprint, state.Id));
            }

            return new(state.Snapshot());
        }
    }

    /// <inheritdoc />
    public ValueTask<PostOutcome> PostAsync(TransactionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return new(Post(draft, null));
        }
    }

    /// <inheritdoc />
    public ValueTask<OrderPaymentOutcome> PayOrderAsync(OrderPaymentDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_keys.TryGetValue(draft.IdempotencyKey, out var existing))
            {
                var replay = Replay(new TransactionDraft
                {
                    Uuid = draft.Uuid,
                    Kind = TransactionKind.OrderPayment,
                    Currency = draft.Currency,
                    CreatedAt = draft.CreatedAt,
                    Legs = [],
                    RequestFingerprint = draft.RequestFingerprint,
                }, draft.IdempotencyKey, existing).Transaction;
                return new(new OrderPaymentOutcome(replay, AllocationsOf(replay), Replayed: true));
            }

            // The user's accounts that can give, in the draft's order (ties by id).
            // Scratch lists: every write runs under the lock, and neither list outlives this call.
            var candidates = _candidateScratch;
            candidates.Clear();
            if (_accountsByUser.TryGetValue(draft.UserId, out var owned))
            {
                foreach (var state in owned)
                {
                    if (state.Currency == draft.Currency && state.Balance > 0 && !state.Kind.IsSystem())
                    {
                        candidates.Add(state);
                    }
                }
            }

            candidates.Sort(draft.Order == StoreAllocationOrder.SmallestBalanceFirst ? BySmallestBalance : ByOldest);
            var legs = _legScratch;
            legs.Clear();
            var allocations = new List<Allocation>(candidates.Count);
            var remaining = draft.Target;
            foreach (var state in candidates)
            {
                if (remaining == 0)
                {
                    break;
                }

                var take = Math.Min(remaining, state.Balance);
                legs.Add(new LegDraft(state.Id, -take) { NeverBelowZero = true });
                allocations.Add(new Allocation(state.Id, state.Number, Money.FromMinorUnits(take, draft.Currency)));
                remaining -= take;
            }

            if (legs.Count == 0)
            {
                return new(new OrderPaymentOutcome(null, allocations, Replayed: false));
            }

            legs.Add(new LegDraft(draft.SaleAccountId, draft.Target - remaining));
            var posted = Post(
                new TransactionDraft
                {
                    Uuid = draft.Uuid,
                    Kind = TransactionKind.OrderPayment,
                    Currency = draft.Currency,
                    CreatedAt = draft.CreatedAt,
                    OrderNumber = draft.OrderNumber,
                    OrderId = draft.OrderId,
                    UserId = draft.UserId,
                    UserEmail = draft.UserEmail,
                    IdempotencyKey = draft.IdempotencyKey,
                    RequestFingerprint = draft.RequestFingerprint,
                    Legs = legs,
                },
                null);
            return new(new OrderPaymentOutcome(posted.Transaction, allocations, Replayed: false));
        }
    }

    /// <inheritdoc />
    public ValueTask<Transaction?> GetTransactionAsync(Guid uuid, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(_transactionsByUuid.TryGetValue(uuid, out var index) ? TransactionAt(index) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<Transaction?> FindTransactionByKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(_keys.TryGetValue(idempotencyKey, out var entry) && entry.Transaction >= 0 ? TransactionAt(entry.Transaction) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Transaction>> GetOrderTransactionsAsync(string orderNumber, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_lastTransactionOfOrder.TryGetValue(orderNumber, out var index))
            {
                return new(Array.Empty<Transaction>());
            }

            // The order's transactions are linked newest to oldest through their rows.
            var transactions = new List<Transaction>();
            for (; index >= 0; index = _transactions[index].PreviousOfOrder)
            {
                transactions.Add(TransactionAt(index));
            }

            transactions.Reverse();
            return new(transactions);
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentRefundState?> GetPaymentRefundStateAsync(Guid paymentUuid, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(PaymentIndex(paymentUuid) is { } index ? new PaymentRefundState(_transactions[index].Paid, _transactions[index].Refunded) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var items = new List<Transfer>(Math.Min(query.Limit + 1, 64));
            long total = 0;
            var skipped = 0;
            for (var i = _transfers.Count - 1; i >= 0; i--)
            {
                if (!Matches(query, _transfers[i]))
                {
                    continue;
                }

                total++;
                if ((query.BeforeId is { } before && i + 1 >= before) || items.Count > query.Limit)
                {
                    continue;
                }

                if (skipped < query.Skip)
                {
                    skipped++;
                    continue;
                }

                items.Add(TransferAt(i));
            }

            return new(PageOf(items, query.Limit, total, static t => t.Id));
        }
    }

    private static readonly Comparison<AccountState> ByOldest = static (a, b) => a.Id.CompareTo(b.Id);

    private static readonly Comparison<AccountState> BySmallestBalance = static (a, b) => a.Balance != b.Balance ? a.Balance.CompareTo(b.Balance) : a.Id.CompareTo(b.Id);

    private List<Allocation> AllocationsOf(Transaction payment)
    {
        var allocations = new List<Allocation>(payment.Transfers.Count);
        foreach (var transfer in payment.Transfers)
        {
            if (transfer.Amount.IsNegative)
            {
                allocations.Add(new Allocation(transfer.AccountId, _accounts[(int)transfer.AccountId - 1].Number, -transfer.Amount));
            }
        }

        return allocations;
    }

    private static Page<T> PageOf<T>(List<T> items, int limit, long total, Func<T, long> id)
    {
        var more = items.Count > limit;
        if (more)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new Page<T> { Items = items, TotalCount = total, NextCursor = more ? id(items[^1]) : null };
    }

    private bool Matches(TransferQuery query, in TransferRow row)
    {
        if (query.AccountId is { } accountId && row.AccountId != accountId)
        {
            return false;
        }

        ref readonly var transaction = ref _transactions[row.Transaction];
        if ((query.Currency is { } currency && transaction.Currency != currency)
            || (query.TransactionUuid is { } uuid && transaction.Uuid != uuid)
            || (query.OrderNumber is { } order && !string.Equals(transaction.OrderNumber, order, StringComparison.Ordinal)))
        {
            return false;
        }

        return query.UserId is not { } userId || _accounts[(int)row.AccountId - 1].UserId == userId;
    }

    private PostOutcome Replay(TransactionDraft draft, string key, KeyEntry existing)
    {
        if (existing.Transaction < 0 || !string.Equals(existing.Fingerprint, draft.RequestFingerprint, StringComparison.Ordinal))
        {
            throw LedgerErrors.IdempotencyConflict(key);
        }

        return new PostOutcome(TransactionAt(existing.Transaction), Replayed: true);
    }

    private int? PaymentIndex(Guid uuid)
        => _transactionsByUuid.TryGetValue(uuid, out var index) && _transactions[index].Kind == TransactionKind.OrderPayment ? index : null;

    private Transfer TransferAt(int index)
    {
        var row = _transfers[index];
        ref readonly var transaction = ref _transactions[row.Transaction];
        return new Transfer
        {
            Id = index + 1,
            AccountId = row.AccountId,
            Amount = Money.FromMinorUnits(row.Amount, transaction.Currency),
            TransactionUuid = transaction.Uuid,
            TransactionKind = transaction.Kind,
            OrderNumber = transaction.OrderNumber,
            CreatedAt = transaction.CreatedAt,
        };
    }

    private Transaction TransactionAt(int index)
    {
        var row = _transactions[index];
        var transfers = new Transfer[row.TransferCount];
        for (var i = 0; i < transfers.Length; i++)
        {
            transfers[i] = TransferAt(row.FirstTransfer + i);
        }

        return new Transaction
        {
            Id = index + 1,
            Uuid = row.Uuid,
            Kind = row.Kind,
            Currency = row.Currency,
            OrderNumber = row.OrderNumber,
            OrderId = row.OrderId,
            UserId = row.UserId,
            UserEmail = row.UserEmail,
            PaymentUuid = row.PaymentUuid,
            InvoiceNumber = row.InvoiceNumber,
            IdempotencyKey = row.IdempotencyKey,
            RequestFingerprint = row.RequestFingerprint,
            CreatedAt = row.CreatedAt,
            Transfers = transfers,
        };
    }

    private AccountState? TryGet(long accountId)
        => accountId > 0 && accountId <= _accounts.Count ? _accounts[(int)accountId - 1] : null;

    private void Add(AccountState state)
    {
        _accounts.Add(state);
        _accountsByNumber.Add((state.Number, state.Currency), state);
        if (state.UserId is { } userId)
        {
            Owned(userId).Add(state);
        }
    }

    private List<AccountState> Owned(long userId)
    {
        if (!_accountsByUser.TryGetValue(userId, out var owned))
        {
            owned = [];
            _accountsByUser.Add(userId, owned);
        }

        return owned;
    }

    /// <summary>Checks every precondition, then applies the draft. <paramref name="newAccount"/> is added only if the draft applies.</summary>
    private PostOutcome Post(TransactionDraft draft, AccountState? newAccount)
    {
        if (draft.IdempotencyKey is { } key && _keys.TryGetValue(key, out var existing))
        {
            return Replay(draft, key, existing);
        }

        var legs = draft.Legs;
        if (legs.Count < 2)
        {
            throw LedgerErrors.Unbalanced("A transaction needs at least two transfers.");
        }

        // Resolve and check every leg before changing anything.
        Span<long> balances = legs.Count <= 16 ? stackalloc long[legs.Count] : new long[legs.Count];
        // Every write runs under the lock, so one scratch array serves them all without allocating.
        if (_scratch.Length < legs.Count)
        {
            _scratch = new AccountState[Math.Max(legs.Count, _scratch.Length * 2)];
        }

        var states = _scratch;
        long sum = 0;
        for (var i = 0; i < legs.Count; i++)
        {
            var leg = legs[i];
            if (leg.Amount == 0)
            {
                throw LedgerErrors.Unbalanced("A transfer must move a non-zero amount.");
            }

            var state = leg.AccountId == LegDraft.NewAccountId && newAccount is not null ? newAccount : TryGet(leg.AccountId) ?? throw LedgerErrors.AccountNotFound(leg.AccountId);
            if (state.Currency != draft.Currency)
            {
                throw LedgerErrors.CurrencyMismatch(state.Id, state.Currency, draft.Currency);
            }

            if (leg.ExpectedVersion is { } expected && expected != state.Version)
            {
                throw LedgerErrors.VersionConflict(state.Id);
            }

            sum = LedgerErrors.Add(sum, leg.Amount);
            states[i] = state;
        }

        if (sum != 0)
        {
            throw LedgerErrors.Unbalanced("The transfers of a transaction must sum to zero.");
        }

        // A stale refund claim is a race, not a lack of money: report it before the debit rules, so the
        // ledger prepares the refund again instead of refusing it.
        int? payment = null;
        if (draft.Refund is { } claim)
        {
            payment = PaymentIndex(claim.PaymentUuid) ?? throw LedgerErrors.PaymentNotFound(claim.PaymentUuid);
            var (paid, refunded) = (_transactions[payment.Value].Paid, _transactions[payment.Value].Refunded);
            if (refunded != claim.RefundedBefore)
            {
                throw LedgerErrors.RefundRace(claim.PaymentUuid);
            }

            if (claim.Amount <= 0 || claim.Amount > paid - refunded)
            {
                throw LedgerErrors.RefundExceedsPayment(claim.PaymentUuid, paid, refunded, claim.Amount, draft.Currency);
            }
        }

        for (var i = 0; i < legs.Count; i++)
        {
            // The balance after every leg on the same account, so repeated accounts are checked as one.
            var balance = states[i].Balance;
            var keepNonNegative = !states[i].DebitAllowed;
            for (var j = 0; j < legs.Count; j++)
            {
                if (ReferenceEquals(states[j], states[i]))
                {
                    balance = LedgerErrors.Add(balance, legs[j].Amount);
                    keepNonNegative |= legs[j].NeverBelowZero;
                }
            }

            if (balance < 0 && keepNonNegative && legs[i].Amount < 0)
            {
                throw LedgerErrors.InsufficientFunds(states[i].Id, states[i].Balance, -legs[i].Amount, draft.Currency);
            }

            balances[i] = balance;
        }

        if (_transactionsByUuid.ContainsKey(draft.Uuid))
        {
            throw LedgerErrors.Unbalanced("A transaction with this UUID already exists; a draft's UUID must be new.");
        }

        // Everything holds: apply.
        if (newAccount is not null)
        {
            Add(newAccount);
        }

        var index = _transactions.Count;
        var firstTransfer = _transfers.Count;
        for (var i = 0; i < legs.Count; i++)
        {
            var state = states[i];
            state.Balance = balances[i];
            state.ModifiedAt = draft.CreatedAt;
            state.Version++;
            state.Invalidate();
            _transfers.Add(new TransferRow(state.Id, legs[i].Amount, index));
        }

        _transactions.Add(new TransactionRow
        {
            Uuid = draft.Uuid,
            Kind = draft.Kind,
            Currency = draft.Currency,
            OrderNumber = draft.OrderNumber,
            OrderId = draft.OrderId,
            UserId = draft.UserId,
            UserEmail = draft.UserEmail,
            PaymentUuid = draft.PaymentUuid,
            InvoiceNumber = draft.InvoiceNumber,
            IdempotencyKey = draft.IdempotencyKey,
            RequestFingerprint = draft.RequestFingerprint,
            CreatedAt = draft.CreatedAt,
            FirstTransfer = firstTransfer,
            TransferCount = legs.Count,
            Paid = draft.Kind == TransactionKind.OrderPayment ? PositiveTotal(legs) : 0,
            PreviousOfOrder = draft.OrderNumber is { } order && _lastTransactionOfOrder.TryGetValue(order, out var previous) ? previous : -1,
        });
        _transactionsByUuid.Add(draft.Uuid, index);
        if (draft.OrderNumber is { } orderNumber)
        {
            _lastTransactionOfOrder[orderNumber] = index;
        }

        if (payment is { } paymentIndex)
        {
            _transactions[paymentIndex].Refunded += draft.Refund!.Value.Amount;
        }

        if (draft.IdempotencyKey is { } newKey)
        {
            _keys.Add(newKey, new KeyEntry(index, draft.RequestFingerprint, newAccount?.Id));
        }

        return new PostOutcome(TransactionAt(index), Replayed: false);
    }

    private static long PositiveTotal(IReadOnlyList<LegDraft> legs)
    {
        long total = 0;
        foreach (var leg in legs)
        {
            if (leg.Amount > 0)
            {
                total += leg.Amount;
            }
        }

        return total;
    }

    /// <summary>One transfer of the history: no references, so the collector never traces it.</summary>
    private readonly record struct TransferRow(long AccountId, long Amount, int Transaction);

    /// <summary>What an idempotency key was used for: a transaction (index, or -1) and, for an account creation, the account.</summary>
    private readonly record struct KeyEntry(int Transaction, string? Fingerprint, long? AccountId);

    /// <summary>One transaction of the history; its transfers are the rows from <see cref="FirstTransfer"/> on.</summary>
    private struct TransactionRow
    {
        public Guid Uuid;
        public TransactionKind Kind;
        public Currency Currency;
        public string? OrderNumber;
        public long? OrderId;
        public long? UserId;
        public string? UserEmail;
        public Guid? PaymentUuid;
        public string? InvoiceNumber;
        public string? IdempotencyKey;
        public string? RequestFingerprint;
        public DateTimeOffset CreatedAt;
        public int FirstTransfer;
        public int TransferCount;

        // For an order payment: what it paid to Sale and what refunds have given back, in minor units.
        public long Paid;
        public long Refunded;

        // The previous transaction of the same order, or -1: an order's history without a list per order.
        public int PreviousOfOrder;
    }

    private sealed class AccountState(long id, NewAccount account)
    {
        private Account? _snapshot;

        public long Id { get; } = id;

        public string Number { get; } = account.Number;

        public Currency Currency { get; } = account.Currency;

        public AccountKind Kind { get; } = account.Kind;

        public DateTimeOffset CreatedAt { get; } = account.CreatedAt;

        public long? UserId { get; set; } = account.UserId;

        public string? UserEmail { get; set; } = account.UserEmail;

        public bool DebitAllowed { get; set; } = account.DebitAllowed;

        public long Balance { get; set; }

        public DateTimeOffset ModifiedAt { get; set; } = account.CreatedAt;

        public long Version { get; set; } = 1;

        public void Invalidate() => _snapshot = null;

        public Account Snapshot() => _snapshot ??= new Account
        {
            Id = Id,
            Number = Number,
            Currency = Currency,
            Kind = Kind,
            UserId = UserId,
            UserEmail = UserEmail,
            DebitAllowed = DebitAllowed,
            Balance = Money.FromMinorUnits(Balance, Currency),
            CreatedAt = CreatedAt,
            ModifiedAt = ModifiedAt,
            Version = Version,
        };
    }
}
