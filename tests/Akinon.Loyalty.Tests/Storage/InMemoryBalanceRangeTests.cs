using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Tests.Storage;

/// <summary>A balance the in-memory store holds is one <see cref="Money"/> can hold.</summary>
public sealed class InMemoryBalanceRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_leg_that_would_take_a_balance_to_long_MinValue_is_refused_as_overflow_and_changes_nothing()
    {
        var store = new InMemoryLedgerStore();
        var bank = await OpenAsync(store, "bank");
        var rich = await OpenAsync(store, "rich");
        var user = await OpenAsync(store, "user");
        await store.PostAsync(Draft((bank, long.MinValue + 1), (rich, long.MaxValue)), default);
        var before = await StateAsync(store, bank, rich, user);

        var refusal = await Assert.ThrowsAsync<LoyaltyException>(async () => await store.PostAsync(Draft((bank, -1), (user, 1)), default));

        refusal.Code.Should().Be(LoyaltyErrorCode.Overflow);
        (await StateAsync(store, bank, rich, user)).Should().Equal(before);
    }

    private static async Task<long> OpenAsync(InMemoryLedgerStore store, string number)
        => (await store.CreateAccountAsync(new NewAccount { Number = number, Currency = Currency.EUR, Kind = AccountKind.Customer, DebitAllowed = true, CreatedAt = Now }, null, default)).Account.Id;

    private static TransactionDraft Draft(params (long Account, long Amount)[] legs) => new()
    {
        Uuid = Guid.NewGuid(),
        Kind = TransactionKind.Adjustment,
        Currency = Currency.EUR,
        CreatedAt = Now,
        Legs = [.. legs.Select(l => new LegDraft(l.Account, l.Amount))],
    };

    private static async Task<List<object>> StateAsync(InMemoryLedgerStore store, params long[] accounts)
    {
        var state = new List<object>();
        foreach (var id in accounts)
        {
            state.Add((await store.GetAccountAsync(id, default))!);
        }

        state.Add((await store.ListTransfersAsync(new TransferQuery { Limit = 100 }, default)).TotalCount);
        return state;
    }
}
