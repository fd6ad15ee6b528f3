using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// Turns the refusals the database raises (SQLSTATE <c>LYnnn</c> with a '|'-separated message) into the same
/// <see cref="LoyaltyException"/>s, worded the same, as the in-memory reference store; and the database's outages
/// (lost or refused connections, shutdowns, timeouts) into <see cref="LoyaltyErrorCode.StoreUnavailable"/> or
/// <see cref="LoyaltyErrorCode.OutcomeUnknown"/>. The one SQLSTATE table of the store.
/// </summary>
internal static class StoreErrors
{
    /// <summary>What the caller knew when it sent the write, to word the message.</summary>
    public readonly record struct Context(Currency Currency, string? Key, string? Number = null, Currency NumberCurrency = default, string? AccountKey = null);

    public static bool IsRetryable(PostgresException e) => e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    /// <summary>
    /// The SQLSTATE the SQL raises a refusal with: <c>LY</c> and the code's number in three digits (the SQL names
    /// it by token, see <see cref="Script"/>).
    /// </summary>
    public static string SqlState(LoyaltyErrorCode code) => string.Concat("LY", ((int)code).ToString("000", CultureInfo.InvariantCulture));

    /// <summary>A refund drafted from a stale refunded total: a <see cref="LoyaltyErrorCode.ConcurrencyConflict"/> of its own, worded apart.</summary>
    public const string RefundRace = "LY117";

