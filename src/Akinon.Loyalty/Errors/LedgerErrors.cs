using System.Globalization;

namespace Akinon.Loyalty;

/// <summary>
/// The refusals the ledger and its stores raise, worded once so every store says the same thing. A
/// third-party <see cref="Storage.ILedgerStore"/> raises these, not exceptions of its own, so callers see
/// the same code and text whichever store they run on.
/// </summary>
/// <remarks>Thread-safe: every member is a pure function of its arguments.</remarks>
public static class LedgerErrors
{
    /// <summary>No account has this id.</summary>
    /// <param name="accountId">The id looked up.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.AccountNotFound"/> refusal.</returns>
    public static LoyaltyException AccountNotFound(long accountId)
        => new(LoyaltyErrorCode.AccountNotFound, Text($"No account has id {accountId}."));

    /// <summary>No account of the currency has this number.</summary>
    /// <param name="number">The number looked up.</param>
    /// <param name="currency">The currency looked in.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.AccountNotFound"/> refusal.</returns>
    public static LoyaltyException AccountNotFound(string number, Currency currency)
        => new(LoyaltyErrorCode.AccountNotFound, Text($"No {currency.Code} account has number '{number}'."));

    /// <summary>The account expired at or before the instant of the operation, so it neither gives nor receives.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="expiresAt">When it expired.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.AccountExpired"/> refusal.</returns>
    public static LoyaltyException AccountExpired(long accountId, DateTimeOffset expiresAt)
        => new(LoyaltyErrorCode.AccountExpired, Text($"Account {accountId} expired at {expiresAt:O}: it is never drawn on and receives nothing."));

    /// <summary>No transaction has this UUID.</summary>
    /// <param name="uuid">The UUID looked up.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.TransactionNotFound"/> refusal.</returns>
    public static LoyaltyException TransactionNotFound(Guid uuid)
        => new(LoyaltyErrorCode.TransactionNotFound, Text($"No transaction has UUID {uuid}."));

    /// <summary>An account of the currency already has this number.</summary>
    /// <param name="number">The number asked for.</param>
    /// <param name="currency">The account's currency.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.DuplicateAccountNumber"/> refusal.</returns>
    public static LoyaltyException DuplicateNumber(string number, Currency currency)
        => new(LoyaltyErrorCode.DuplicateAccountNumber, Text($"A {currency.Code} account numbered '{number}' already exists."));

    /// <summary>The idempotency key was already used by a request with another fingerprint, or for another kind of write.</summary>
    /// <param name="key">The scoped key.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.IdempotencyConflict"/> refusal.</returns>
    public static LoyaltyException IdempotencyConflict(string key)
        => new(LoyaltyErrorCode.IdempotencyConflict, Text($"The key '{key}' was already used for a different request; nothing was written."));

    /// <summary>A leg's account holds another currency than the draft.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="accountCurrency">The currency it holds.</param>
    /// <param name="currency">The draft's currency.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.CurrencyMismatch"/> refusal.</returns>
    public static LoyaltyException CurrencyMismatch(long accountId, Currency accountCurrency, Currency currency)
        => new(LoyaltyErrorCode.CurrencyMismatch, Text($"Account {accountId} holds {accountCurrency.Code}, not {currency.Code}."));

    /// <summary>A leg would take an account that must stay at zero or above below zero.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="balance">Its balance before the draft, in minor units.</param>
    /// <param name="amount">What the leg takes, in minor units (positive).</param>
    /// <param name="currency">The account's currency.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.InsufficientFunds"/> refusal.</returns>
    public static LoyaltyException InsufficientFunds(long accountId, long balance, long amount, Currency currency)
        => new(
            LoyaltyErrorCode.InsufficientFunds,
            Text($"Account {accountId} has {Money.FromMinorUnits(balance, currency)} and cannot give {Money.FromMinorUnits(amount, currency)} without going below zero."));

    /// <summary>The account is not at the version the write was prepared from.</summary>
    /// <param name="accountId">The account.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.ConcurrencyConflict"/> refusal; retrying is safe.</returns>
    public static LoyaltyException VersionConflict(long accountId)
        => new(LoyaltyErrorCode.ConcurrencyConflict, Text($"Account {accountId} changed while the operation was being prepared; nothing was written, and retrying is safe."));

    /// <summary>The payment's refunded total is not the one the refund draft was computed from.</summary>
    /// <param name="paymentUuid">The order payment.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.ConcurrencyConflict"/> refusal; retrying is safe.</returns>
    public static LoyaltyException RefundRace(Guid paymentUuid)
        => new(LoyaltyErrorCode.ConcurrencyConflict, Text($"Payment {paymentUuid} was refunded concurrently; nothing was written, and retrying is safe."));

    /// <summary>The transaction a refund names is not a loyalty order payment.</summary>
    /// <param name="paymentUuid">The UUID named.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.PaymentNotFound"/> refusal.</returns>
    public static LoyaltyException PaymentNotFound(Guid paymentUuid)
        => new(LoyaltyErrorCode.PaymentNotFound, Text($"Transaction {paymentUuid} is not a loyalty order payment."));

    /// <summary>The order has no loyalty payment to refund.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.PaymentNotFound"/> refusal.</returns>
    public static LoyaltyException PaymentNotFound(string orderNumber)
        => new(LoyaltyErrorCode.PaymentNotFound, Text($"Order '{orderNumber}' has no loyalty payment."));

