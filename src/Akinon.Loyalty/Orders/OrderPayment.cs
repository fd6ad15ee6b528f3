namespace Akinon.Loyalty;

/// <summary>The outcome of paying an order with loyalty money.</summary>
public sealed record OrderPayment
{
    /// <summary>The posted payment transaction, or <see langword="null"/> when the user had no loyalty money to use (nothing was posted).</summary>
    public Transaction? Transaction { get; init; }

    /// <summary>The order number.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>The order id, when known.</summary>
    public long? OrderId { get; init; }

    /// <summary>The order owner.</summary>
    public required long UserId { get; init; }

    /// <summary>The owner's email, when known.</summary>
    public string? UserEmail { get; init; }

    /// <summary>The order total.</summary>
    public required Money OrderAmount { get; init; }

    /// <summary>What loyalty money covered (credited to the Sale account).</summary>
    public required Money Covered { get; init; }

    /// <summary>What other payment methods must cover: the order total less <see cref="Covered"/>.</summary>
    public required Money Remaining { get; init; }

    /// <summary>Which accounts paid how much, in the order they were drawn.</summary>
    public required IReadOnlyList<Allocation> Allocations { get; init; }

    /// <summary><see langword="true"/> when this repeats an earlier identical request and nothing was written.</summary>
    public bool Replayed { get; init; }
}
