namespace Akinon.Loyalty;

/// <summary>
/// The stable, machine-readable reason an operation was refused. Values never change meaning and are
/// never renumbered; new reasons are only ever added. A refused operation changes nothing.
/// </summary>
public enum LoyaltyErrorCode
{
    /// <summary>The amount is zero or negative where a positive amount is required, has more decimals than the currency allows, or is out of range.</summary>
    InvalidAmount = 1,

    /// <summary>The currency code is not an ISO 4217 currency with defined minor units.</summary>
    InvalidCurrency = 2,

    /// <summary>Two amounts or accounts of different currencies were combined.</summary>
    CurrencyMismatch = 3,

    /// <summary>No account has the given id or number in this ledger.</summary>
    AccountNotFound = 4,

    /// <summary>No transaction has the given UUID in this ledger.</summary>
    TransactionNotFound = 5,

    /// <summary>An account with the same number and currency already exists.</summary>
    DuplicateAccountNumber = 6,

    /// <summary>The source and destination of a transfer are the same account.</summary>
    SameAccount = 7,

    /// <summary>The transfer would take an account that does not allow debit below zero.</summary>
    InsufficientFunds = 8,

    /// <summary>The idempotency key was already used for a different request.</summary>
    IdempotencyConflict = 9,

    /// <summary>Loyalty money is switched off (the seed's <c>LOYALTY_MONEY_ENABLED</c>); payments, transfers and gift cards are refused.</summary>
    LoyaltyDisabled = 10,

    /// <summary>The refund would give back more than loyalty money paid for the order.</summary>
    RefundExceedsPayment = 11,

    /// <summary>The transaction or order has no loyalty payment to refund.</summary>
    PaymentNotFound = 12,

    /// <summary>An argument is missing, empty, too long or otherwise malformed.</summary>
    InvalidArgument = 13,

    /// <summary>A balance or total would exceed the range the ledger can represent.</summary>
    Overflow = 14,

    /// <summary>The gift card is already assigned to another user.</summary>
    GiftCardAlreadyRedeemed = 15,

    /// <summary>The account is not a gift card.</summary>
    NotAGiftCard = 16,

    /// <summary>The operation kept colliding with concurrent writers on the same accounts and gave up after its retry budget; nothing was written and it is safe to retry.</summary>
    ConcurrencyConflict = 17,

    /// <summary>The operation is not allowed on this account (for example, moving money out of a system account by a manual transfer where that is refused).</summary>
    OperationNotAllowed = 18,

    /// <summary>
    /// The store could not be reached or gave up (a lost connection, a timeout, a server shutting down) before the
    /// write was sent or committed: nothing was written, and retrying (with the same idempotency key) is safe.
    /// </summary>
    StoreUnavailable = 19,

    /// <summary>
    /// The store failed after the write may have been committed (the connection died while the commit was under
    /// way), so whether it took effect is unknown. Retry with the same idempotency key: the retry returns the
    /// original result if the write took effect, or performs it once if it did not.
    /// </summary>
    OutcomeUnknown = 20,

    /// <summary>The order's hold expired before it was captured; it can only be voided (the expiry run voids it).</summary>
    AuthorizationExpired = 21,

    /// <summary>The account has expired (its expiry is at or before now): it is never drawn on and receives nothing.</summary>
    AccountExpired = 22,
}
