namespace Akinon.Loyalty.Storage;

/// <summary>
/// The allocation orders a store can apply itself (ties always by ascending id): the built-in
/// <see cref="AllocationOrder"/>s, named for the store contract. Any other order is allocated by the
/// ledger with <see cref="OrderAllocator"/>.
/// </summary>
public enum StoreAllocationOrder
{
    /// <summary>Ascending id: <see cref="AllocationOrder.OldestFirst"/>.</summary>
    OldestFirst = 0,

    /// <summary>Ascending balance: <see cref="AllocationOrder.SmallestBalanceFirst"/>.</summary>
    SmallestBalanceFirst = 1,

    /// <summary>Ascending expiry (none = last), then ascending id: <see cref="AllocationOrder.SoonestExpiringFirst"/>.</summary>
    SoonestExpiringFirst = 2,
}

/// <summary>How the store contract reads the domain's allocation orders (the domain knows nothing of stores).</summary>
internal static class StoreAllocationOrders
{
    extension(AllocationOrder order)
    {
        /// <summary>The same order as a store applies it, for the built-in orders; <see langword="null"/> for any other.</summary>
        internal StoreAllocationOrder? StoreOrder
            => ReferenceEquals(order, AllocationOrder.OldestFirst) ? StoreAllocationOrder.OldestFirst
            : ReferenceEquals(order, AllocationOrder.SmallestBalanceFirst) ? StoreAllocationOrder.SmallestBalanceFirst
            : ReferenceEquals(order, AllocationOrder.SoonestExpiringFirst) ? StoreAllocationOrder.SoonestExpiringFirst
            : null;
    }

    extension(StoreAllocationOrder order)
    {
        /// <summary>The order over allocation candidates, ties by ascending id.</summary>
        internal Comparison<AllocationCandidate> Comparison
            => order switch
            {
                StoreAllocationOrder.SmallestBalanceFirst => AllocationCandidate.BySmallestBalance,
                StoreAllocationOrder.SoonestExpiringFirst => AllocationCandidate.BySoonestExpiring,
                _ => AllocationCandidate.ByOldest,
            };
    }
}
