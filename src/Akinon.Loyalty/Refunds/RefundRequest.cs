namespace Akinon.Loyalty;

/// <summary>
/// A request to give back loyalty money spent on an order, by the payment transaction's UUID (Akinon's
/// <c>loyalty-transactions/refund/</c>). With <see cref="InvoiceNumber"/>, the money goes to an account
/// numbered with it for the order owner (created if missing); without, back to the accounts the payment
/// drew from, last drawn first.
/// </summary>
public sealed record RefundRequest : LedgerRequest
{
    /// <summary>The UUID of the order payment transaction.</summary>
    public required Guid TransactionUuid { get; init; }

    /// <summary>The amount to give back, in the payment's currency; greater than zero.</summary>
    public required decimal Amount { get; init; }

    /// <summary>An invoice number: the refund's natural idempotency key and the number of the account it lands on.</summary>
    public string? InvoiceNumber { get; init; }

    /// <summary>A caller-chosen key, for refunds without an invoice number.</summary>
    public string? IdempotencyKey { get; init; }
}
