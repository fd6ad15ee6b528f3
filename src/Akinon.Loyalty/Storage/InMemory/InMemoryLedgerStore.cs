namespace Akinon.Loyalty.Storage;

/// <summary>
/// The default store: everything in process memory, lost when the process ends. Every write runs under
/// one lock, so each is atomic and serializable with respect to every other; reads see a consistent
/// state. Fit for tests, samples, single-process tools and as the reference the conformance suite
/// checks other stores against.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed partial class InMemoryLedgerStore : ILedgerStore, IOrderPaymentStore, IAccountExpiryReader
{
    // One lock for every write and read: the store's atomicity, and what lets the scratch buffers be shared.
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly KeyBook _keys = new();
    private readonly Scratch _scratch = new();

    /// <inheritdoc />
    public ValueTask<Account?> GetAccountAsync(long accountId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(TryGet(accountId)?.Snapshot());
        }
    }

    /// <inheritdoc />
    bool IAccountExpiryReader.TryReadExpiry(long accountId, out DateTimeOffset? expiresAt)
    {
        lock (_gate)
        {
            var state = TryGet(accountId);
            expiresAt = state?.ExpiresAt;
            return state is not null;
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
            for (var state = owned.Newest; state is not null; state = state.PreviousOfUser)
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
            return new(_keys.TransactionOf(idempotencyKey) is var index and >= 0 ? TransactionAt(index) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> IsKeyUsedAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        lock (_gate)
        {
            return new(_keys.Contains(idempotencyKey));
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
}