    public static LoyaltyException? Map(PostgresException e, Context context)
    {
        var detail = (e.MessageText ?? "").Split('|');
        if (e.SqlState == RefundRace)
        {
            return LedgerErrors.RefundRace(Uuid(detail, 0));
        }

        switch (Refusal(e.SqlState))
        {
            case LoyaltyErrorCode.AccountNotFound:
                return LedgerErrors.AccountNotFound(Long(detail, 0));
            case LoyaltyErrorCode.CurrencyMismatch:
                return Currency.TryFromCode(detail.ElementAtOrDefault(1), out var held)
                    ? LedgerErrors.CurrencyMismatch(Long(detail, 0), held, context.Currency)
                    : new(LoyaltyErrorCode.CurrencyMismatch, Text($"Account {Long(detail, 0)} does not hold {context.Currency.Code}."));
            case LoyaltyErrorCode.ConcurrencyConflict:
                return LedgerErrors.VersionConflict(Long(detail, 0));
            case LoyaltyErrorCode.InsufficientFunds:
                return LedgerErrors.InsufficientFunds(Long(detail, 0), Long(detail, 1), Long(detail, 2), context.Currency);
            case LoyaltyErrorCode.IdempotencyConflict:
                return LedgerErrors.IdempotencyConflict(context.AccountKey ?? context.Key ?? "");
            case LoyaltyErrorCode.PaymentNotFound:
                return LedgerErrors.PaymentNotFound(Uuid(detail, 0));
            case LoyaltyErrorCode.RefundExceedsPayment:
                return LedgerErrors.RefundExceedsPayment(Uuid(detail, 0), Long(detail, 1), Long(detail, 2), Long(detail, 3), context.Currency);
            case LoyaltyErrorCode.InvalidArgument:
                return new(LoyaltyErrorCode.InvalidArgument, e.MessageText ?? "The draft is not balanced.");
            case LoyaltyErrorCode.Overflow:
                return Overflow(e);
            case LoyaltyErrorCode.DuplicateAccountNumber:
                return DuplicateNumber(context);
            case LoyaltyErrorCode.GiftCardAlreadyRedeemed:
                return new(LoyaltyErrorCode.GiftCardAlreadyRedeemed, Text($"Account {Long(detail, 0)} already belongs to user {Long(detail, 1)}."));
            case LoyaltyErrorCode.OperationNotAllowed:
                return new(LoyaltyErrorCode.OperationNotAllowed, Text($"Account {Long(detail, 0)} has a negative balance; it must allow debit until the balance is back at zero."));
            default:
                break;
        }

        switch (e.SqlState)
        {
            case PostgresErrorCodes.NumericValueOutOfRange:
                return Overflow(e);
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

    /// <summary>
    /// The typed outage a database failure is, or <see langword="null"/> when it is not one (a refusal, a bug, a
    /// misconfiguration such as a wrong password: those surface as they are).
    /// </summary>
    /// <param name="e">What Npgsql threw.</param>
    /// <param name="sent">
    /// Whether the write's statement may have reached the server. Every write is one autocommit statement, so once
    /// it may be on the wire, a connection that dies before the answer leaves its outcome unknown: it may have
    /// committed. An error the server answered with (severity ERROR) aborted the statement, so nothing was written.
    /// </param>
    public static LoyaltyException? Outage(NpgsqlException e, bool sent)
    {
        if (!IsOutage(e))
        {
            return null;
        }

        return sent && EndsConnection(e) ? LedgerErrors.OutcomeUnknown(e) : LedgerErrors.StoreUnavailable(e);
    }

    /// <summary>Whether the failure is the database being unreachable, going away or too busy, rather than a refusal.</summary>
    public static bool IsOutage(NpgsqlException e) => e is PostgresException p ? IsOutageState(p.SqlState) : IsConnectionFailure(e);

    /// <summary>The SQLSTATEs that say the server is going away, starting, overloaded or gave up on the statement.</summary>
    public static bool IsOutageState(string sqlState) => sqlState switch
    {
        // Class 08: connection exception; class 53: insufficient resources (too many connections, out of memory,
        // disk full); class 58: system error (I/O).
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => true,
        _ when sqlState.StartsWith("53", StringComparison.Ordinal) => true,
        _ when sqlState.StartsWith("58", StringComparison.Ordinal) => true,
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => true,
        PostgresErrorCodes.IdleSessionTimeout => true,

        // statement_timeout or an administrator's cancel (the caller's own cancellation is reported as such before
        // this table is asked), lock_timeout, and a server that became a read-only standby after a failover.
        PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.ReadOnlySqlTransaction => true,
        _ => false,
    };

    /// <summary>Whether the connection died (rather than the server answering with an error that aborted the statement).</summary>
    private static bool EndsConnection(NpgsqlException e)
        => e is not PostgresException p || p.InvariantSeverity is not ("ERROR" or "WARNING" or "NOTICE");

    /// <summary>
    /// An Npgsql failure of the connection itself: a socket that was refused, reset or closed, a read or write
    /// that timed out (the command timeout), or no connection free in the pool in time.
    /// </summary>
    private static bool IsConnectionFailure(NpgsqlException e)
    {
        if (e.IsTransient)
        {
            return true;
        }

        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is IOException or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    public static LoyaltyException GaveUp(Exception inner)
        => new(LoyaltyErrorCode.ConcurrencyConflict, "The write kept colliding with concurrent writers (deadlock or serialization failure) and gave up after its retry budget; nothing was written, and retrying is safe.", inner);

    /// <summary>The refusal a <c>LYnnn</c> SQLSTATE carries, or <see langword="null"/> for any other state.</summary>
    private static LoyaltyErrorCode? Refusal(string sqlState)
        => sqlState.Length == 5 && sqlState.StartsWith("LY", StringComparison.Ordinal)
           && int.TryParse(sqlState.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
           && Enum.IsDefined((LoyaltyErrorCode)number)
            ? (LoyaltyErrorCode)number
            : null;

    private static LoyaltyException Overflow(PostgresException e)
        => new(LoyaltyErrorCode.Overflow, "A balance would exceed the range the ledger can hold; nothing was written.", e);

    private static LoyaltyException DuplicateNumber(Context context) => LedgerErrors.DuplicateNumber(context.Number ?? "", context.NumberCurrency);

    private static Guid Uuid(string[] detail, int index)
        => index < detail.Length && Guid.TryParse(detail[index], out var value) ? value : Guid.Empty;

    private static long Long(string[] detail, int index)
        => index < detail.Length && long.TryParse(detail[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
