namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>The statements of one store, with its quoted schema filled in once; functions are called in named notation.</summary>
internal sealed class Sql(string schema)
{
    public const string AccountColumns = "id, number, currency, kind, user_id, user_email, debit_allowed, expires_at, balance, created_at, modified_at, version";

    public const string TransferColumns = "t.id, t.account_id, t.amount, t.currency, t.transaction_uuid, t.kind, t.order_number, t.created_at, t.transaction_id";

    public static readonly string TransactionColumns = string.Join(", ", Rows.TransactionColumns.Select(static c => "x." + c));

    /// <summary>pay_order's OUT parameters, its header aliased to the transactions table's names.</summary>
    private static readonly string PaymentColumns =
        $"SELECT {string.Join(", ", Rows.TransactionColumns.Select(static c => c == "id" ? "o_transaction_id AS id" : c == "expires_at" ? "NULL::timestamptz AS expires_at" : $"o_{c} AS {c}"))}, "
        + "o_replayed, o_transfer_ids, o_accounts, o_amounts, o_numbers";

    private const string ErrorColumns = "o_error_state, o_error_message, o_error_constraint";

    public string Schema { get; } = schema;

    public string Post { get; } = $"SELECT o_transaction_id, o_transfer_ids, o_replayed FROM {schema}.{Arguments.Call("post_draft", Arguments.Post)}";

    public string CreateAccount { get; } = $"SELECT o_account_id, o_transaction_id, o_transfer_ids, o_replayed FROM {schema}.{Arguments.Call("create_account", Arguments.Creation)}";

    public string UpdateAccount { get; } = $"SELECT {schema}.{Arguments.Call("update_account", Arguments.Update)}";

    public string PayOrder { get; } = PaymentColumns + $" FROM {schema}.{Arguments.Call("pay_order", Arguments.Payment)}";

    /// <summary>post_draft as one write of a batch (group commit): its error comes back as columns.</summary>
    public string PostInBatch { get; } = $"SELECT o_transaction_id, o_transfer_ids, o_replayed, {ErrorColumns} FROM {schema}.{Arguments.Call("post_draft_in_batch", Arguments.Post)}";

    /// <summary>pay_order as one write of a batch (group commit): its error comes back as columns.</summary>
    public string PayOrderInBatch { get; } = PaymentColumns + $", {ErrorColumns} FROM {schema}.{Arguments.Call("pay_order_in_batch", Arguments.Payment)}";

    public string GetOrCreateAccount { get; } = $"SELECT {schema}.{Arguments.Call("get_or_create_account", Arguments.Account)}";

    public string AccountById { get; } = $"SELECT {AccountColumns} FROM {schema}.account_view WHERE id = $1";

    public string AccountByNumber { get; } = $"SELECT {AccountColumns} FROM {schema}.account_view WHERE number = $1 AND currency = $2";

    public string UserAccounts { get; } = $"SELECT {AccountColumns} FROM {schema}.account_view WHERE user_id = $1 AND currency = $2 ORDER BY id";

    public string PaymentState { get; } = $"SELECT paid, refunded FROM {schema}.transactions WHERE uuid = $1 AND kind = {(int)TransactionKind.OrderPayment}";
}
