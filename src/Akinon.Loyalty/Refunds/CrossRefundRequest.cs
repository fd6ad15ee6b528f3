namespace Akinon.Loyalty;

/// <summary>A refund of loyalty money by order number (Akinon's <c>loyalty-transactions/cross-refund/</c>); otherwise as <see cref="RefundRequest"/>.</summary>
public sealed record CrossRefundRequest : LedgerRequest
{
    /// <summary>The order number the loyalty payment was made for.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>The amount to give back, in the payment's currency; greater than zero.</summary>
    public required decimal Amount { get; init; }

    /// <summary>An invoice number: the refund's natural idempotency key and the number of the account it lands on.</summary>
    public string? InvoiceNumber { get; init; }

    /// <summary>A caller-chosen key, for refunds without an invoice number.</summary>
    public string? IdempotencyKey { get; init; }
}
