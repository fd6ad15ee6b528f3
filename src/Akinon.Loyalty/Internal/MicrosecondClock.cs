namespace Akinon.Loyalty.Internal;

/// <summary>
/// Times to the whole microsecond: Akinon's precision and PostgreSQL's, so a time reads back exactly as it
/// was written, whichever store holds it.
/// </summary>
internal static class MicrosecondClock
{
    public static DateTimeOffset Now(TimeProvider time) => Truncate(time.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset time)
        => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
}
