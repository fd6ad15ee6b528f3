namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// The per-key limits of the loyalty routes (bound from <c>Loyalty:RateLimits</c> and re-read when the configuration
/// reloads, as the keys are: changed limits start new buckets, full to the new size; invalid ones are refused and the
/// last valid limits stay): writes (refunds included) and reads each have their own token bucket per key (per signed-in
/// user on the storefront routes, per remote address for a route opened with <c>.AllowAnonymous()</c>). Every route of
/// <c>MapLoyaltyEndpoints</c>, <c>MapLoyaltyTransactionEndpoints</c> and <c>MapLoyaltyStorefrontEndpoints</c> takes from
/// them. A request past its limit is 429 <c>rate_limited</c> with <c>Retry-After</c> and does nothing.
/// </summary>
public sealed class LoyaltyRateLimitOptions
{
    /// <summary>The writes of one key: 100 at once, 100 more a second, by default.</summary>
    public LoyaltyRateLimit Writes { get; } = new() { TokenLimit = 100, TokensPerPeriod = 100 };

    /// <summary>The reads of one key, looser: 1000 at once, 1000 more a second, by default.</summary>
    public LoyaltyRateLimit Reads { get; } = new() { TokenLimit = 1000, TokensPerPeriod = 1000 };

    /// <summary>Why the configuration did not bind, when it did not (a word for a number, an unknown permission); the validator reports it.</summary>
    internal string? BindingFailure { get; set; }
}
