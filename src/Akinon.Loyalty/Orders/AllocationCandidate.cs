namespace Akinon.Loyalty;

/// <summary>An account as the allocator sees it: its id, its balance in minor units and when it expires.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Balance">Its balance, in minor units.</param>
/// <param name="ExpiresAt">When it expires, in UTC ticks; <see cref="Never"/> when it does not.</param>
internal readonly record struct AllocationCandidate(long AccountId, long Balance, long ExpiresAt = AllocationCandidate.Never)
{
    /// <summary>The expiry of an account that never expires: infinitely far, so such accounts are drawn last.</summary>
    public const long Never = long.MaxValue;

    /// <summary>Oldest first: ascending id.</summary>
    public static readonly Comparison<AllocationCandidate> ByOldest = static (a, b) => a.AccountId.CompareTo(b.AccountId);

    /// <summary>Smallest balance first, ties by ascending id.</summary>
    public static readonly Comparison<AllocationCandidate> BySmallestBalance = static (a, b) => a.Balance != b.Balance ? a.Balance.CompareTo(b.Balance) : a.AccountId.CompareTo(b.AccountId);

    /// <summary>
    /// Soonest-expiring first (no expiry = last), ties by ascending id: with no expiry dates this is exactly
    /// <see cref="ByOldest"/>. pay_order.sql mirrors it (expires_at ascending, nulls last, then id).
    /// </summary>
    public static readonly Comparison<AllocationCandidate> BySoonestExpiring = static (a, b) => a.ExpiresAt != b.ExpiresAt ? a.ExpiresAt.CompareTo(b.ExpiresAt) : a.AccountId.CompareTo(b.AccountId);

    /// <summary>
    /// Whether an account can give to an order payment at an instant: a user's account, not a system one, with
    /// money on it, not expired (an account expires at its <see cref="Account.ExpiresAt"/>, inclusive).
    /// </summary>
    /// <param name="kind">The account's kind.</param>
    /// <param name="balance">Its balance, in minor units.</param>
    /// <param name="expiresAt">When it expires, in UTC ticks, or <see cref="Never"/>.</param>
    /// <param name="now">The allocation's instant, in UTC ticks (the ledger's clock).</param>
    /// <returns><see langword="true"/> when it is a candidate.</returns>
    public static bool CanGive(AccountKind kind, long balance, long expiresAt, long now) => balance > 0 && !kind.IsSystem() && expiresAt > now;

    /// <summary>An account's expiry as a candidate holds it.</summary>
    /// <param name="expiresAt">The expiry, if any.</param>
    /// <returns>Its UTC ticks, or <see cref="Never"/>.</returns>
    public static long ExpiryOf(DateTimeOffset? expiresAt) => expiresAt?.UtcTicks ?? Never;

    /// <summary>The candidate of an account.</summary>
    /// <param name="account">The account.</param>
    /// <returns>Its id, balance and expiry.</returns>
    public static AllocationCandidate Of(Account account) => new(account.Id, account.Balance.ToMinorUnits(), ExpiryOf(account.ExpiresAt));
}
