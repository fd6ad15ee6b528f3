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

        if (options.DefaultChannel is { } channel && !LoyaltyChannelBuilderExtensions.IsChannelId(channel))
        {
            failures.Add("DefaultChannel must be a channel id of 1 to 64 characters without whitespace.");
        }

        if (options.StorefrontCurrency is { } code && !Currency.TryFromCode(code, out _))
        {
            failures.Add("StorefrontCurrency must be an ISO 4217 currency code, such as TRY.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
