namespace Akinon.Loyalty;

/// <summary>
/// One loyalty ledger (one commerce channel): accounts, balanced transactions, order payments, refunds
/// and gift cards. Every write is atomic and either happens whole or changes nothing (system accounts
/// included: a refused write never leaves new ones behind); refusals throw <see cref="LoyaltyException"/>
/// with a stable <see cref="LoyaltyException.Code"/>. A cancelled call throws <see cref="OperationCanceledException"/>
/// before its write, or between its retries, and then changes nothing.
/// </summary>
/// <remarks>
/// <para>Idempotency: every caller-chosen key (account creation, update, transfer, refund without invoice, gift card
/// with a generated code, refund to loyalty) lives in one namespace per ledger; the same key sent with another
/// operation, another account or any other field (present or absent) is <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.
/// Natural keys keep scopes of their own: the order number of a payment, the invoice number (and currency) of an
/// invoice refund, the code (and currency) of a gift card. A replay returns the original result and writes nothing,
/// even while loyalty money is switched off.</para>
/// <para>Account numbers (customer numbers, gift card codes, invoice numbers) are 1 to 128 printable ASCII
/// characters (0x21 to 0x7E) without whitespace, else <see cref="LoyaltyErrorCode.InvalidArgument"/>; the three
/// configured system numbers are reserved in every currency, ignoring case (<see cref="LoyaltyErrorCode.DuplicateAccountNumber"/>).</para>
/// </remarks>
/// <remarks>Thread-safe; register and use as a singleton.</remarks>
public interface ILoyaltyLedger
{
    /// <summary>Opens a customer account for a user, with an optional opening balance adjusted in from the Bank account.</summary>
    /// <param name="request">The account to open.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new account (or the first one, for a replayed idempotency key).</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> (no user, or a number breaking the account number rule), <see cref="LoyaltyErrorCode.InvalidCurrency"/>, <see cref="LoyaltyErrorCode.CurrencyMismatch"/> (balance in another currency), <see cref="LoyaltyErrorCode.DuplicateAccountNumber"/> (the number exists, or is a system number), <see cref="LoyaltyErrorCode.InsufficientFunds"/> (negative opening balance without debit), <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.</exception>
    ValueTask<Account> CreateAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Imports accounts from another system, each with its opening balance adjusted in from the currency's Bank account
    /// (as <see cref="CreateAccountAsync"/> opens one), written in chunks, each chunk atomically (one database
    /// transaction on PostgreSQL, through binary <c>COPY</c>). The number (with the currency) is the key: a row whose
    /// account exists with the same fields is skipped, so re-running an interrupted import resumes without duplicates;
    /// one that exists with other fields is refused with <see cref="LoyaltyErrorCode.DuplicateAccountNumber"/>. A row
    /// that breaks a rule is refused with its line and the code <see cref="CreateAccountAsync"/> would give, and writes
    /// nothing; the others are written.
    /// </summary>
    /// <param name="rows">The accounts, read once, in order.</param>
    /// <param name="cancellationToken">Cancels the import between chunks (or the chunk in flight, which then writes nothing).</param>
    /// <returns>The counts of imported and skipped rows and the refused rows with their reasons.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.StoreUnavailable"/> or <see cref="LoyaltyErrorCode.OutcomeUnknown"/> when the store fails: the chunks before are written; run the import again to resume.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the chunks before are written.</exception>
    ValueTask<AccountImportResult> ImportAccountsAsync(IAsyncEnumerable<AccountImportRow> rows, CancellationToken cancellationToken = default);

    /// <summary>Returns an account by id.</summary>
    /// <param name="accountId">The id (Akinon's <c>pk</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The account.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.AccountNotFound"/>.</exception>
    ValueTask<Account> GetAccountAsync(long accountId, CancellationToken cancellationToken = default);

    /// <summary>Returns an account by number and currency, or <see langword="null"/>.</summary>
    /// <param name="number">The number.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The account or <see langword="null"/>.</returns>
    ValueTask<Account?> FindAccountAsync(string number, Currency currency, CancellationToken cancellationToken = default);

