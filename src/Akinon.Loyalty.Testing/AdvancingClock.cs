namespace Akinon.Loyalty.Testing;

/// <summary>A clock that stands still until told to move: the ledger's time in expiry tests and the model property.</summary>
/// <remarks>Thread-safe: the instant is read and moved atomically.</remarks>
public sealed class AdvancingClock : TimeProvider
{
    private long _utcTicks;

    /// <summary>A clock showing <paramref name="start"/>.</summary>
    /// <param name="start">The first instant it shows.</param>
    public AdvancingClock(DateTimeOffset start) => _utcTicks = start.UtcTicks;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward.</summary>
    /// <param name="by">How far; not negative.</param>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _utcTicks, by.Ticks);
    }
}
