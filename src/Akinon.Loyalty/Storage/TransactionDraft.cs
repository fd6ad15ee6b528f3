namespace Akinon.Loyalty.Storage;

/// <summary>
/// A balanced transaction a store is asked to post atomically: all legs or none, and only when its
/// preconditions still hold (accounts exist and share the currency, debit rules, expected versions,
/// refund claim, idempotency key unused or used by the same request).
/// </summary>
public sealed record TransactionDraft
{
    /// <summary>The UUID the transaction will have.</summary>
    public required Guid Uuid { get; init; }

    /// <summary>Why it is posted.</summary>
    public required TransactionKind Kind { get; init; }

    /// <summary>The currency of every leg.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The legs, in minor units; they must sum to zero.</summary>
    public required IReadOnlyList<LegDraft> Legs { get; init; }

    /// <summary>When posted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The order number, when it concerns an order.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>The order id, when known.</summary>
    public long? OrderId { get; init; }

    /// <summary>The user it concerns.</summary>
    public long? UserId { get; init; }

    /// <summary>That user's email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>For a refund, the payment it gives back for.</summary>
    public Guid? PaymentUuid { get; init; }

    /// <summary>For a refund onto an invoice account, the invoice number.</summary>
    public string? InvoiceNumber { get; init; }

    /// <summary>The scoped idempotency key, when any. A second draft with the same key is a replay when its <see cref="RequestFingerprint"/> is equal, else a conflict.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>A canonical text of the request, compared on replays of <see cref="IdempotencyKey"/>.</summary>
    public string? RequestFingerprint { get; init; }

    /// <summary>For a refund of loyalty money, the part of the payment it claims.</summary>
    public RefundClaim? Refund { get; init; }
}
