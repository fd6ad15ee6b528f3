namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>The statements of one store, with its quoted schema filled in once; functions are called in named notation.</summary>
internal sealed class Sql(string schema)
{
    public const string AccountColumns = "id, number, currency, kind, user_id, user_email, debit_allowed, expires_at, balance, created_at, modified_at, version";

    public const string TransferColumns = "t.id, t.account_id, t.amount, t.currency, t.transaction_uuid, t.kind, t.order_number, t.created_at, t.transaction_id, t.balance_after";

    public static readonly string TransactionColumns = string.Join(", ", Rows.TransactionColumns.Select(static c => "x." + c));

    /// <summary>pay_order's OUT parameters, its header aliased to the transactions table's names.</summary>
    private static readonly string PaymentColumns =
        $"SELECT {string.Join(", ", Rows.TransactionColumns.Select(static c => c == "id" ? "o_transaction_id AS id" : $"o_{c} AS {c}"))}, "
        + "o_replayed, o_transfer_ids, o_accounts, o_amounts, o_numbers, o_balances_after";

    private const string ErrorColumns = "o_error_state, o_error_message, o_error_constraint";

    public string Schema { get; } = schema;

    public string Post { get; } = $"SELECT o_transaction_id, o_transfer_ids, o_replayed, o_balances_after FROM {schema}.{Arguments.Call("post_draft", Arguments.Post)}";

    public string CreateAccount { get; } = $"SELECT o_account_id, o_transaction_id, o_transfer_ids, o_replayed, o_balances_after FROM {schema}.{Arguments.Call("create_account", Arguments.Creation)}";

    public string UpdateAccount { get; } = $"SELECT {schema}.{Arguments.Call("update_account", Arguments.Update)}";

    public string PayOrder { get; } = PaymentColumns + $" FROM {schema}.{Arguments.Call("pay_order", Arguments.Payment)}";

    /// <summary>post_draft as one write of a batch (group commit): its error comes back as columns.</summary>
    public string PostInBatch { get; } = $"SELECT o_transaction_id, o_transfer_ids, o_replayed, o_balances_after, {ErrorColumns} FROM {schema}.{Arguments.Call("post_draft_in_batch", Arguments.Post)}";

    /// <summary>pay_order as one write of a batch (group commit): its error comes back as columns.</summary>
    public string PayOrderInBatch { get; } = PaymentColumns + $", {ErrorColumns} FROM {schema}.{Arguments.Call("pay_order_in_batch", Arguments.Payment)}";

    public string GetOrCreateAccount { get; } = $"SELECT {schema}.{Arguments.Call("get_or_create_account", Arguments.Account)}";

    public string AccountById { get; } = $"SELECT {AccountColumns} FROM {schema}.account_view WHERE id = $1";

    public string AccountByNumber { get; } = $"SELECT {AccountColumns} FROM {schema}.account_view WHERE number = $1 AND currency = $2";

    public string UserAccounts { get; } = $"SELECT {AccountColumns} FROM {schema}.account_view WHERE user_id = $1 AND currency = $2 ORDER BY id";

    /// <summary>An account's balance as of $2: its whole balance less its transfers after $2, in one snapshot; no row when there is no account $1.</summary>
    public string BalanceAsOf { get; } =
        $"SELECT a.balance - coalesce((SELECT sum(t.amount) FROM {schema}.transfers t WHERE t.account_id = a.id AND t.created_at > $2), 0)::bigint FROM {schema}.account_view a WHERE a.id = $1";

    /// <summary>A statement page: account $1's transfers after ($2, $3) in (created_at, id) order, up to $4 inclusive, at most $5.</summary>
    public string StatementPage { get; } =
        $"SELECT {TransferColumns} FROM {schema}.transfers t WHERE t.account_id = $1 AND (t.created_at, t.id) > ($2, $3) AND t.created_at <= $4 ORDER BY t.created_at, t.id LIMIT $5";

    /// <summary>Currency $1's balances as of $2 by kind, and by expiry for accounts expiring by $3: each balance now less its transfers after $2, in one snapshot.</summary>
    public string BalancesAsOf { get; } =
        $"SELECT a.kind, CASE WHEN a.expires_at <= $3 THEN a.expires_at END AS expires_at, sum(a.balance - coalesce(l.amount, 0))::bigint AS balance "
        + $"FROM {schema}.account_view a LEFT JOIN (SELECT t.account_id, sum(t.amount) AS amount FROM {schema}.transactions x JOIN {schema}.transfers t ON t.transaction_id = x.id "
        + $"WHERE x.created_at > $2 AND x.currency = $1 GROUP BY t.account_id) l ON l.account_id = a.id WHERE a.currency = $1 GROUP BY 1, 2";

    /// <summary>
    /// The order numbers of the live holds expired by $1, soonest first, at most $2; the expired rows of settled holds
    /// (an order payment or a void of the order naming the hold: TransactionDraft.SettlesHold) are deleted on the way,
    /// and left out, in the listing's own snapshot.
    /// </summary>
    public string ExpiredHolds { get; } =
        $"WITH settled AS (DELETE FROM {schema}.live_holds l WHERE l.expires_at <= $1 AND {HoldSettled(schema)}) "
        + $"SELECT l.order_number FROM {schema}.live_holds l WHERE l.expires_at <= $1 AND NOT {HoldSettled(schema)} "
        + "ORDER BY l.expires_at, l.uuid LIMIT $2";

    public string PaymentState { get; } = $"SELECT paid, refunded FROM {schema}.transactions WHERE uuid = $1 AND kind = {(int)TransactionKind.OrderPayment}";

    /// <summary>Whether live hold <c>l</c> is settled: a transaction of its order names it as an order payment (a capture) or a void.</summary>
    private static string HoldSettled(string schema)
        => $"EXISTS (SELECT 1 FROM {schema}.transactions s WHERE s.order_number = l.order_number AND s.payment_uuid = l.uuid "
           + $"AND s.kind IN ({(int)TransactionKind.OrderPayment}, {(int)TransactionKind.AuthorizationVoid}))";
}
