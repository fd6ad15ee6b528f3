using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Tests.Orders;

/// <summary>The one allocation rule, over ordered candidates, as every store applies it.</summary>
public sealed class AllocationRuleTests
{
    [Fact]
    public void Each_candidate_gives_the_smaller_of_what_remains_and_its_balance_until_the_target_is_covered()
    {
        AllocationCandidate[] ordered = [new(3, 400), new(1, 1_000), new(2, 50)];
        var takes = new long[ordered.Length];

        var giving = OrderAllocator.Allocate(ordered, 1_200, takes, out var covered);

        giving.Should().Be(2);
        takes.Take(giving).Should().Equal(400, 800);
        covered.Should().Be(1_200);
    }

    [Fact]
    public void When_the_candidates_hold_less_than_the_target_Then_all_of_it_is_taken_and_covered_is_what_they_hold()
    {
        AllocationCandidate[] ordered = [new(1, 300), new(2, 200)];
        var takes = new long[ordered.Length];

        var giving = OrderAllocator.Allocate(ordered, 1_000, takes, out var covered);

        giving.Should().Be(2);
        takes.Should().Equal(300, 200);
        covered.Should().Be(500);
    }

    [Fact]
    public void A_zero_target_takes_nothing()
    {
        AllocationCandidate[] ordered = [new(1, 300)];

        OrderAllocator.Allocate(ordered, 0, new long[1], out var covered).Should().Be(0);
        covered.Should().Be(0);
    }

    [Fact]
    public void Only_accounts_with_money_that_are_not_system_accounts_can_give()
    {
        AllocationCandidate.CanGive(AccountKind.Customer, 1, AllocationCandidate.Never, 0).Should().BeTrue();
        AllocationCandidate.CanGive(AccountKind.GiftCard, 1, AllocationCandidate.Never, 0).Should().BeTrue();
        AllocationCandidate.CanGive(AccountKind.Customer, 0, AllocationCandidate.Never, 0).Should().BeFalse();
        AllocationCandidate.CanGive(AccountKind.Customer, -5, AllocationCandidate.Never, 0).Should().BeFalse();
        AllocationCandidate.CanGive(AccountKind.Sale, 100, AllocationCandidate.Never, 0).Should().BeFalse();
        AllocationCandidate.CanGive(AccountKind.Bank, 100, AllocationCandidate.Never, 0).Should().BeFalse();
        AllocationCandidate.CanGive(AccountKind.Refund, 100, AllocationCandidate.Never, 0).Should().BeFalse();
    }

    [Fact]
    public void An_account_expires_at_its_expiry_inclusive()
    {
        AllocationCandidate.CanGive(AccountKind.Customer, 1, expiresAt: 100, now: 99).Should().BeTrue();
        AllocationCandidate.CanGive(AccountKind.Customer, 1, expiresAt: 100, now: 100).Should().BeFalse();
        AllocationCandidate.CanGive(AccountKind.GiftCard, 1, expiresAt: 100, now: 101).Should().BeFalse();
    }

    [Fact]
    public void Soonest_expiring_first_sorts_by_expiry_with_none_last_then_id_and_is_oldest_first_without_expiries()
    {
        AllocationCandidate[] candidates = [new(3, 5), new(1, 5, 200), new(2, 5), new(4, 5, 100), new(5, 5, 200)];
        candidates.Sort(AllocationCandidate.BySoonestExpiring);
        candidates.Select(static c => c.AccountId).Should().Equal(4, 1, 5, 2, 3);

        AllocationCandidate[] plain = [new(3, 1), new(1, 9), new(2, 4)];
        AllocationCandidate[] copy = [.. plain];
        plain.Sort(AllocationCandidate.BySoonestExpiring);
        copy.Sort(AllocationCandidate.ByOldest);
        plain.Should().Equal(copy);
    }

    [Fact]
    public void Store_orders_sort_oldest_by_id_and_smallest_by_balance_then_id()
    {
        AllocationCandidate[] oldest = [new(3, 10), new(1, 50), new(2, 10)];
        AllocationCandidate[] smallest = [.. oldest];

        oldest.AsSpan().Sort(StoreAllocationOrder.OldestFirst.Comparison);
        smallest.AsSpan().Sort(StoreAllocationOrder.SmallestBalanceFirst.Comparison);

        oldest.Select(c => c.AccountId).Should().Equal(1, 2, 3);
        smallest.Select(c => c.AccountId).Should().Equal(2, 3, 1);
    }

    [Fact]
    public void Only_the_built_in_orders_are_orders_a_store_applies_itself()
    {
        AllocationOrder.OldestFirst.StoreOrder.Should().Be(StoreAllocationOrder.OldestFirst);
        AllocationOrder.SmallestBalanceFirst.StoreOrder.Should().Be(StoreAllocationOrder.SmallestBalanceFirst);
        AllocationOrder.FromComparer("newest", Comparer<Account>.Create(static (a, b) => b.Id.CompareTo(a.Id))).StoreOrder.Should().BeNull();
    }
}
