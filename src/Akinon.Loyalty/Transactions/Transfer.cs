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

    /// <summary>
    /// The account's balance right after this transfer (Shopify's <c>balanceAfterTransaction</c>): for a customer, gift
    /// card or invoice account, the balance before it plus <see cref="Amount"/>, so an account's transfers in ascending
    /// <see cref="Id"/> carry its running balance (two legs of one transaction on one account each carry their own).
    /// <see langword="null"/> on a system account (Sale, Bank, Refund, Hold, Breakage), whose exact balance a store
    /// need not read when it writes.
    /// </summary>
    public Money? BalanceAfter { get; init; }
}
