using Akinon.Loyalty.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>One argument of a SQL function, by the name the function declares, and where its value comes from.</summary>
/// <typeparam name="T">What the store is writing (a draft, an account, a change).</typeparam>
internal sealed record Argument<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value)
{
    /// <summary>The same argument under a prefixed name, taking its value from part of a larger input.</summary>
    public Argument<TOuter> Of<TOuter>(string prefix, Func<TOuter, T> part) => new(prefix + Name, Type, outer => Value(part(outer)));
}

/// <summary>
/// Calls of SQL functions in named notation (<c>post_draft(p_uuid =&gt; $1, ...)</c>), written and bound from one
/// list of <see cref="Argument{T}"/>, so an argument's name, type and value sit on one line and cannot drift apart.
/// </summary>
internal static class Arguments
{
    /// <summary>The draft as post_draft takes it (create_account and update_account take it again as p_f_...).</summary>
    public static readonly Argument<TransactionDraft?>[] Draft =
    [
        new("uuid", NpgsqlDbType.Uuid, static d => d?.Uuid),
        new("kind", NpgsqlDbType.Smallint, static d => d is null ? null : (short)d.Kind),
        new("currency", NpgsqlDbType.Char, static d => d?.Currency.Code),
        new("created_at", NpgsqlDbType.TimestampTz, static d => d is null ? null : Stored(d.CreatedAt)),
        new("order_number", NpgsqlDbType.Text, static d => d?.OrderNumber),
        new("order_id", NpgsqlDbType.Bigint, static d => d?.OrderId),
        new("user_id", NpgsqlDbType.Bigint, static d => d?.UserId),
        new("user_email", NpgsqlDbType.Text, static d => d?.UserEmail),
        new("payment_uuid", NpgsqlDbType.Uuid, static d => d?.PaymentUuid),
        new("invoice_number", NpgsqlDbType.Text, static d => d?.InvoiceNumber),
        new("key", NpgsqlDbType.Text, static d => d?.IdempotencyKey),
        new("fingerprint", NpgsqlDbType.Text, static d => d?.RequestFingerprint),
        new("accounts", NpgsqlDbType.Array | NpgsqlDbType.Bigint, static d => d?.Legs.Select(static l => l.AccountId).ToArray()),
        new("amounts", NpgsqlDbType.Array | NpgsqlDbType.Bigint, static d => d?.Legs.Select(static l => l.Amount).ToArray()),
        new("keep", NpgsqlDbType.Array | NpgsqlDbType.Boolean, static d => d?.Legs.Select(static l => l.NeverBelowZero).ToArray()),
        new("expected", NpgsqlDbType.Array | NpgsqlDbType.Bigint, static d => d?.Legs.Select(static l => l.ExpectedVersion).ToArray()),
        new("refund_payment", NpgsqlDbType.Uuid, static d => d?.Refund?.PaymentUuid),
        new("refund_before", NpgsqlDbType.Bigint, static d => d?.Refund?.RefundedBefore),
        new("refund_amount", NpgsqlDbType.Bigint, static d => d?.Refund?.Amount),
        new("actor", NpgsqlDbType.Text, static d => d?.Actor),
        new("remote_address", NpgsqlDbType.Inet, static d => d?.RemoteAddress),
    ];

    /// <summary>The draft under post_draft's own names.</summary>
    public static readonly Argument<TransactionDraft?>[] Post =
    [
        .. Draft.Select(static a => a.Of<TransactionDraft?>("p_", static d => d)),
        new("p_expires_at", NpgsqlDbType.TimestampTz, static d => d?.ExpiresAt is { } at ? Stored(at) : null),
    ];

    /// <summary>A new account's fields as create_account and get_or_create_account take them.</summary>
    public static readonly Argument<(NewAccount Account, short Buckets)>[] Account =
    [
        new("p_number", NpgsqlDbType.Text, static a => a.Account.Number),
        new("p_currency", NpgsqlDbType.Char, static a => a.Account.Currency.Code),
        new("p_kind", NpgsqlDbType.Smallint, static a => (short)a.Account.Kind),
        new("p_user_id", NpgsqlDbType.Bigint, static a => a.Account.UserId),
        new("p_user_email", NpgsqlDbType.Text, static a => a.Account.UserEmail),
        new("p_debit_allowed", NpgsqlDbType.Boolean, static a => a.Account.DebitAllowed),
        new("p_created_at", NpgsqlDbType.TimestampTz, static a => Stored(a.Account.CreatedAt)),
        new("p_buckets", NpgsqlDbType.Smallint, static a => a.Buckets),
    ];

