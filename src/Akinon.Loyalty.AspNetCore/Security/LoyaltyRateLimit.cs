namespace Akinon.Loyalty.AspNetCore;

/// <summary>One token bucket per key: <see cref="TokenLimit"/> requests at once, refilled by <see cref="TokensPerPeriod"/> every <see cref="ReplenishmentPeriod"/>.</summary>
public sealed class LoyaltyRateLimit
{
    /// <summary>The bucket's size: how many requests a key may send at once, at least 1.</summary>
    public int TokenLimit { get; set; }

    /// <summary>How many tokens come back every <see cref="ReplenishmentPeriod"/>, at least 1.</summary>
    public int TokensPerPeriod { get; set; }

    /// <summary>How often tokens come back; at least 1 millisecond.</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
