using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>The Token scheme and the policies the routes require, registered with the first channel.</summary>
internal static class LoyaltySecurity
{
    /// <summary>The route's channel, whatever the permission: the 404 and 405 answers under a channel.</summary>
    public const string ChannelPolicy = "Loyalty.Channel";
    public const string ReadPolicy = "Loyalty.Read";
    public const string WritePolicy = "Loyalty.Write";
    public const string RefundPolicy = "Loyalty.Refund";

    public static string PolicyOf(LoyaltyPermissions permission) => permission switch
    {
        LoyaltyPermissions.Read => ReadPolicy,
        LoyaltyPermissions.Write => WritePolicy,
        LoyaltyPermissions.Refund => RefundPolicy,
        _ => throw new ArgumentOutOfRangeException(nameof(permission)),
    };

    public static void Register(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(LoyaltyKeyRing)))
        {
            return;
        }

        services.AddSingleton<LoyaltyKeyRing>();
        services.AddSingleton<LoyaltyRateLimiter>();
        LoyaltySecurityConfiguration.Register(services);
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, LoyaltyTokenHandler>(LoyaltyKeys.Scheme, null);
        services.AddAuthorization(options =>
        {
            options.AddPolicy(ChannelPolicy, Policy(LoyaltyPermissions.None));
            options.AddPolicy(ReadPolicy, Policy(LoyaltyPermissions.Read));
            options.AddPolicy(WritePolicy, Policy(LoyaltyPermissions.Write));
            options.AddPolicy(RefundPolicy, Policy(LoyaltyPermissions.Refund));
        });
    }

    private static AuthorizationPolicy Policy(LoyaltyPermissions permission)
        => new AuthorizationPolicyBuilder(LoyaltyKeys.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new LoyaltyAccessRequirement(permission))
            .Build();
}
