using Akinon.Loyalty.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Akinon.Loyalty.Tests.Internal;

/// <summary>Times to the whole microsecond, in UTC, so they read back exactly from every store.</summary>
public sealed class MicrosecondClockTests
{
    [Fact]
    public void Ticks_below_a_microsecond_are_dropped()
    {
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_567);

        MicrosecondClock.Truncate(time).Should().Be(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_560));
    }

    [Fact]
    public void A_time_with_an_offset_becomes_the_same_instant_in_UTC()
    {
        var time = new DateTimeOffset(2026, 1, 2, 6, 4, 5, TimeSpan.FromHours(3)).AddTicks(19);

        var truncated = MicrosecondClock.Truncate(time);

        truncated.Offset.Should().Be(TimeSpan.Zero);
        truncated.UtcTicks.Should().Be(time.UtcTicks - 9);
    }

    [Fact]
    public void Now_reads_the_time_provider()
    {
        var start = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(7);
        var time = new FakeTimeProvider(start);

        MicrosecondClock.Now(time).Should().Be(start.AddTicks(-7));
    }
}
