using System.Globalization;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// Turns the refusals the database raises (SQLSTATE <c>LYnnn</c> with a '|'-separated message) into the same
/// <see cref="LoyaltyException"/>s, worded the same, as the in-memory reference store.
/// </summary>
internal static class StoreErrors
{
    /// <summary>What the caller knew when it sent the write, to word the message.</summary>
    public readonly record struct Context(Currency Currency, string? Key, string? Number = null, Currency NumberCurrency = default, string? AccountKey = null);

    public static bool IsRetryable(PostgresException e) => e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    public static LoyaltyException? Map(PostgresException e, Context context)
    {
        var detail = (e.MessageText ?? "").Split('|');
        switch (e.SqlState)
        {
            case "LY004":
                return new(LoyaltyErrorCode.AccountNotFound, Text($"No account has id {Long(detail, 0)}."));
            case "LY003":
                return new(LoyaltyErrorCode.CurrencyMismatch, Text($"Account {Long(detail, 0)} holds {detail.ElementAtOrDefault(1)}, not {context.Currency.Code}."));
            case "LY017":
                return new(LoyaltyErrorCode.ConcurrencyConflict, Text($"Account {Long(detail, 0)} changed while the operation was being prepared; nothing was written, and retrying is safe."));
            case "LY117":
                return new(LoyaltyErrorCode.ConcurrencyConflict, Text($"Payment {detail[0]} was refunded concurrently; nothing was written, and retrying is safe."));
            case "LY008":
                return new(
                    LoyaltyErrorCode.InsufficientFunds,
                    Text($"Account {Long(detail, 0)} has {Money.FromMinorUnits(Long(detail, 1), context.Currency)} and cannot give {Money.FromMinorUnits(Long(detail, 2), context.Currency)} without going below zero."));
            case "LY009":
                return new(LoyaltyErrorCode.IdempotencyConflict, Text($"The key '{context.AccountKey ?? context.Key}' was already used for a different request; nothing was written."));
            case "LY012":
                return new(LoyaltyErrorCode.PaymentNotFound, Text($"Transaction {detail[0]} is not a loyalty order payment."));
            case "LY011":
                return new(
                    LoyaltyErrorCode.RefundExceedsPayment,
                    Text($"Payment {detail[0]} paid {Money.FromMinorUnits(Long(detail, 1), context.Currency)} of which {Money.FromMinorUnits(Long(detail, 2), context.Currency)} was refunded; {Money.FromMinorUnits(Long(detail, 3), context.Currency)} more would exceed it."));
            case "LY013":
                return new(LoyaltyErrorCode.InvalidArgument, e.MessageText ?? "The draft is not balanced.");
            case "LY014":
            case PostgresErrorCodes.NumericValueOutOfRange:
                return new(LoyaltyErrorCode.Overflow, "A balance would exceed the range the ledger can hold; nothing was written.", e);
            case "LY006":
                return DuplicateNumber(context);
            case "LY015":
                return new(LoyaltyErrorCode.GiftCardAlreadyRedeemed, Text($"Account {Long(detail, 0)} already belongs to user {Long(detail, 1)}."));
            case "LY018":
                return new(LoyaltyErrorCode.OperationNotAllowed, Text($"Account {Long(detail, 0)} has a negative balance; it must allow debit until the balance is back at zero."));
            case PostgresErrorCodes.UniqueViolation when e.ConstraintName == "accounts_number_currency_key":
                return DuplicateNumber(context);
            case PostgresErrorCodes.UniqueViolation when e.ConstraintName == "transactions_uuid_key":
                return new(LoyaltyErrorCode.InvalidArgument, "A transaction with this UUID already exists; a draft's UUID must be new.", e);
            case PostgresErrorCodes.CheckViolation when e.ConstraintName == "transactions_refund_within_paid":
                return new(LoyaltyErrorCode.RefundExceedsPayment, "The refund would give back more than the payment paid; nothing was written.", e);
            default:
                return null;
        }
    }

    public static LoyaltyException GaveUp(Exception inner)
        => new(LoyaltyErrorCode.ConcurrencyConflict, "The write kept colliding with concurrent writers (deadlock or serialization failure) and gave up after its retry budget; nothing was written, and retrying is safe.", inner);

    private static LoyaltyException DuplicateNumber(Context context)
        => new(LoyaltyErrorCode.DuplicateAccountNumber, Text($"A {context.NumberCurrency.Code} account numbered '{context.Number}' already exists."));

    private static long Long(string[] detail, int index)
        => index < detail.Length && long.TryParse(detail[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
