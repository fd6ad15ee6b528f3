namespace Akinon.Loyalty;

/// <summary>
/// The order in which an order payment draws on a user's accounts (Akinon's API's "sequential manner").
/// Ties are broken by ascending id, so an order is always total and repeatable.
/// </summary>
public abstract class AllocationOrder
{
    /// <summary>Oldest account first (ascending id): Akinon's API's default.</summary>
    public static AllocationOrder OldestFirst { get; } = new CandidateOrder("oldest-first", AllocationCandidate.ByOldest);

    /// <summary>
    /// Soonest-expiring account first, then oldest (ascending id); accounts that never expire come last. The
    /// default: with no expiry dates it is exactly <see cref="OldestFirst"/>.
    /// </summary>
    public static AllocationOrder SoonestExpiringFirst { get; } = new CandidateOrder("soonest-expiring-first", AllocationCandidate.BySoonestExpiring);

    /// <summary>Smallest balance first, so small remainders are used up before large balances.</summary>
    public static AllocationOrder SmallestBalanceFirst { get; } = new CandidateOrder("smallest-balance-first", AllocationCandidate.BySmallestBalance);

    /// <summary>The name of the order, for logs and diagnostics.</summary>
    public abstract string Name { get; }

    /// <summary>An order given by a comparer of accounts; ties fall back to ascending id.</summary>
    /// <param name="name">A name for logs.</param>
    /// <param name="comparer">Compares two accounts: the smaller is drawn first.</param>
    /// <returns>The order.</returns>
    public static AllocationOrder FromComparer(string name, IComparer<Account> comparer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(comparer);
        return new ComparerOrder(name, comparer);
    }

    /// <summary>Compares two accounts: negative when <paramref name="x"/> is drawn before <paramref name="y"/>.</summary>
    /// <param name="x">An account.</param>
    /// <param name="y">Another account.</param>
    /// <returns>The comparison.</returns>
    public abstract int Compare(Account x, Account y);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>The comparison as a cached delegate, so sorting allocates nothing.</summary>
    internal Comparison<Account> Comparison => _comparison ??= Compare;

    private Comparison<Account>? _comparison;

    private sealed class ComparerOrder(string name, IComparer<Account> comparer) : AllocationOrder
    {
        public override string Name { get; } = name;

        public override int Compare(Account x, Account y)
        {
            var order = comparer.Compare(x, y);
            return order != 0 ? order : x.Id.CompareTo(y.Id);
        }
    }

    // A built-in order: the very comparison the stores apply to their candidates, so the rule is written once.
    private sealed class CandidateOrder(string name, Comparison<AllocationCandidate> comparison) : AllocationOrder
    {
        public override string Name { get; } = name;

        public override int Compare(Account x, Account y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            return comparison(AllocationCandidate.Of(x), AllocationCandidate.Of(y));
        }
    }
}
