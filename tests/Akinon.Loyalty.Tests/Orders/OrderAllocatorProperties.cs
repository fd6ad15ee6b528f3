using FsCheck;
using FsCheck.Fluent;

namespace Akinon.Loyalty.Tests.Orders;

/// <summary>The allocator as a pure function: random accounts and targets.</summary>
public sealed class OrderAllocatorProperties
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<Account> AccountGen =
        from id in Gen.Choose(1, 10_000)
        from user in Gen.Choose(1, 3)
        from eur in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from balance in Gen.Choose(-500, 5_000)
        from kind in Gen.Elements(AccountKind.Customer, AccountKind.Customer, AccountKind.GiftCard, AccountKind.Invoice, AccountKind.Sale, AccountKind.Bank)
        select new Account
        {
            Id = id,
            Number = $"n{id}",
            Currency = eur ? Currency.EUR : Currency.TRY,
            Kind = kind,
            UserId = kind.IsSystem() ? null : user,
            DebitAllowed = balance < 0,
            Balance = Akinon.Loyalty.Money.FromMinorUnits(balance, eur ? Currency.EUR : Currency.TRY),
            CreatedAt = Epoch,
            ModifiedAt = Epoch,
            Version = 1,
        };

    private static readonly Arbitrary<(Account[] Accounts, long Target, bool SmallestFirst)> Cases = Arb.From(
        from accounts in AccountGen.ArrayOf().Select(a => a.DistinctBy(x => x.Id).ToArray())
        from target in Gen.Choose(0, 20_000)
        from smallest in Gen.Elements(false, true)
        select (accounts, (long)target, smallest));

    [Fact]
    public void Allocations_cover_min_of_target_and_available_in_order_without_overdraft()
    {
        Prop.ForAll(Cases, c =>
        {
            var order = c.SmallestFirst ? AllocationOrder.SmallestBalanceFirst : AllocationOrder.OldestFirst;
            var target = Akinon.Loyalty.Money.FromMinorUnits(c.Target, Currency.EUR);
            var allocations = OrderAllocator.Allocate(c.Accounts, 1, target, order);

            var eligible = c.Accounts.Where(a => a.UserId == 1 && a.Currency == Currency.EUR && a.Balance.IsPositive && !a.Kind.IsSystem()).ToList();
            var available = eligible.Sum(a => a.Balance.ToMinorUnits());
            var byId = c.Accounts.ToDictionary(a => a.Id);

            allocations.Sum(a => a.Amount.ToMinorUnits()).Should().Be(Math.Min(c.Target, available), "covered = min(target, positive balances)");
            allocations.Where(a => !a.Amount.IsPositive || a.Amount > byId[a.AccountId].Balance).Should().BeEmpty("no account gives more than its balance");
            allocations.Where(a => !eligible.Contains(byId[a.AccountId])).Should().BeEmpty("other users, currencies and system accounts are never touched");
            allocations.Select(a => a.AccountId).Should().OnlyHaveUniqueItems();

            // The order is respected: every account drawn before another is drawn to zero, and every
            // eligible account that precedes a drawn one in allocation order was drawn too.
            for (var i = 0; i < allocations.Count - 1; i++)
            {
                allocations[i].Amount.Should().Be(byId[allocations[i].AccountId].Balance, "an account is used only after every earlier one is drained");
                order.Compare(byId[allocations[i].AccountId], byId[allocations[i + 1].AccountId]).Should().BeNegative();
            }

            if (allocations.Count > 0)
            {
                var last = byId[allocations[^1].AccountId];
                eligible.Where(a => order.Compare(a, last) < 0 && allocations.All(x => x.AccountId != a.Id)).Should().BeEmpty("no earlier account is skipped");
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_zero_target_allocates_nothing_and_a_negative_one_is_refused()
    {
        var account = new Account
        {
            Id = 1, Number = "a", Currency = Currency.EUR, Kind = AccountKind.Customer, UserId = 1, DebitAllowed = false,
            Balance = Akinon.Loyalty.Money.Of(10, Currency.EUR), CreatedAt = Epoch, ModifiedAt = Epoch, Version = 1,
        };
        OrderAllocator.Allocate([account], 1, Akinon.Loyalty.Money.Zero(Currency.EUR), AllocationOrder.OldestFirst).Should().BeEmpty();
        Assert.Throws<LoyaltyException>(() => OrderAllocator.Allocate([account], 1, Akinon.Loyalty.Money.Of(-1, Currency.EUR), AllocationOrder.OldestFirst))
            .Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
    }
}
