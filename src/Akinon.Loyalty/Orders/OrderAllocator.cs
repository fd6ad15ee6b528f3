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
    public static IReadOnlyList<Allocation> Allocate(IEnumerable<Account> accounts, long userId, Money target, AllocationOrder order)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(order);
        if (target.IsNegative)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidAmount, "The amount to allocate must not be negative.");
        }

        var candidates = new List<Account>();
        foreach (var account in accounts)
        {
            if (account.UserId == userId && account.Currency == target.Currency && account.Balance.IsPositive && !account.Kind.IsSystem())
            {
                candidates.Add(account);
            }
        }

        candidates.Sort(order.Comparison);
        var remaining = target.ToMinorUnits();
        var result = new List<Allocation>(candidates.Count);
        foreach (var account in candidates)
        {
            if (remaining == 0)
            {
                break;
            }

            var take = Math.Min(remaining, account.Balance.ToMinorUnits());
            result.Add(new Allocation(account.Id, account.Number, Money.FromMinorUnits(take, target.Currency)));
            remaining -= take;
        }

        return result;
    }
}
