using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Checks <see cref="LoyaltyEndpointOptions"/> at start-up.</summary>
internal sealed class LoyaltyEndpointOptionsValidator : IValidateOptions<LoyaltyEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, LoyaltyEndpointOptions options)
    {
        var failures = new List<string>();
        if (options.PublicBaseAddress is { } address
            && (!address.IsAbsoluteUri
                || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
                || address.Query.Length > 0
                || address.Fragment.Length > 0
                || address.UserInfo.Length > 0))
        {
            failures.Add("PublicBaseAddress must be an absolute http or https address without user, query or fragment, such as https://shop.example/.");
        }

        if (options.RetryAfter < TimeSpan.FromSeconds(1) || options.RetryAfter > TimeSpan.FromHours(1))
        {
            failures.Add("RetryAfter must be between 1 second and 1 hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
