namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// The wire name of each member of the ledger request a route builds. The ledger's messages name C#
/// members (<c>'UserEmail'</c>), which is right for C# callers; a REST client sent <c>user_email</c>, so the
/// problem writer translates every quoted member name of a refusal with its route's table.
/// </summary>
internal sealed class WireFields
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly KeyValuePair<string, string>[] _quoted;

    private WireFields(params (string Member, string Wire)[] names)
    {
        _quoted = new KeyValuePair<string, string>[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            _quoted[i] = new("'" + names[i].Member + "'", "'" + names[i].Wire + "'");
        }
    }

    /// <summary>No request members: the route only reads a path value.</summary>
    public static WireFields None { get; } = new();

    /// <summary><see cref="CreateAccountRequest"/> from <see cref="CreateAccountBody"/>.</summary>
    public static WireFields CreateAccount { get; } = new(
        ("Number", "number"), ("Currency", "currency"), ("UserId", "user"), ("UserEmail", "user_email"),
        ("Balance", "balance"), ("DebitAllowed", "debit_allowed"), ("ExpiresAt", "expires_at"), ("IdempotencyKey", IdempotencyKeyHeader));

    /// <summary>The account id of <c>loyalty_account/{pk}/</c>.</summary>
    public static WireFields ReadAccount { get; } = new(("accountId", "pk"));

    /// <summary><see cref="UpdateAccountRequest"/> from <see cref="UpdateAccountBody"/>.</summary>
    public static WireFields UpdateAccount { get; } = new(
        ("accountId", "pk"), ("Balance", "balance"), ("DebitAllowed", "debit_allowed"), ("UserEmail", "user_email"),
        ("ExpiresAt", "expires_at"), ("IdempotencyKey", IdempotencyKeyHeader));

    /// <summary><see cref="AccountQuery"/> from the query string of <c>GET loyalty_account/</c>.</summary>
    public static WireFields ListAccounts { get; } = new(
        ("UserId", "user"), ("UserEmail", "user_email"), ("Currency", "currency"), ("Number", "number"),
        ("DebitAllowed", "debit_allowed"));

    /// <summary><see cref="TransferRequest"/> from <see cref="CreateTransferBody"/>.</summary>
    public static WireFields CreateTransfer { get; } = new(
        ("accountId", "pk"), ("SourceAccountId", "source_account"), ("DestinationAccountId", "destination_account"),
        ("Amount", "amount"), ("IdempotencyKey", IdempotencyKeyHeader));

    /// <summary><see cref="TransferQuery"/> from the query string of <c>GET loyalty_transfer/</c>.</summary>
    public static WireFields ListTransfers { get; } = new(
        ("AccountId", "account"), ("UserId", "user"), ("OrderNumber", "order"), ("Currency", "currency"));

    /// <summary><see cref="RefundRequest"/> from <see cref="RefundBody"/>.</summary>
    public static WireFields Refund { get; } = new(
        ("TransactionUuid", "transaction_uuid"), ("uuid", "transaction_uuid"), ("Amount", "amount"),
        ("InvoiceNumber", "invoice_number"), ("IdempotencyKey", IdempotencyKeyHeader));

    /// <summary><see cref="CrossRefundRequest"/> from <see cref="CrossRefundBody"/>.</summary>
    public static WireFields CrossRefund { get; } = new(
        ("OrderNumber", "order_number"), ("orderNumber", "order_number"), ("Amount", "amount"),
        ("InvoiceNumber", "invoice_number"), ("IdempotencyKey", IdempotencyKeyHeader));

    /// <summary><see cref="OrderPaymentRequest"/> from <see cref="OrderPaymentBody"/>.</summary>
    public static WireFields PayOrder { get; } = new(
        ("OrderNumber", "order_number"), ("OrderId", "order"), ("UserId", "user"), ("UserEmail", "user_email"),
        ("Currency", "currency"), ("Amount", "amount"), ("MaxAmount", "max_amount"));

    /// <summary>The hold's <see cref="OrderPaymentRequest"/> and timeout from <see cref="OrderAuthorizationBody"/>.</summary>
    public static WireFields AuthorizeOrder { get; } = new(
        ("OrderNumber", "order_number"), ("OrderId", "order"), ("UserId", "user"), ("UserEmail", "user_email"),
        ("Currency", "currency"), ("Amount", "amount"), ("MaxAmount", "max_amount"), ("timeout", "timeout_seconds"));

    /// <summary>The order number and amount of a capture, from <see cref="HoldCaptureBody"/>.</summary>
    public static WireFields CaptureOrder { get; } = new(("orderNumber", "order_number"), ("amount", "amount"));

    /// <summary>The order number of a void, from <see cref="HoldVoidBody"/>.</summary>
    public static WireFields VoidOrder { get; } = new(("orderNumber", "order_number"));

    /// <summary><see cref="IssueGiftCardRequest"/> from <see cref="GiftCardBody"/>.</summary>
    public static WireFields IssueGiftCard { get; } = new(
        ("Code", "code"), ("Amount", "amount"), ("Currency", "currency"), ("UserId", "user"), ("UserEmail", "user_email"),
        ("ExpiresAt", "expires_at"), ("IdempotencyKey", IdempotencyKeyHeader));

    /// <summary>The detail with every quoted member name of this route's request replaced by its wire name.</summary>
    public string Translate(string detail)
    {
        foreach (var (member, wire) in _quoted)
        {
            if (detail.Contains(member, StringComparison.Ordinal))
            {
                detail = detail.Replace(member, wire, StringComparison.Ordinal);
            }
        }

        return detail;
    }
}
