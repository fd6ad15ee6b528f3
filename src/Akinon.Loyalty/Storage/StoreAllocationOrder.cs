namespace Akinon.Loyalty.Storage;

/// <summary>The allocation orders a store can apply itself (ties always by ascending id).</summary>
public enum StoreAllocationOrder
{
    /// <summary>Ascending id: <see cref="AllocationOrder.OldestFirst"/>.</summary>
    OldestFirst = 0,

    /// <summary>Ascending balance: <see cref="AllocationOrder.SmallestBalanceFirst"/>.</summary>
    SmallestBalanceFirst = 1,
}