    /// <summary>A refund would give back more than the payment paid, counting earlier refunds.</summary>
    /// <param name="paymentUuid">The order payment.</param>
    /// <param name="paid">What it paid, in minor units.</param>
    /// <param name="refunded">What was refunded before, in minor units.</param>
    /// <param name="amount">What the refund asks for, in minor units.</param>
    /// <param name="currency">The payment's currency.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.RefundExceedsPayment"/> refusal.</returns>
    public static LoyaltyException RefundExceedsPayment(Guid paymentUuid, long paid, long refunded, long amount, Currency currency)
        => new(
            LoyaltyErrorCode.RefundExceedsPayment,
            Text($"Payment {paymentUuid} paid {Money.FromMinorUnits(paid, currency)} of which {Money.FromMinorUnits(refunded, currency)} was refunded; {Money.FromMinorUnits(amount, currency)} more would exceed it."));

    /// <summary>A draft is malformed: too few legs, a zero leg, legs that do not sum to zero, or a UUID already used.</summary>
    /// <param name="message">What is wrong, in the reference store's words (see <c>DraftRules</c>).</param>
    /// <returns>A <see cref="LoyaltyErrorCode.InvalidArgument"/> refusal.</returns>
    public static LoyaltyException Unbalanced(string message) => new(LoyaltyErrorCode.InvalidArgument, message);

    /// <summary>The account already belongs to another user, so its owner cannot change.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="owner">Its owner.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.GiftCardAlreadyRedeemed"/> refusal (owners change only when a gift card is redeemed).</returns>
    public static LoyaltyException AlreadyOwned(long accountId, long owner)
        => new(LoyaltyErrorCode.GiftCardAlreadyRedeemed, Text($"Account {accountId} already belongs to user {owner}."));

    /// <summary>Debit was turned off on an account whose balance is below zero.</summary>
    /// <param name="accountId">The account.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.OperationNotAllowed"/> refusal.</returns>
    public static LoyaltyException DebitStillNeeded(long accountId)
        => new(LoyaltyErrorCode.OperationNotAllowed, Text($"Account {accountId} has a negative balance; it must allow debit until the balance is back at zero."));

    /// <summary>An order has no hold to capture or void.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.PaymentNotFound"/> refusal.</returns>
    public static LoyaltyException HoldNotFound(string orderNumber)
        => new(LoyaltyErrorCode.PaymentNotFound, Text($"Order '{orderNumber}' has no loyalty authorisation (hold)."));

    /// <summary>A hold was captured after it expired.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="expiresAt">When the hold expired.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.AuthorizationExpired"/> refusal.</returns>
    public static LoyaltyException AuthorizationExpired(string orderNumber, DateTimeOffset expiresAt)
        => new(LoyaltyErrorCode.AuthorizationExpired, Text($"The hold of order '{orderNumber}' expired at {expiresAt:O}; it can only be voided."));

    /// <summary>Loyalty money is switched off.</summary>
    /// <returns>A <see cref="LoyaltyErrorCode.LoyaltyDisabled"/> refusal.</returns>
    public static LoyaltyException Disabled()
        => new(LoyaltyErrorCode.LoyaltyDisabled, "Loyalty money is switched off (LOYALTY_MONEY_ENABLED); payments, transfers and gift cards are refused. Reads and refunds still work.");

    /// <summary>The store could not be reached, or gave up, before anything was committed.</summary>
    /// <param name="inner">The store's own failure.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.StoreUnavailable"/> refusal; retrying with the same key is safe.</returns>
    public static LoyaltyException StoreUnavailable(Exception inner)
        => new(LoyaltyErrorCode.StoreUnavailable, "The store could not be reached or gave up before the write was committed; nothing was written, and retrying with the same idempotency key is safe.", inner);

    /// <summary>The connection failed while a write was being committed, so whether it took effect is unknown.</summary>
    /// <param name="inner">The store's own failure.</param>
    /// <returns>A <see cref="LoyaltyErrorCode.OutcomeUnknown"/> refusal; retry with the same key.</returns>
    public static LoyaltyException OutcomeUnknown(Exception inner)
        => new(LoyaltyErrorCode.OutcomeUnknown, "The connection to the store failed while the write was being committed, so whether it took effect is unknown; retry with the same idempotency key to get the original result or have it applied once.", inner);

    /// <summary>
    /// Adds two amounts in minor units, refusing a result <see cref="Money"/> cannot hold: beyond
    /// <see cref="long"/>'s range, or <see cref="long.MinValue"/> itself (which has no negation), as
    /// <see cref="Money"/>'s own arithmetic does.
    /// </summary>
    /// <param name="left">An amount in minor units.</param>
    /// <param name="right">Another amount in minor units.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.Overflow"/>.</exception>
    public static long Add(long left, long right)
    {
        try
        {
            var sum = checked(left + right);
            if (sum == long.MinValue)
            {
                throw new OverflowException();
            }

            return sum;
        }
        catch (OverflowException e)
        {
            throw new LoyaltyException(LoyaltyErrorCode.Overflow, "A balance would exceed the range the ledger can hold; nothing was written.", e);
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
