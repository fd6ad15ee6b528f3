using System.Globalization;

namespace Akinon.Loyalty;

/// <summary>The refusals stores and the ledger raise, worded once so every store says the same thing.</summary>
internal static class LedgerErrors
{
    public static LoyaltyException AccountNotFound(long accountId)
        => new(LoyaltyErrorCode.AccountNotFound, Text($"No account has id {accountId}."));

    public static LoyaltyException AccountNotFound(string number, Currency currency)
        => new(LoyaltyErrorCode.AccountNotFound, Text($"No {currency.Code} account has number '{number}'."));

    public static LoyaltyException TransactionNotFound(Guid uuid)
        => new(LoyaltyErrorCode.TransactionNotFound, Text($"No transaction has UUID {uuid}."));

    public static LoyaltyException DuplicateNumber(string number, Currency currency)
        => new(LoyaltyErrorCode.DuplicateAccountNumber, Text($"A {currency.Code} account numbered '{number}' already exists."));

    public static LoyaltyException IdempotencyConflict(string key)
        => new(LoyaltyErrorCode.IdempotencyConflict, Text($"The key '{key}' was already used for a different request; nothing was written."));

    public static LoyaltyException CurrencyMismatch(long accountId, Currency accountCurrency, Currency currency)
        => new(LoyaltyErrorCode.CurrencyMismatch, Text($"Account {accountId} holds {accountCurrency.Code}, not {currency.Code}."));

    public static LoyaltyException InsufficientFunds(long accountId, long balance, long amount, Currency currency)
        => new(
            LoyaltyErrorCode.InsufficientFunds,
            Text($"Account {accountId} has {Money.FromMinorUnits(balance, currency)} and cannot give {Money.FromMinorUnits(amount, currency)} without going below zero."));

    public static LoyaltyException VersionConflict(long accountId)
        => new(LoyaltyErrorCode.ConcurrencyConflict, Text($"Account {accountId} changed while the operation was being prepared; nothing was written, and retrying is safe."));

    public static LoyaltyException RefundRace(Guid paymentUuid)
        => new(LoyaltyErrorCode.ConcurrencyConflict, Text($"Payment {paymentUuid} was refunded concurrently; nothing was written, and retrying is safe."));

    public static LoyaltyException PaymentNotFound(Guid paymentUuid)
        => new(LoyaltyErrorCode.PaymentNotFound, Text($"Transaction {paymentUuid} is not a loyalty order payment."));

    public static LoyaltyException PaymentNotFound(string orderNumber)
        => new(LoyaltyErrorCode.PaymentNotFound, Text($"Order '{orderNumber}' has no loyalty payment."));

    public static LoyaltyException RefundExceedsPayment(Guid paymentUuid, long paid, long refunded, long amount, Currency currency)
        => new(
            LoyaltyErrorCode.RefundExceedsPayment,
            Text($"Payment {paymentUuid} paid {Money.FromMinorUnits(paid, currency)} of which {Money.FromMinorUnits(refunded, currency)} was refunded; {Money.FromMinorUnits(amount, currency)} more would exceed it."));

    public static LoyaltyException Unbalanced(string message) => new(LoyaltyErrorCode.InvalidArgument, message);

    public static LoyaltyException Disabled()
        => new(LoyaltyErrorCode.LoyaltyDisabled, "Loyalty money is switched off (LOYALTY_MONEY_ENABLED); payments, transfers and gift cards are refused. Reads and refunds still work.");

    public static LoyaltyException StoreUnavailable(Exception inner)
        => new(LoyaltyErrorCode.StoreUnavailable, "The store could not be reached or gave up before the write was committed; nothing was written, and retrying with the same idempotency key is safe.", inner);

    public static LoyaltyException OutcomeUnknown(Exception inner)
        => new(LoyaltyErrorCode.OutcomeUnknown, "The connection to the store failed while the write was being committed, so whether it took effect is unknown; retry with the same idempotency key to get the original result or have it applied once.", inner);

    public static long Add(long left, long right)
    {
        try
        {
            return checked(left + right);
        }
        catch (OverflowException e)
        {
            throw new LoyaltyException(LoyaltyErrorCode.Overflow, "A balance would exceed the range the ledger can hold; nothing was written.", e);
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
