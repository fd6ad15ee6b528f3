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
        AllocationCandidate.CanGive(AccountKind.Customer, 1).Should().BeTrue();
        AllocationCandidate.CanGive(AccountKind.GiftCard, 1).Should().BeTrue();
        AllocationCandidate.CanGive(AccountKind.Customer, 0).Should().BeFalse();
        AllocationCandidate.CanGive(AccountKind.Customer, -5).Should().BeFalse();
        AllocationCandidate.CanGive(AccountKind.Sale, 100).Should().BeFalse();
        AllocationCandidate.CanGive(AccountKind.Bank, 100).Should().BeFalse();
        AllocationCandidate.CanGive(AccountKind.Refund, 100).Should().BeFalse();
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
