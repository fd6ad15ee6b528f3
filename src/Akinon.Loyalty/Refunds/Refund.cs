namespace Akinon.Loyalty;

/// <summary>A refund as Akinon's API returns it: loyalty money given back for an order.</summary>
public sealed record Refund
{
    /// <summary>The refund transaction's id (Akinon's <c>pk</c>).</summary>
    public required long Id { get; init; }

    /// <summary>The refund transaction's UUID.</summary>
    public required Guid Uuid { get; init; }

    /// <summary>The amount given back.</summary>
    public required Money Amount { get; init; }

    /// <summary><see cref="TransactionKind.Refund"/> (loyalty money back from Sale) or <see cref="TransactionKind.RefundToLoyalty"/> (store credit from the Refund account).</summary>
    public required TransactionKind Kind { get; init; }

    /// <summary>The order number (Akinon's <c>reference</c>).</summary>
    public required string OrderNumber { get; init; }

    /// <summary>The order id (Akinon's <c>order</c>), when known.</summary>
    public long? OrderId { get; init; }

    /// <summary>The order owner.</summary>
    public long? UserId { get; init; }

    /// <summary>The owner's email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>The payment the refund gives back for (a <see cref="TransactionKind.Refund"/>).</summary>
    public Guid? PaymentUuid { get; init; }

    /// <summary>The invoice number, when the money went to an invoice account.</summary>
    public string? InvoiceNumber { get; init; }

    /// <summary>When it was posted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The movements: Sale (or Refund) to the owner's accounts.</summary>
    public required IReadOnlyList<Transfer> Transfers { get; init; }

    /// <summary>Reads a refund from its transaction.</summary>
    /// <param name="transaction">A <see cref="TransactionKind.Refund"/> or <see cref="TransactionKind.RefundToLoyalty"/> transaction.</param>
    /// <returns>The refund.</returns>
    public static Refund FromTransaction(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Kind is not (TransactionKind.Refund or TransactionKind.RefundToLoyalty))
        {
            throw new ArgumentException("The transaction is not a refund.", nameof(transaction));
        }

        return new Refund
        {
            Id = transaction.Id,
            Uuid = transaction.Uuid,
            Amount = transaction.Amount,
            Kind = transaction.Kind,
            OrderNumber = transaction.OrderNumber ?? "",
            OrderId = transaction.OrderId,
            UserId = transaction.UserId,
            UserEmail = transaction.UserEmail,
            PaymentUuid = transaction.PaymentUuid,
            InvoiceNumber = transaction.InvoiceNumber,
            CreatedAt = transaction.CreatedAt,
            Transfers = transaction.Transfers,
        };
    }
}
