using Akinon.Loyalty.Storage;
using Akinon.Loyalty.Testing;

namespace Akinon.Loyalty.Tests.Storage;

/// <summary>
/// The whole contract again, with the in-memory store hidden behind a plain <see cref="ILedgerStore"/>, so
/// the ledger pays orders the generic way (read, allocate with <see cref="OrderAllocator"/>, post, retry)
/// instead of through <see cref="IOrderPaymentStore"/>: both paths must give the same results.
/// </summary>
public sealed class GenericPaymentPathConformanceTests : LedgerConformanceTests
{
    protected override ILedgerStore CreateStore() => new PlainStore(new InMemoryLedgerStore());

    /// <summary>Forwards every call and offers nothing but <see cref="ILedgerStore"/>.</summary>
    private sealed class PlainStore(ILedgerStore inner) : ILedgerStore
    {
        public ValueTask<Account?> GetAccountAsync(long accountId, CancellationToken cancellationToken) => inner.GetAccountAsync(accountId, cancellationToken);

        public ValueTask<Account?> FindAccountAsync(string number, Currency currency, CancellationToken cancellationToken) => inner.FindAccountAsync(number, currency, cancellationToken);

        public ValueTask<IReadOnlyList<Account>> GetUserAccountsAsync(long userId, Currency currency, CancellationToken cancellationToken) => inner.GetUserAccountsAsync(userId, currency, cancellationToken);

        public ValueTask<Page<Account>> ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken) => inner.ListAccountsAsync(query, cancellationToken);

        public ValueTask<AccountCreation> CreateAccountAsync(NewAccount account, TransactionDraft? funding, CancellationToken cancellationToken) => inner.CreateAccountAsync(account, funding, cancellationToken);

        public ValueTask<Account> GetOrCreateAccountAsync(NewAccount account, CancellationToken cancellationToken) => inner.GetOrCreateAccountAsync(account, cancellationToken);

        public ValueTask<Account> UpdateAccountAsync(AccountChanges changes, TransactionDraft? adjustment, CancellationToken cancellationToken) => inner.UpdateAccountAsync(changes, adjustment, cancellationToken);

        public ValueTask<PostOutcome> PostAsync(TransactionDraft draft, CancellationToken cancellationToken) => inner.PostAsync(draft, cancellationToken);

        public ValueTask<Transaction?> GetTransactionAsync(Guid uuid, CancellationToken cancellationToken) => inner.GetTransactionAsync(uuid, cancellationToken);

        public ValueTask<IReadOnlyList<LoyaltyEvent>> ReadEventsAsync(long afterPosition, int limit, CancellationToken cancellationToken) => inner.ReadEventsAsync(afterPosition, limit, cancellationToken);

        public ValueTask<long> GetCheckpointAsync(string name, CancellationToken cancellationToken) => inner.GetCheckpointAsync(name, cancellationToken);

        public ValueTask SaveCheckpointAsync(string name, long position, CancellationToken cancellationToken) => inner.SaveCheckpointAsync(name, position, cancellationToken);

        public ValueTask<Transaction?> FindTransactionByKeyAsync(string idempotencyKey, CancellationToken cancellationToken) => inner.FindTransactionByKeyAsync(idempotencyKey, cancellationToken);

        public ValueTask<bool> IsKeyUsedAsync(string idempotencyKey, CancellationToken cancellationToken) => inner.IsKeyUsedAsync(idempotencyKey, cancellationToken);

        public ValueTask<IReadOnlyList<Transaction>> GetOrderTransactionsAsync(string orderNumber, CancellationToken cancellationToken) => inner.GetOrderTransactionsAsync(orderNumber, cancellationToken);

        public ValueTask<PaymentRefundState?> GetPaymentRefundStateAsync(Guid paymentUuid, CancellationToken cancellationToken) => inner.GetPaymentRefundStateAsync(paymentUuid, cancellationToken);

        public ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken) => inner.ListTransfersAsync(query, cancellationToken);

        public ValueTask<Page<Transaction>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken) => inner.ListTransactionsAsync(query, cancellationToken);

        public ValueTask<long?> GetBalanceAsync(long accountId, DateTimeOffset asOf, CancellationToken cancellationToken) => inner.GetBalanceAsync(accountId, asOf, cancellationToken);

        public ValueTask<IReadOnlyList<Transfer>> ReadAccountTransfersAsync(long accountId, TransferPosition resumeAfter, DateTimeOffset until, int limit, CancellationToken cancellationToken)
            => inner.ReadAccountTransfersAsync(accountId, resumeAfter, until, limit, cancellationToken);

        public ValueTask<IReadOnlyList<BalanceGroup>> SumBalancesAsync(Currency currency, DateTimeOffset asOf, DateTimeOffset expiringBy, CancellationToken cancellationToken)
            => inner.SumBalancesAsync(currency, asOf, expiringBy, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListExpiredHoldsAsync(DateTimeOffset asOf, int limit, CancellationToken cancellationToken)
            => inner.ListExpiredHoldsAsync(asOf, limit, cancellationToken);
    }
}
