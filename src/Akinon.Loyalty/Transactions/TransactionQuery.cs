namespace Akinon.Loyalty;

/// <summary>
/// Filters and paging for listing transactions, newest first. Page with <see cref="BeforeId"/> (keyset: pass the
/// previous page's <see cref="Page{T}.NextCursor"/>) or, for page-numbered clients, with <see cref="Skip"/>.
/// </summary>
public sealed record TransactionQuery
{
    /// <summary>The largest <see cref="Limit"/> accepted.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only the transaction with this UUID.</summary>
    public Guid? Uuid { get; init; }

    /// <summary>Only transactions of this kind.</summary>
    public TransactionKind? Kind { get; init; }

    /// <summary>Only transactions created at or after this instant (inclusive).</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only transactions created before this instant (exclusive).</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Keyset cursor: only transactions with an id below this one.</summary>
    public long? BeforeId { get; init; }

    /// <summary>How many matching transactions to pass over first (after the cursor).</summary>
    public int Skip { get; init; }

    /// <summary>The page size, 1 to <see cref="MaxLimit"/>; 50 by default.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Whether a transaction passes the filters (not the paging): the one rule every store applies.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return Matches(transaction.Uuid, transaction.Kind, transaction.CreatedAt);
    }

    internal bool Matches(Guid uuid, TransactionKind kind, DateTimeOffset createdAt)
        => (Uuid is null || uuid == Uuid)
            && (Kind is null || kind == Kind)
            && (CreatedFrom is null || createdAt >= CreatedFrom)
            && (CreatedBefore is null || createdAt < CreatedBefore);
}
