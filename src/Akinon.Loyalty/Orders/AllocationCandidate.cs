namespace Akinon.Loyalty;

/// <summary>An account as the allocator sees it: its id and its balance in minor units.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Balance">Its balance, in minor units.</param>
internal readonly record struct AllocationCandidate(long AccountId, long Balance)
{
    /// <summary>Oldest first: ascending id.</summary>
    public static readonly Comparison<AllocationCandidate> ByOldest = static (a, b) => a.AccountId.CompareTo(b.AccountId);

    /// <summary>Smallest balance first, ties by ascending id.</summary>
    public static readonly Comparison<AllocationCandidate> BySmallestBalance = static (a, b) => a.Balance != b.Balance ? a.Balance.CompareTo(b.Balance) : a.AccountId.CompareTo(b.AccountId);

    /// <summary>Whether an account can give to an order payment: a user's account, not a system one, with money on it.</summary>
    /// <param name="kind">The account's kind.</param>
    /// <param name="balance">Its balance, in minor units.</param>
    /// <returns><see langword="true"/> when it is a candidate.</returns>
    public static bool CanGive(AccountKind kind, long balance) => balance > 0 && !kind.IsSystem();

    /// <summary>The candidate of an account.</summary>
    /// <param name="account">The account.</param>
    /// <returns>Its id and balance.</returns>
    public static AllocationCandidate Of(Account account) => new(account.Id, account.Balance.ToMinorUnits());
}
