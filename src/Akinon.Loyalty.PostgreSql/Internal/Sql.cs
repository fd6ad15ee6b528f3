namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>The statements of one store, with its quoted schema filled in once.</summary>
internal sealed class Sql(string schema)
{
    public const string AccountColumns = "id, number, currency, kind, user_id, user_email, debit_allowed, balance, created_at, modified_at, version";

    public const string TransactionColumns = "x.id, x.uuid, x.kind, x.currency, x.order_number, x.order_id, x.user_id, x.user_email, x.payment_uuid, x.invoice_number, x.idempotency_key, x.created_at, x.fingerprint";

    public const string TransferColumns = "t.id, t.account_id, t.amount, t.currency, t.transaction_uuid, t.kind, t.order_number, t.created_at, t.transaction_id";

    private const string DraftParameters = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19";

    public string Schema { get; } = schema;

    public string Post { get; } = $"SELECT o_transaction_id, o_transfer_ids, o_replayed FROM {schema}.post_draft({DraftParameters}, NULL, false)";

    public string CreateAccount { get; } =
        $"SELECT o_account_id, o_transaction_id, o_transfer_ids, o_replayed FROM {schema}.create_account($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        + "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)";

    public string UpdateAccount { get; } =
        $"SELECT {schema}.update_account($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)";

    public string PayOrder { get; } =
        "SELECT o_transaction_id, o_replayed, o_uuid, o_kind, o_currency, o_order_number, o_order_id, o_user_id, o_user_email, o_payment_uuid, "
        + $"o_invoice_number, o_key, o_created_at, o_fingerprint, o_transfer_ids, o_accounts, o_amounts, o_numbers FROM {schema}.pay_order($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

    public string GetOrCreateAccount { get; } = $"SELECT {schema}.get_or_create_account($1, $2, $3, $4, $5, $6, $7, $8)";

    public string AccountById { get; } = $"SELECT {AccountColumns} FROM {schema}.account_view WHERE id = $1";

    public string AccountByNumber { get; } = $"SELECT {AccountColumns} FROM {schema}.account_view WHERE number = $1 AND currency = $2";

    public string UserAccounts { get; } = $"SELECT {AccountColumns} FROM {schema}.account_view WHERE user_id = $1 AND currency = $2 ORDER BY id";

    public string PaymentState { get; } = $"SELECT paid, refunded FROM {schema}.transactions WHERE uuid = $1 AND kind = 2";
}
