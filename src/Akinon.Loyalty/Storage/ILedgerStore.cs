namespace Akinon.Loyalty.Storage;

/// <summary>
/// Where one ledger (one commerce channel) keeps its accounts and transactions. A store applies each
/// write atomically and only if its preconditions still hold at that moment, whatever the concurrency;
/// a refused write throws <see cref="LoyaltyException"/> and changes nothing. Every implementation must
/// pass the conformance suite in <c>Akinon.Loyalty.Testing</c>.
/// </summary>
/// <remarks>
/// Implementations are thread-safe. Stores are not called with invalid drafts by the ledger (legs
/// summing to zero, positive ids), but must still refuse one rather than write it.
/// </remarks>
public interface ILedgerStore
{
    /// <summary>Returns an account by id, or <see langword="null"/>.</summary>
    /// <param name="accountId">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The account or <see langword="null"/>.</returns>
    ValueTask<Account?> GetAccountAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>Returns an account by number and currency, or <see langword="null"/>.</summary>
    /// <param name="number">The account number (exact match).</param>
    /// <param name="currency">The currency.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The account or <see langword="null"/>.</returns>
    ValueTask<Account?> FindAccountAsync(string number, Currency currency, CancellationToken cancellationToken);

    /// <summary>Returns every account of a user in a currency, ordered by ascending id.</summary>
    /// <param name="userId">The owner.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The accounts.</returns>
    ValueTask<IReadOnlyList<Account>> GetUserAccountsAsync(long userId, Currency currency, CancellationToken cancellationToken);

    /// <summary>Lists accounts.</summary>
    /// <param name="query">Filters and paging (already validated).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    ValueTask<Page<Account>> ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Creates an account and, when <paramref name="funding"/> is given, posts it in the same atomic step
    /// (legs on <see cref="LegDraft.NewAccountId"/> move the new account).
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="funding">An optional funding draft.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The account and funding, or the originals when the account's idempotency key replays.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.DuplicateAccountNumber"/>, <see cref="LoyaltyErrorCode.IdempotencyConflict"/>, or any refusal of <see cref="PostAsync"/>.</exception>
    ValueTask<AccountCreation> CreateAccountAsync(NewAccount account, TransactionDraft? funding, CancellationToken cancellationToken);

    /// <summary>Returns the account with the number and currency of <paramref name="account"/>, creating it when missing (system and invoice accounts).</summary>
    /// <param name="account">The account to find or create.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The existing or new account.</returns>
    ValueTask<Account> GetOrCreateAccountAsync(NewAccount account, CancellationToken cancellationToken);

    /// <summary>
    /// Changes an account's mutable fields and, when <paramref name="adjustment"/> is given, posts it in the same atomic step,
    /// checked against the changed fields. A keyed update (<see cref="AccountChanges.IdempotencyKey"/>) is judged by its key
    /// first, before the expected version and every other rule, and is remembered even when it posts nothing.
    /// </summary>
    /// <param name="changes">The changes.</param>
    /// <param name="adjustment">An optional draft to post with them (without a key of its own).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The changed account, or the account as it is now when the key replays.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.AccountNotFound"/>, <see cref="LoyaltyErrorCode.ConcurrencyConflict"/>, <see cref="LoyaltyErrorCode.OperationNotAllowed"/>, <see cref="LoyaltyErrorCode.IdempotencyConflict"/>, or any refusal of <see cref="PostAsync"/>.</exception>
    ValueTask<Account> UpdateAccountAsync(AccountChanges changes, TransactionDraft? adjustment, CancellationToken cancellationToken);

    /// <summary>Posts a balanced draft atomically if its preconditions hold.</summary>
    /// <param name="draft">The draft.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The posted (or replayed) transaction.</returns>
    /// <exception cref="LoyaltyException">
    /// <see cref="LoyaltyErrorCode.AccountNotFound"/>, <see cref="LoyaltyErrorCode.CurrencyMismatch"/>,
    /// <see cref="LoyaltyErrorCode.InsufficientFunds"/>, <see cref="LoyaltyErrorCode.ConcurrencyConflict"/>,
    /// <see cref="LoyaltyErrorCode.IdempotencyConflict"/>, <see cref="LoyaltyErrorCode.PaymentNotFound"/>,
    /// <see cref="LoyaltyErrorCode.RefundExceedsPayment"/>, <see cref="LoyaltyErrorCode.Overflow"/>,
    /// <see cref="LoyaltyErrorCode.InvalidArgument"/> for an unbalanced draft.
    /// </exception>
    ValueTask<PostOutcome> PostAsync(TransactionDraft draft, CancellationToken cancellationToken);

    /// <summary>Returns a transaction by UUID, or <see langword="null"/>.</summary>
    /// <param name="uuid">The UUID.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The transaction or <see langword="null"/>.</returns>
    ValueTask<Transaction?> GetTransactionAsync(Guid uuid, CancellationToken cancellationToken);

