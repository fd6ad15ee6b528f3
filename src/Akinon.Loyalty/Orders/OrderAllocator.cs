using System.Runtime.InteropServices;

namespace Akinon.Loyalty;

/// <summary>
/// The order-payment allocator: a pure function from a user's accounts and a target amount to what each
/// account gives. It takes <c>min(remaining, balance)</c> from each of the user's accounts in the target's
/// currency with a positive balance, in allocation order, until the target is covered or the accounts are
/// depleted. It never takes an account below zero, even a debit-allowed one, and never touches accounts
/// of other users, other currencies, or the system accounts.
/// </summary>
public static class OrderAllocator
{
    /// <summary>Allocates a target amount over a user's accounts.</summary>
    /// <param name="accounts">Candidate accounts; those not matching the user and currency are ignored.</param>
    /// <param name="userId">The paying user.</param>
    /// <param name="target">The amount to cover (already capped); zero allocates nothing.</param>
    /// <param name="order">The order to draw accounts in.</param>
    /// <returns>The allocations, in drawing order; their sum is <c>min(target, available)</c>.</returns>
    /// <remarks>Accounts with an expiry are all treated as live; use the overload with an instant to leave out expired ones.</remarks>
    public static IReadOnlyList<Allocation> Allocate(IEnumerable<Account> accounts, long userId, Money target, AllocationOrder order)
        => Allocate(accounts, userId, target, order, DateTimeOffset.MinValue);

    /// <summary>Allocates a target amount over a user's accounts at an instant: accounts expired by then give nothing.</summary>
    /// <param name="accounts">Candidate accounts; those not matching the user and currency are ignored.</param>
    /// <param name="userId">The paying user.</param>
    /// <param name="target">The amount to cover (already capped); zero allocates nothing.</param>
    /// <param name="order">The order to draw accounts in.</param>
    /// <param name="asOf">The instant of the payment; an account whose <see cref="Account.ExpiresAt"/> is at or before it is left out.</param>
    /// <returns>The allocations, in drawing order; their sum is <c>min(target, available)</c>.</returns>
    public static IReadOnlyList<Allocation> Allocate(IEnumerable<Account> accounts, long userId, Money target, AllocationOrder order, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(order);
        if (target.IsNegative)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidAmount, "The amount to allocate must not be negative.");
        }

        var now = asOf.UtcTicks;
        var candidates = new List<Account>();
        foreach (var account in accounts)
        {
            if (account.UserId == userId && account.Currency == target.Currency && AllocationCandidate.CanGive(account.Kind, account.Balance.ToMinorUnits(), AllocationCandidate.ExpiryOf(account.ExpiresAt), now))
            {
                candidates.Add(account);
            }
        }

        candidates.Sort(order.Comparison);
        Span<AllocationCandidate> ordered = candidates.Count <= 32 ? stackalloc AllocationCandidate[candidates.Count] : new AllocationCandidate[candidates.Count];
        Span<long> takes = candidates.Count <= 32 ? stackalloc long[candidates.Count] : new long[candidates.Count];
        var sorted = CollectionsMarshal.AsSpan(candidates);
        for (var i = 0; i < sorted.Length; i++)
        {
            ordered[i] = AllocationCandidate.Of(sorted[i]);
        }

        var giving = Allocate(ordered, target.ToMinorUnits(), takes, out _);
        var result = new List<Allocation>(giving);
        for (var i = 0; i < giving; i++)
        {
            result.Add(new Allocation(sorted[i].Id, sorted[i].Number, Money.FromMinorUnits(takes[i], target.Currency)));
        }

        return result;
    }

    /// <summary>
    /// The allocation rule itself, which every store applies: draws <c>min(remaining, balance)</c> from each
    /// candidate in the order given until the target is covered.
    /// </summary>
    /// <param name="ordered">The candidates, already filtered (<see cref="AllocationCandidate.CanGive"/>) and in drawing order.</param>
    /// <param name="target">The amount to cover, in minor units (zero or more).</param>
    /// <param name="takes">Receives what each of the first candidates gives; at least as long as <paramref name="ordered"/>.</param>
    /// <param name="covered">The total taken: <c>min(target, sum of balances)</c>.</param>
    /// <returns>How many candidates, from the first, give something.</returns>
    internal static int Allocate(ReadOnlySpan<AllocationCandidate> ordered, long target, Span<long> takes, out long covered)
    {
        var remaining = target;
        var giving = 0;
        for (; giving < ordered.Length && remaining > 0; giving++)
        {
            var take = Math.Min(remaining, ordered[giving].Balance);
            takes[giving] = take;
            remaining -= take;
        }

        covered = target - remaining;
        return giving;
    }
}
