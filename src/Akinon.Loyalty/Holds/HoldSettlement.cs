namespace Akinon.Loyalty;

/// <summary>The outcome of capturing or voiding an order's hold.</summary>
public sealed record HoldSettlement
{
    /// <summary>
    /// The posted transaction: for a capture an <see cref="TransactionKind.OrderPayment"/> (the order's payment,
    /// refundable like any other; its <see cref="Transaction.PaymentUuid"/> is the hold), for a void an
    /// <see cref="TransactionKind.AuthorizationVoid"/>.
    /// </summary>
    public required Transaction Transaction { get; init; }

    /// <summary>The hold that was settled.</summary>
    public required Transaction Authorization { get; init; }

    /// <summary>The order number.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>What the hold held.</summary>
    public required Money Authorized { get; init; }

    /// <summary>What was captured to the Sale account (zero for a void).</summary>
    public required Money Captured { get; init; }

    /// <summary>What went back to the accounts the hold drew on.</summary>
    public required Money Released { get; init; }

    /// <summary><see langword="true"/> when this repeats an earlier identical request and nothing was written.</summary>
    public bool Replayed { get; init; }
}
