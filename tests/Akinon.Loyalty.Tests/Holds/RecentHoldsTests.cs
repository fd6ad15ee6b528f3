namespace Akinon.Loyalty.Tests.Holds;

/// <summary>
/// The settlement cache of recent holds: bounded whatever is settled, oldest arrival dropped first. Its first version
/// kept a queue of arrivals that only shrank when the cache was full, so every hold captured before the cache filled
/// left its order number there for ever.
/// </summary>
public sealed class RecentHoldsTests
{
    private static readonly Currency Eur = Currency.FromCode("EUR");

    [Fact]
    public void Holds_settled_as_they_come_leave_nothing_behind()
    {
        var holds = new RecentHolds(capacity: 4);
        for (var i = 0; i < 1_000; i++)
        {
            var hold = Hold($"O-{i}");
            holds.Remember(hold);
            holds.Find($"O-{i}").Should().BeSameAs(hold);
            holds.Forget($"O-{i}");
        }

        holds.Count.Should().Be(0);
        holds.Arrivals.Should().Be(4, "the ring names as many numbers as it has slots, however many holds were settled");

        // The ring still works after coming round many times: the newest four are kept, the oldest dropped.
        var newest = Enumerable.Range(0, 6).Select(i => Hold($"N-{i}")).ToList();
        newest.ForEach(holds.Remember);

        holds.Count.Should().Be(4);
        holds.Find("N-0").Should().BeNull();
        holds.Find("N-1").Should().BeNull();
        holds.Find("N-5").Should().BeSameAs(newest[5]);
        holds.Find("N-2").Should().BeSameAs(newest[2]);
    }

    [Fact]
    public void A_hold_read_again_into_its_own_old_slot_is_kept()
    {
        var holds = new RecentHolds(capacity: 1);
        holds.Remember(Hold("O-1"));
        holds.Forget("O-1");

        // A replayed authorisation remembers the hold again, and the ring's one slot still names it.
        var again = Hold("O-1");
        holds.Remember(again);
        holds.Find("O-1").Should().BeSameAs(again);
        var next = Hold("O-2");
        holds.Remember(next);
        holds.Find("O-1").Should().BeNull();
        holds.Find("O-2").Should().BeSameAs(next);
    }

    [Fact]
    public void Only_authorisations_are_kept()
    {
        var holds = new RecentHolds();
        holds.Remember(Hold("O-1") with { Kind = TransactionKind.OrderPayment });
        holds.Remember(null);
        holds.Count.Should().Be(0);
    }

    private static Transaction Hold(string orderNumber) => new()
    {
        Id = 1,
        Uuid = Guid.NewGuid(),
        Kind = TransactionKind.Authorization,
        Currency = Eur,
        OrderNumber = orderNumber,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Transfers = [],
    };
}
