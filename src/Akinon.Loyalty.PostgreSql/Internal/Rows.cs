using System.Net;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// The one place rows become domain records, every column read by its name: a query names its columns (or aliases
/// a function's OUT parameters) as the tables do, and the order of a select list never matters.
/// </summary>
internal static class Rows
{
    /// <summary>The columns of <see cref="Transaction"/> a header query returns, as the transactions table names them.</summary>
    public static readonly string[] TransactionColumns =
        ["id", "uuid", "kind", "currency", "order_number", "order_id", "user_id", "user_email", "payment_uuid", "invoice_number", "idempotency_key", "created_at", "fingerprint", "expires_at", "actor", "remote_address"];

    public static Account Account(NpgsqlDataReader reader)
    {
        var currency = Currency.FromCode(reader.GetString(reader.GetOrdinal("currency")));
        return new Account
        {
            Id = Long(reader, "id"),
            Number = reader.GetString(reader.GetOrdinal("number")),
            Currency = currency,
            Kind = (AccountKind)reader.GetInt16(reader.GetOrdinal("kind")),
            UserId = NullableLong(reader, "user_id"),
            UserEmail = Text(reader, "user_email"),
            DebitAllowed = reader.GetBoolean(reader.GetOrdinal("debit_allowed")),
            Balance = Money.FromMinorUnits(Long(reader, "balance"), currency),
            ExpiresAt = reader.IsDBNull(reader.GetOrdinal("expires_at")) ? null : Time(reader, "expires_at"),
            CreatedAt = Time(reader, "created_at"),
            ModifiedAt = Time(reader, "modified_at"),
            Version = Long(reader, "version"),
        };
    }

    /// <summary>A transaction's header (<see cref="TransactionColumns"/>), its transfers still empty.</summary>
    public static Transaction TransactionHeader(NpgsqlDataReader reader) => new()
    {
        Id = Long(reader, "id"),
        Uuid = reader.GetGuid(reader.GetOrdinal("uuid")),
        Kind = (TransactionKind)reader.GetInt16(reader.GetOrdinal("kind")),
        Currency = Currency.FromCode(reader.GetString(reader.GetOrdinal("currency"))),
        OrderNumber = Text(reader, "order_number"),
        OrderId = NullableLong(reader, "order_id"),
        UserId = NullableLong(reader, "user_id"),
        UserEmail = Text(reader, "user_email"),
        PaymentUuid = reader.IsDBNull(reader.GetOrdinal("payment_uuid")) ? null : reader.GetGuid(reader.GetOrdinal("payment_uuid")),
        InvoiceNumber = Text(reader, "invoice_number"),
        IdempotencyKey = Text(reader, "idempotency_key"),
        CreatedAt = Time(reader, "created_at"),
        RequestFingerprint = Text(reader, "fingerprint"),
        ExpiresAt = reader.IsDBNull(reader.GetOrdinal("expires_at")) ? null : Time(reader, "expires_at"),
        Actor = Text(reader, "actor"),
        RemoteAddress = reader.GetOrdinal("remote_address") is var address && reader.IsDBNull(address) ? null : reader.GetFieldValue<IPAddress>(address),
        Transfers = [],
    };

    public static Transfer Transfer(NpgsqlDataReader reader)
    {
        var currency = Currency.FromCode(reader.GetString(reader.GetOrdinal("currency")));
        return new()
        {
            Id = Long(reader, "id"),
            AccountId = Long(reader, "account_id"),
            Amount = Money.FromMinorUnits(Long(reader, "amount"), currency),
            TransactionUuid = reader.GetGuid(reader.GetOrdinal("transaction_uuid")),
            TransactionKind = (TransactionKind)reader.GetInt16(reader.GetOrdinal("kind")),
            OrderNumber = Text(reader, "order_number"),
            CreatedAt = Time(reader, "created_at"),
            BalanceAfter = NullableLong(reader, "balance_after") is { } after ? Money.FromMinorUnits(after, currency) : null,
        };
    }

    public static long Long(NpgsqlDataReader reader, string column) => reader.GetInt64(reader.GetOrdinal(column));

    public static long? NullableLong(NpgsqlDataReader reader, string column)
        => reader.GetOrdinal(column) is var i && reader.IsDBNull(i) ? null : reader.GetInt64(i);

    public static string? Text(NpgsqlDataReader reader, string column)
        => reader.GetOrdinal(column) is var i && reader.IsDBNull(i) ? null : reader.GetString(i);

    public static T[] Array<T>(NpgsqlDataReader reader, string column)
        => reader.GetOrdinal(column) is var i && reader.IsDBNull(i) ? [] : reader.GetFieldValue<T[]>(i);

    private static DateTimeOffset Time(NpgsqlDataReader reader, string column) => reader.GetFieldValue<DateTimeOffset>(reader.GetOrdinal(column));
}