    /// <summary>Returns the transaction posted under a scoped idempotency key, or <see langword="null"/> (also for a key that created an account without funding).</summary>
    /// <param name="idempotencyKey">The scoped key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The transaction or <see langword="null"/>.</returns>
    ValueTask<Transaction?> FindTransactionByKeyAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a scoped idempotency key was used by any write (a transaction, an account creation or an update, with or
    /// without funding). The ledger asks before refusing a keyed request on a rule judged against its clock (an expiry
    /// that has passed, an account that has expired since), so that a retry is judged by its key first, as
    /// <see cref="DraftRules"/> orders: it replays or conflicts. The default answers <see langword="false"/> (unknown);
    /// a store that keeps the default refuses such a retry as if it were new.
    /// </summary>
    /// <param name="idempotencyKey">The scoped key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="true"/> when the key was used.</returns>
    ValueTask<bool> IsKeyUsedAsync(string idempotencyKey, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    /// <summary>Returns every transaction for an order number, oldest first.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The transactions.</returns>
    ValueTask<IReadOnlyList<Transaction>> GetOrderTransactionsAsync(string orderNumber, CancellationToken cancellationToken);

    /// <summary>Returns how much of an order payment was paid and has been refunded, or <see langword="null"/> when there is no such payment.</summary>
    /// <param name="paymentUuid">The payment transaction.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state or <see langword="null"/>.</returns>
    ValueTask<PaymentRefundState?> GetPaymentRefundStateAsync(Guid paymentUuid, CancellationToken cancellationToken);

    /// <summary>
    /// The order numbers of the live holds that have expired by <paramref name="asOf"/>: the
    /// <see cref="TransactionKind.Authorization"/> transactions with an <see cref="TransactionDraft.ExpiresAt"/> at or before
    /// it that no transaction has settled yet (a settlement is a draft for which <see cref="TransactionDraft.SettlesHold"/>
    /// is true, naming the hold in <see cref="TransactionDraft.PaymentUuid"/>), soonest expiring first, at most
    /// <paramref name="limit"/>. The expiry run voids what this returns, so its cost follows the holds that are live, not
    /// every hold the ledger ever held: a store keeps its holds where this can find them without reading history, and may
    /// forget a settled one as late as this call.
    /// </summary>
    /// <param name="asOf">The instant (already truncated to the microsecond).</param>
    /// <param name="limit">The most order numbers to return (already validated: positive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The order numbers, soonest expiring first.</returns>
    ValueTask<IReadOnlyList<string>> ListExpiredHoldsAsync(DateTimeOffset asOf, int limit, CancellationToken cancellationToken);

    /// <summary>Lists transfers, newest first.</summary>
    /// <param name="query">Filters and paging (already validated).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the event feed: the transactions posted after <paramref name="afterPosition"/>, oldest first, at most
    /// <paramref name="limit"/>. Positions start at 1 and grow by one per posted transaction, in commit order, so a
    /// reader that resumes after the last position it handled never skips an event committed later.
    /// </summary>
    /// <param name="afterPosition">The last position already read; <see cref="LoyaltyEvent.Start"/> for the whole feed.</param>
    /// <param name="limit">The most events to return (already validated: 1 to <see cref="ILoyaltyLedger"/>'s maximum).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events, in ascending position; empty when none is newer.</returns>
    ValueTask<IReadOnlyList<LoyaltyEvent>> ReadEventsAsync(long afterPosition, int limit, CancellationToken cancellationToken);

    /// <summary>Lists transactions with their transfers, newest first (by id).</summary>
    /// <param name="query">Filters and paging (already validated); <see cref="TransactionQuery.Matches(Transaction)"/> is the filter rule.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, with the total count of matches and the keyset cursor of the next page.</returns>
    ValueTask<Page<Transaction>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken);

    /// <summary>The position a named event dispatcher has delivered up to; <see cref="LoyaltyEvent.Start"/> when it never saved one.</summary>
    /// <param name="name">The dispatcher's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The saved position.</returns>
    ValueTask<long> GetCheckpointAsync(string name, CancellationToken cancellationToken);

    /// <summary>Saves, durably, the position a named event dispatcher has delivered up to.</summary>
    /// <param name="name">The dispatcher's name.</param>
    /// <param name="position">The last delivered position.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the checkpoint is saved.</returns>
    ValueTask SaveCheckpointAsync(string name, long position, CancellationToken cancellationToken);

    /// <summary>
    /// An account's balance as of an instant: the sum of its transfers posted at or before <paramref name="asOf"/>
    /// (<see cref="Transfer.CreatedAt"/> ≤ <paramref name="asOf"/>), read in one consistent view of the account.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">The instant (already truncated to the microsecond).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The balance in minor units, or <see langword="null"/> when there is no such account.</returns>
    ValueTask<long?> GetBalanceAsync(long accountId, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>
    /// One page of an account's transfers for a statement, oldest first by (<see cref="Transfer.CreatedAt"/>,
    /// <see cref="Transfer.Id"/>): those positioned after <paramref name="resumeAfter"/> and posted at or before
    /// <paramref name="until"/>, at most <paramref name="limit"/>.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="resumeAfter">Where the previous page ended; <see cref="TransferPosition.After"/> the period's start for the first page.</param>
    /// <param name="until">The end of the period, inclusive (already truncated to the microsecond).</param>
    /// <param name="limit">The most transfers to return (already validated: positive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The transfers; fewer than <paramref name="limit"/> only at the end of the period.</returns>
    ValueTask<IReadOnlyList<Transfer>> ReadAccountTransfersAsync(long accountId, TransferPosition resumeAfter, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Sums the balances of a currency's accounts as of an instant (each the sum of its transfers posted at or before
    /// <paramref name="asOf"/>), in one consistent view, grouped by kind and, for accounts whose
    /// <see cref="Account.ExpiresAt"/> is at or before <paramref name="expiringBy"/>, by that instant; accounts that
    /// never expire or expire later form one group per kind with <see cref="BalanceGroup.ExpiresAt"/> <see langword="null"/>.
    /// Groups whose balance is zero may be left out. The liability report is built from it.
    /// </summary>
    /// <param name="currency">The currency.</param>
    /// <param name="asOf">The instant (already truncated to the microsecond).</param>
    /// <param name="expiringBy">The end of the expiry window.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The groups, in no particular order.</returns>
    ValueTask<IReadOnlyList<BalanceGroup>> SumBalancesAsync(Currency currency, DateTimeOffset asOf, DateTimeOffset expiringBy, CancellationToken cancellationToken);
}
