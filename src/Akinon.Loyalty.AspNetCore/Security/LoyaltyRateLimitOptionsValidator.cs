using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Every bucket holds and refills at least one token, at least every millisecond.</summary>
internal sealed class LoyaltyRateLimitOptionsValidator : IValidateOptions<LoyaltyRateLimitOptions>
{
    public static readonly LoyaltyRateLimitOptionsValidator Instance = new();

    public ValidateOptionsResult Validate(string? name, LoyaltyRateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.BindingFailure is { } failure)
        {
            failures.Add("Loyalty:RateLimits does not bind: " + failure);
        }

        Check(options.Writes, nameof(options.Writes), failures);
        Check(options.Reads, nameof(options.Reads), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(LoyaltyRateLimit limit, string name, List<string> failures)
    {
        if (limit.TokenLimit < 1 || limit.TokensPerPeriod < 1 || limit.ReplenishmentPeriod < TimeSpan.FromMilliseconds(1))
        {
            failures.Add($"Loyalty:RateLimits:{name} needs TokenLimit and TokensPerPeriod of at least 1 and a ReplenishmentPeriod of at least 1 millisecond.");
        }
    }
}
