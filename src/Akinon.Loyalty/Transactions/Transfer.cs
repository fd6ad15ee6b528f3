namespace Akinon.Loyalty;

/// <summary>
/// One signed movement on one account, part of a <see cref="Transaction"/> (a loyalty transfer in Akinon's API).
/// Negative amounts leave the account, positive ones arrive. Immutable once posted.
/// </summary>
public sealed record Transfer
{
    /// <summary>The store-assigned id; later transfers have larger ids.</summary>
    public required long Id { get; init; }

    /// <summary>The account moved.</summary>
    public required long AccountId { get; init; }

    /// <summary>The signed amount.</summary>
    public required Money Amount { get; init; }

    /// <summary>The UUID of the transaction the transfer belongs to.</summary>
    public required Guid TransactionUuid { get; init; }

    /// <summary>Why the transaction was posted.</summary>
    public required TransactionKind TransactionKind { get; init; }

    /// <summary>The order number of the transaction, when it concerns an order.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>When the transaction was posted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
