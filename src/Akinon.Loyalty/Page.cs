namespace Akinon.Loyalty;

/// <summary>One page of a listing.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record Page<T>
{
    /// <summary>The items of this page, in the listing's order.</summary>
    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>How many items match the filters in all (every page together).</summary>
    public required long TotalCount { get; init; }

    /// <summary>The keyset cursor of the next page (the last item's id), or <see langword="null"/> when this is the last page.</summary>
    public long? NextCursor { get; init; }
}
