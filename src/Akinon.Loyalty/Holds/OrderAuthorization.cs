namespace Akinon.Loyalty;

/// <summary>The outcome of authorising an order payment: loyalty money moved from the user's accounts to the Hold account.</summary>
public sealed record OrderAuthorization
{
    /// <summary>The posted <see cref="TransactionKind.Authorization"/>, or <see langword="null"/> when the user had no loyalty money to hold (nothing was posted).</summary>
    public Transaction? Transaction { get; init; }

    /// <summary>The order number.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>The order id in the commerce system, when given.</summary>
    public long? OrderId { get; init; }

    /// <summary>The order owner.</summary>
    public required long UserId { get; init; }

    /// <summary>The owner's email, when given.</summary>
    public string? UserEmail { get; init; }

    /// <summary>The order total.</summary>
    public required Money OrderAmount { get; init; }

    /// <summary>What loyalty money holds for the order (at most what a capture can take).</summary>
    public required Money Authorized { get; init; }

    /// <summary>What other payment methods must cover: the order total less <see cref="Authorized"/>.</summary>
    public required Money Remaining { get; init; }

    /// <summary>Which accounts the hold drew on, in the order they were drawn.</summary>
    public required IReadOnlyList<Allocation> Allocations { get; init; }

    /// <summary>When the hold expires (from then on it can only be voided), or <see langword="null"/> when nothing was held.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary><see langword="true"/> when this repeats an earlier identical request and nothing was written.</summary>
    public bool Replayed { get; init; }

    internal static OrderAuthorization From(OrderPayment payment) => new()
    {
        Transaction = payment.Transaction,
        OrderNumber = payment.OrderNumber,
        OrderId = payment.OrderId,
        UserId = payment.UserId,
        UserEmail = payment.UserEmail,
        OrderAmount = payment.OrderAmount,
        Authorized = payment.Covered,
        Remaining = payment.Remaining,
        Allocations = payment.Allocations,
        ExpiresAt = payment.Transaction?.ExpiresAt,
        Replayed = payment.Replayed,
    };
}