    /// <summary>Returns one of the system accounts (Sale, Bank, Refund, Hold) of a currency, creating it on first use.</summary>
    /// <param name="kind"><see cref="AccountKind.Sale"/>, <see cref="AccountKind.Bank"/> or <see cref="AccountKind.Refund"/>.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The system account.</returns>
    ValueTask<Account> GetSystemAccountAsync(AccountKind kind, Currency currency, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes an account's balance (by an adjustment against Bank), debit rule or email, atomically. A keyed update is
    /// remembered even when it posts nothing; its retry writes nothing and returns the account as it is now.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The changed account.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.AccountNotFound"/>, <see cref="LoyaltyErrorCode.CurrencyMismatch"/>, <see cref="LoyaltyErrorCode.InsufficientFunds"/>, <see cref="LoyaltyErrorCode.OperationNotAllowed"/> (system accounts, or debit turned off on a negative balance), <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.</exception>
    ValueTask<Account> UpdateAccountAsync(long accountId, UpdateAccountRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists accounts (system accounts included), ordered by id.</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    ValueTask<Page<Account>> ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves money between two accounts of the same currency (Akinon's <c>create_transfer</c>). The Sale account is
    /// never a party (its money leaves only through refunds); Bank and Refund may fund a manual credit and Bank may
    /// receive a claw-back.
    /// </summary>
    /// <param name="request">The transfer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The posted transaction (or the first one, for a replayed key).</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.LoyaltyDisabled"/>, <see cref="LoyaltyErrorCode.InvalidAmount"/>, <see cref="LoyaltyErrorCode.SameAccount"/>, <see cref="LoyaltyErrorCode.OperationNotAllowed"/> (the Sale account is a party), <see cref="LoyaltyErrorCode.AccountNotFound"/>, <see cref="LoyaltyErrorCode.CurrencyMismatch"/>, <see cref="LoyaltyErrorCode.InsufficientFunds"/>, <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.</exception>
    ValueTask<Transaction> TransferAsync(TransferRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns a transaction by UUID.</summary>
    /// <param name="uuid">The UUID.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The transaction.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.TransactionNotFound"/>.</exception>
    ValueTask<Transaction> GetTransactionAsync(Guid uuid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the ledger's event feed: one event per posted transaction, with its transfers, in ascending position
    /// after <paramref name="afterPosition"/>. Positions start at 1 and grow by one per transaction in the order
    /// the transactions committed, so a reader that keeps the last position it handled and reads after it again
    /// sees every event exactly once. Thread-safe.
    /// </summary>
    /// <param name="afterPosition">The last position already read; <see cref="LoyaltyEvent.Start"/> (0) for the whole feed.</param>
    /// <param name="limit">The most events to return, 1 to <see cref="LoyaltyEvent.MaxLimit"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events; empty when none is newer.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> for a negative position or a limit out of range.</exception>
    ValueTask<IReadOnlyList<LoyaltyEvent>> ReadEventsAsync(long afterPosition, int limit, CancellationToken cancellationToken = default);

    /// <summary>Lists transfers, newest first.</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken = default);

    /// <summary>Lists transactions with their transfers, newest first.</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> for a bad limit or skip.</exception>
    ValueTask<Page<Transaction>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pays (part of) an order from the user's accounts in the order's currency, in allocation order,
    /// never driving an account below zero, and credits the total to the Sale account, as one transaction.
    /// Zero available money is a valid outcome with nothing posted.
    /// </summary>
    /// <param name="request">The order.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was covered, what remains, and which accounts paid.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.LoyaltyDisabled"/>, <see cref="LoyaltyErrorCode.InvalidAmount"/>, <see cref="LoyaltyErrorCode.InvalidArgument"/>, <see cref="LoyaltyErrorCode.CurrencyMismatch"/> (cap in another currency), <see cref="LoyaltyErrorCode.IdempotencyConflict"/> (a different payment for the same order).</exception>
    ValueTask<OrderPayment> PayOrderAsync(OrderPaymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Authorises an order payment (the first phase of a two-phase payment): allocates exactly as
    /// <see cref="PayOrderAsync"/> does and moves the money to the currency's Hold account, where it waits for
    /// <see cref="CaptureOrderAsync(CaptureOrderRequest, CancellationToken)"/> or <see cref="VoidOrderAsync(VoidOrderRequest, CancellationToken)"/>. An order has one payment or one hold: a retry
    /// with the same request replays the first, a different request (or a payment) is an
    /// <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.
    /// </summary>
    /// <param name="request">The order.</param>
    /// <param name="timeout">How long the hold lasts; <see cref="LoyaltyOptions.AuthorizationTimeout"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was authorised, what remains for other tenders, the allocation and when the hold expires.</returns>
    /// <exception cref="LoyaltyException">As <see cref="PayOrderAsync"/>; <see cref="LoyaltyErrorCode.InvalidArgument"/> for a timeout that is not positive.</exception>
    ValueTask<OrderAuthorization> AuthorizeOrderAsync(OrderPaymentRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    // The request overloads carry who asks (the audit trail); the short forms stay for callers that name nobody. Both
    // take an optional token, as every call of the ledger does; nothing here has shipped, so no binary compatibility is at stake.
#pragma warning disable RS0026 // Do not add multiple public overloads with optional parameters
    /// <summary>
    /// Captures an order's hold: up to the authorised amount moves from Hold to Sale, the rest goes back to the accounts
    /// it was drawn from, last drawn first. The capture is then the order's payment (refundable like any other). A
    /// hold is settled once: a copy of the capture replays; another capture or a void is an
    /// <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.
    /// </summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="amount">What to capture, in major units; everything held when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The capture.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.PaymentNotFound"/> (no hold), <see cref="LoyaltyErrorCode.InvalidAmount"/> (not positive, or more than held), <see cref="LoyaltyErrorCode.AuthorizationExpired"/>, <see cref="LoyaltyErrorCode.IdempotencyConflict"/> (already settled otherwise).</exception>
    ValueTask<HoldSettlement> CaptureOrderAsync(string orderNumber, decimal? amount = null, CancellationToken cancellationToken = default);

    /// <summary>Captures an order's hold as <see cref="CaptureOrderAsync(string, decimal?, CancellationToken)"/> does, recording who asked (<see cref="LedgerRequest.Actor"/>, <see cref="LedgerRequest.RemoteAddress"/>) on the capture.</summary>
    /// <param name="request">The order number, the amount and who asks.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The capture (a replay returns the first, with its actor).</returns>
    /// <exception cref="LoyaltyException">As <see cref="CaptureOrderAsync(string, decimal?, CancellationToken)"/>; <see cref="LoyaltyErrorCode.InvalidArgument"/> for a malformed actor.</exception>
    ValueTask<HoldSettlement> CaptureOrderAsync(CaptureOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Voids an order's hold: everything goes back to the accounts it was drawn from. Allowed after expiry; a copy replays; after a capture it is an <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The void.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.PaymentNotFound"/> (no hold), <see cref="LoyaltyErrorCode.IdempotencyConflict"/> (captured).</exception>
    ValueTask<HoldSettlement> VoidOrderAsync(string orderNumber, CancellationToken cancellationToken = default);

    /// <summary>Voids an order's hold as <see cref="VoidOrderAsync(string, CancellationToken)"/> does, recording who asked on the void.</summary>
    /// <param name="request">The order number and who asks.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The void (a replay returns the first, with its actor).</returns>
    /// <exception cref="LoyaltyException">As <see cref="VoidOrderAsync(string, CancellationToken)"/>; <see cref="LoyaltyErrorCode.InvalidArgument"/> for a malformed actor.</exception>
    ValueTask<HoldSettlement> VoidOrderAsync(VoidOrderRequest request, CancellationToken cancellationToken = default);
#pragma warning restore RS0026

    /// <summary>Voids every live hold that expired at or before <paramref name="asOf"/> (the expiry run calls it); idempotent, and a hold captured concurrently stays captured.</summary>
    /// <param name="asOf">The instant.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many holds this call voided.</returns>
    ValueTask<int> VoidExpiredHoldsAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>Returns the loyalty payment of an order, or <see langword="null"/> when loyalty paid nothing for it.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The payment transaction or <see langword="null"/>.</returns>
    ValueTask<Transaction?> GetOrderPaymentAsync(string orderNumber, CancellationToken cancellationToken = default);

    /// <summary>Gives back loyalty money spent on an order, by payment transaction UUID (Sale to the owner). Works while loyalty money is switched off.</summary>
    /// <param name="request">The refund.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The refund (or the first one, for a replayed invoice number or key).</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.PaymentNotFound"/>, <see cref="LoyaltyErrorCode.RefundExceedsPayment"/>, <see cref="LoyaltyErrorCode.InvalidAmount"/>, <see cref="LoyaltyErrorCode.IdempotencyConflict"/>, <see cref="LoyaltyErrorCode.DuplicateAccountNumber"/> (the invoice number names another user's account).</exception>
    ValueTask<Refund> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gives back loyalty money spent on an order, by order number. Otherwise as <see cref="RefundAsync"/>.</summary>
    /// <param name="request">The refund.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The refund.</returns>
    /// <exception cref="LoyaltyException">As <see cref="RefundAsync"/>.</exception>
    ValueTask<Refund> CrossRefundAsync(CrossRefundRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Refunds an order paid by other means as store credit: the Refund system account pays the owner. Works while loyalty
    /// money is switched off. The caller's key is in the ledger's one namespace and identifies the whole request (order
    /// number included): the same key for another order is <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.
    /// </summary>
    /// <param name="request">The refund.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The refund (or the first one, for a replayed key).</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidAmount"/>, <see cref="LoyaltyErrorCode.InvalidArgument"/>, <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.</exception>
    ValueTask<Refund> RefundToLoyaltyAsync(RefundToLoyaltyRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists the refunds of an order, oldest first.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The refunds.</returns>
    ValueTask<IReadOnlyList<Refund>> ListRefundsAsync(string orderNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// Issues a gift card: a new account numbered with the code, funded from the Bank account. A given code follows the
    /// account number rule and is stored in upper case (codes are redeemed ignoring case).
    /// </summary>
    /// <param name="request">The card.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The card's account (or the first one, for a replayed code).</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.LoyaltyDisabled"/>, <see cref="LoyaltyErrorCode.InvalidAmount"/>, <see cref="LoyaltyErrorCode.InvalidArgument"/>, <see cref="LoyaltyErrorCode.IdempotencyConflict"/> (the code exists with another value or owner), <see cref="LoyaltyErrorCode.DuplicateAccountNumber"/> (the code names an account that is not a gift card).</exception>
    ValueTask<Account> IssueGiftCardAsync(IssueGiftCardRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Redeems a gift card: assigns it to a user, once. The code is matched ignoring case. Redeeming again for the same
    /// user returns the card (also while loyalty money is switched off).
    /// </summary>
    /// <param name="request">The redemption.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The card's account.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.LoyaltyDisabled"/>, <see cref="LoyaltyErrorCode.AccountNotFound"/>, <see cref="LoyaltyErrorCode.NotAGiftCard"/>, <see cref="LoyaltyErrorCode.GiftCardAlreadyRedeemed"/>.</exception>
    ValueTask<Account> RedeemGiftCardAsync(RedeemGiftCardRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The expiry run: moves what is left on every account expired by <paramref name="asOf"/> (its
    /// <see cref="Account.ExpiresAt"/> at or before it) to the currency's Breakage system account, one
    /// <see cref="TransactionKind.Expiry"/> transaction per account with a positive balance. Idempotent: an account's
    /// money expires once, whatever runs at the same time (each expiry is keyed by the account and its version, and
    /// the store judges the key atomically). Safe to call concurrently and repeatedly; runs also while loyalty money is
    /// switched off, since nothing can be spent from an expired account anyway. First voids the holds expired by
    /// <paramref name="asOf"/> (<see cref="VoidExpiredHoldsAsync"/>), so their money is back on its accounts before they are swept.
    /// </summary>
    /// <param name="asOf">The instant to expire by; not later than the ledger's clock.</param>
    /// <param name="cancellationToken">Cancels the operation; expiries already posted stay.</param>
    /// <returns>The expiry transactions this call posted (not those another run posted).</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> (<paramref name="asOf"/> is ahead of the clock).</exception>
    ValueTask<IReadOnlyList<Transaction>> ExpireDueAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>
    /// An account's balance as of an instant: the sum of its transfers posted at or before <paramref name="asOf"/>
    /// (<see cref="Transfer.CreatedAt"/> ≤ <paramref name="asOf"/>, to the microsecond). Zero before the account had any
    /// transfer; its current balance once <paramref name="asOf"/> is past its last. Thread-safe; a read.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="asOf">The instant.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The balance, in the account's currency.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.AccountNotFound"/>.</exception>
    ValueTask<Money> GetBalanceAsync(long accountId, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>
    /// An account's statement for the period (<paramref name="from"/>, <paramref name="to"/>]: the opening balance as of
    /// <paramref name="from"/>, the transfers posted after <paramref name="from"/> and at or before <paramref name="to"/>
    /// (oldest first, streamed from the store a page at a time), and the closing balance as of <paramref name="to"/>, so
    /// that opening plus the transfers is closing. The start is exclusive and the end inclusive, so consecutive periods
    /// cover every transfer once. A period that reaches past the ledger's clock ends at the clock
    /// (<see cref="AccountStatement.To"/>). Thread-safe; a read.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="from">The start, exclusive.</param>
    /// <param name="to">The end, inclusive; not before <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels opening the statement and every read of its transfers.</param>
    /// <returns>The statement; its <see cref="AccountStatement.Transfers"/> are read as they are enumerated.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.AccountNotFound"/>, <see cref="LoyaltyErrorCode.InvalidArgument"/> (<paramref name="from"/> later than <paramref name="to"/>).</exception>
    ValueTask<AccountStatement> ReadStatementAsync(long accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>
    /// The liability report: what the shop owes in store credit in <paramref name="currency"/> as of
    /// <paramref name="asOf"/> (every transfer posted at or before it), by account kind (customer, gift card, invoice,
    /// accounts not expired at the instant), what is held for authorised orders, what expires within 30, 60 and 90 days
    /// of the instant, what sits on expired accounts awaiting the expiry run, and the breakage to date. Thread-safe; a read.
    /// </summary>
    /// <param name="currency">The currency.</param>
    /// <param name="asOf">The instant.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report; all zero for a currency the ledger never saw.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidCurrency"/>.</exception>
    ValueTask<LoyaltyLiability> GetLiabilityAsync(Currency currency, DateTimeOffset asOf, CancellationToken cancellationToken = default);
}
