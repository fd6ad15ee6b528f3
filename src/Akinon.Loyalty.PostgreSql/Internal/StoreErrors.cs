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
                return LedgerErrors.AccountNotFound(Long(detail, 0));
            case "LY003":
                return Currency.TryFromCode(detail.ElementAtOrDefault(1), out var held)
                    ? LedgerErrors.CurrencyMismatch(Long(detail, 0), held, context.Currency)
                    : new(LoyaltyErrorCode.CurrencyMismatch, Text($"Account {Long(detail, 0)} does not hold {context.Currency.Code}."));
            case "LY017":
                return LedgerErrors.VersionConflict(Long(detail, 0));
            case "LY117":
                return LedgerErrors.RefundRace(Uuid(detail, 0));
            case "LY008":
                return LedgerErrors.InsufficientFunds(Long(detail, 0), Long(detail, 1), Long(detail, 2), context.Currency);
            case "LY009":
                return LedgerErrors.IdempotencyConflict(context.AccountKey ?? context.Key ?? "");
            case "LY012":
                return LedgerErrors.PaymentNotFound(Uuid(detail, 0));
            case "LY011":
                return LedgerErrors.RefundExceedsPayment(Uuid(detail, 0), Long(detail, 1), Long(detail, 2), Long(detail, 3), context.Currency);
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

    private static LoyaltyException DuplicateNumber(Context context) => LedgerErrors.DuplicateNumber(context.Number ?? "", context.NumberCurrency);

    private static Guid Uuid(string[] detail, int index)
        => index < detail.Length && Guid.TryParse(detail[index], out var value) ? value : Guid.Empty;

    private static long Long(string[] detail, int index)
        => index < detail.Length && long.TryParse(detail[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
