namespace Akinon.Loyalty;

/// <summary>
/// Filters and paging for listing transfers, newest first (descending id). Page with
/// <see cref="BeforeId"/> (keyset: pass the previous page's <see cref="Page{T}.NextCursor"/>) or with
/// <see cref="Skip"/>. Unset filters match everything.
/// </summary>
public sealed record TransferQuery
{
    /// <summary>The most items a page may hold.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only transfers on this account.</summary>
    public long? AccountId { get; init; }

    /// <summary>Only transfers on accounts owned by this user.</summary>
    public long? UserId { get; init; }

    /// <summary>Only transfers of transactions for this order number.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>Only transfers of this transaction.</summary>
    public Guid? TransactionUuid { get; init; }

    /// <summary>Only transfers in this currency.</summary>
    public Currency? Currency { get; init; }

    /// <summary>Only transfers with a smaller id (keyset paging, newest first).</summary>
    public long? BeforeId { get; init; }

    /// <summary>How many matching transfers to pass over first (offset paging).</summary>
    public int Skip { get; init; }

    /// <summary>The most transfers to return, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;
}