    /// <summary>An account creation with its key and funding draft.</summary>
    public static readonly Argument<(NewAccount Account, short Buckets, TransactionDraft? Funding)>[] Creation =
    [
        .. Account.Select(static a => a.Of<(NewAccount Account, short Buckets, TransactionDraft? Funding)>("", static c => (c.Account, c.Buckets))),
        new("p_key", NpgsqlDbType.Text, static c => c.Account.IdempotencyKey),
        new("p_fingerprint", NpgsqlDbType.Text, static c => c.Account.RequestFingerprint),
        .. Draft.Select(static a => a.Of<(NewAccount Account, short Buckets, TransactionDraft? Funding)>("p_f_", static c => c.Funding)),
        new("p_expires_at", NpgsqlDbType.TimestampTz, static c => c.Account.ExpiresAt is { } e ? Stored(e) : null),
    ];

    /// <summary>An account's changes with its key and adjustment draft.</summary>
    public static readonly Argument<(AccountChanges Changes, TransactionDraft? Adjustment)>[] Update =
    [
        new("p_id", NpgsqlDbType.Bigint, static u => u.Changes.AccountId),
        new("p_expected", NpgsqlDbType.Bigint, static u => u.Changes.ExpectedVersion),
        new("p_debit_allowed", NpgsqlDbType.Boolean, static u => u.Changes.DebitAllowed),
        new("p_user_email", NpgsqlDbType.Text, static u => u.Changes.UserEmail),
        new("p_user_id", NpgsqlDbType.Bigint, static u => u.Changes.UserId),
        new("p_modified_at", NpgsqlDbType.TimestampTz, static u => Stored(u.Changes.ModifiedAt)),
        new("p_key", NpgsqlDbType.Text, static u => u.Changes.IdempotencyKey),
        new("p_fingerprint", NpgsqlDbType.Text, static u => u.Changes.RequestFingerprint),
        .. Draft.Select(static a => a.Of<(AccountChanges Changes, TransactionDraft? Adjustment)>("p_f_", static u => u.Adjustment)),
        new("p_expires_at", NpgsqlDbType.TimestampTz, static u => u.Changes.ExpiresAt is { } e ? Stored(e) : null),
    ];

    /// <summary>An order payment as pay_order takes it.</summary>
    public static readonly Argument<OrderPaymentDraft>[] Payment =
    [
        new("p_uuid", NpgsqlDbType.Uuid, static d => d.Uuid),
        new("p_currency", NpgsqlDbType.Char, static d => d.Currency.Code),
        new("p_created_at", NpgsqlDbType.TimestampTz, static d => Stored(d.CreatedAt)),
        new("p_order_number", NpgsqlDbType.Text, static d => d.OrderNumber),
        new("p_order_id", NpgsqlDbType.Bigint, static d => d.OrderId),
        new("p_user_id", NpgsqlDbType.Bigint, static d => d.UserId),
        new("p_user_email", NpgsqlDbType.Text, static d => d.UserEmail),
        new("p_key", NpgsqlDbType.Text, static d => d.IdempotencyKey),
        new("p_fingerprint", NpgsqlDbType.Text, static d => d.RequestFingerprint),
        new("p_target", NpgsqlDbType.Bigint, static d => d.Target),
        new("p_sale", NpgsqlDbType.Bigint, static d => d.SaleAccountId),
        new("p_smallest_first", NpgsqlDbType.Boolean, static d => d.Order == StoreAllocationOrder.SmallestBalanceFirst),
        new("p_expiring_first", NpgsqlDbType.Boolean, static d => d.Order == StoreAllocationOrder.SoonestExpiringFirst),
        new("p_actor", NpgsqlDbType.Text, static d => d.Actor),
        new("p_remote_address", NpgsqlDbType.Inet, static d => d.RemoteAddress),
        new("p_kind", NpgsqlDbType.Smallint, static d => (short)d.Kind),
        new("p_expires_at", NpgsqlDbType.TimestampTz, static d => d.ExpiresAt is { } at ? Stored(at) : null),
    ];

    /// <summary><c>function(name =&gt; $1, ...)</c> for these arguments, numbered in their order.</summary>
    public static string Call<T>(string function, IReadOnlyList<Argument<T>> arguments)
        => string.Concat(function, "(", string.Join(", ", arguments.Select(static (a, i) => string.Concat(a.Name, " => $", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))), ")");

    /// <summary>Binds the arguments' values, in the order <see cref="Call{T}"/> numbered them.</summary>
    public static void Bind<T>(NpgsqlParameterCollection parameters, IReadOnlyList<Argument<T>> arguments, T input)
    {
        foreach (var argument in arguments)
        {
            Add(parameters, argument.Value(input), argument.Type);
        }
    }

    /// <summary>One typed parameter; <see langword="null"/> is SQL NULL.</summary>
    public static void Add(NpgsqlParameterCollection parameters, object? value, NpgsqlDbType type)
        => parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });

    /// <summary>
    /// PostgreSQL keeps microseconds in UTC (rounding, not truncating, what it is given), and what the store returns
    /// must be what it reads back later. The ledger already truncates its clock; this is the store's own guard, kept
    /// because <see cref="ILedgerStore"/> is public and takes drafts from any caller, not only the ledger.
    /// </summary>
    public static DateTimeOffset Stored(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);
}
