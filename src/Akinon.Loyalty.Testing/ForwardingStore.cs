using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Testing;

/// <summary>
/// Forwards every call to another store and offers nothing but <see cref="ILedgerStore"/> (so payments take the
/// retrying path); tests override the hooks to fail, cancel or interleave at chosen points.
/// </summary>
internal abstract class ForwardingStore(ILedgerStore inner) : ILedgerStore
{
    protected ILedgerStore Inner { get; } = inner;

    public ValueTask<Account?> GetAccountAsync(long accountId, CancellationToken cancellationToken) => Inner.GetAccountAsync(accountId, cancellationToken);

    public ValueTask<Account?> FindAccountAsync(string number, Currency currency, CancellationToken cancellationToken) => Inner.FindAccountAsync(number, currency, cancellationToken);

    public ValueTask<IReadOnlyList<Account>> GetUserAccountsAsync(long userId, Currency currency, CancellationToken cancellationToken) => Inner.GetUserAccountsAsync(userId, currency, cancellationToken);

    public ValueTask<Page<Account>> ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken) => Inner.ListAccountsAsync(query, cancellationToken);

    public async ValueTask<AccountCreation> CreateAccountAsync(NewAccount account, TransactionDraft? funding, CancellationToken cancellationToken)
    {
        await BeforeWriteAsync();
        return await Inner.CreateAccountAsync(account, funding, cancellationToken);
    }

    public async ValueTask<Account> GetOrCreateAccountAsync(NewAccount account, CancellationToken cancellationToken)
    {
        await BeforeWriteAsync();
        return await Inner.GetOrCreateAccountAsync(account, cancellationToken);
    }

    public async ValueTask<Account> UpdateAccountAsync(AccountChanges changes, TransactionDraft? adjustment, CancellationToken cancellationToken)
    {
        await BeforeWriteAsync();
        return await Inner.UpdateAccountAsync(changes, adjustment, cancellationToken);
    }

    public async ValueTask<PostOutcome> PostAsync(TransactionDraft draft, CancellationToken cancellationToken)
    {
        await BeforeWriteAsync();
        return await Inner.PostAsync(draft, cancellationToken);
    }

    public ValueTask<Transaction?> GetTransactionAsync(Guid uuid, CancellationToken cancellationToken) => Inner.GetTransactionAsync(uuid, cancellationToken);

    public ValueTask<IReadOnlyList<LoyaltyEvent>> ReadEventsAsync(long afterPosition, int limit, CancellationToken cancellationToken) => Inner.ReadEventsAsync(afterPosition, limit, cancellationToken);

    public ValueTask<long> GetCheckpointAsync(string name, CancellationToken cancellationToken) => Inner.GetCheckpointAsync(name, cancellationToken);

    public ValueTask SaveCheckpointAsync(string name, long position, CancellationToken cancellationToken) => Inner.SaveCheckpointAsync(name, position, cancellationToken);

    public async ValueTask<bool> IsKeyUsedAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var used = await Inner.IsKeyUsedAsync(idempotencyKey, cancellationToken);
        await AfterReadAsync();
        return used;
    }

    public async ValueTask<Transaction?> FindTransactionByKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var found = await Inner.FindTransactionByKeyAsync(idempotencyKey, cancellationToken);
        await AfterReadAsync();
        return found;
    }

    public async ValueTask<IReadOnlyList<Transaction>> GetOrderTransactionsAsync(string orderNumber, CancellationToken cancellationToken)
    {
        await BeforeOrderHistoryReadAsync();
        return await Inner.GetOrderTransactionsAsync(orderNumber, cancellationToken);
    }

    public async ValueTask<PaymentRefundState?> GetPaymentRefundStateAsync(Guid paymentUuid, CancellationToken cancellationToken)
    {
        var state = await Inner.GetPaymentRefundStateAsync(paymentUuid, cancellationToken);
        await AfterReadAsync();
        return state;
    }

    public ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken) => Inner.ListTransfersAsync(query, cancellationToken);

    public ValueTask<Page<Transaction>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken) => Inner.ListTransactionsAsync(query, cancellationToken);

    public ValueTask<long?> GetBalanceAsync(long accountId, DateTimeOffset asOf, CancellationToken cancellationToken) => Inner.GetBalanceAsync(accountId, asOf, cancellationToken);

    public ValueTask<IReadOnlyList<Transfer>> ReadAccountTransfersAsync(long accountId, TransferPosition resumeAfter, DateTimeOffset until, int limit, CancellationToken cancellationToken)
        => Inner.ReadAccountTransfersAsync(accountId, resumeAfter, until, limit, cancellationToken);

    public ValueTask<IReadOnlyList<BalanceGroup>> SumBalancesAsync(Currency currency, DateTimeOffset asOf, DateTimeOffset expiringBy, CancellationToken cancellationToken)
        => Inner.SumBalancesAsync(currency, asOf, expiringBy, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListExpiredHoldsAsync(DateTimeOffset asOf, int limit, CancellationToken cancellationToken)
        => Inner.ListExpiredHoldsAsync(asOf, limit, cancellationToken);

    /// <summary>Runs before every write reaches the inner store.</summary>
    protected virtual ValueTask BeforeWriteAsync() => ValueTask.CompletedTask;

    /// <summary>Runs before an order's history is read.</summary>
    protected virtual ValueTask BeforeOrderHistoryReadAsync() => ValueTask.CompletedTask;

    /// <summary>Runs after a key look-up or a refund-state read, before its (now possibly stale) answer is returned.</summary>
    protected virtual ValueTask AfterReadAsync() => ValueTask.CompletedTask;
}
