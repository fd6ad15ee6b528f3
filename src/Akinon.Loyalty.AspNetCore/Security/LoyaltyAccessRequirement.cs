using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// The key grants the route's <c>{commerce_channel_id}</c> (or, on a route without one, the channel it serves:
/// <see cref="LoyaltyEndpointOptions.DefaultChannel"/>) and, when one is named, the route's permission.
/// </summary>
internal sealed class LoyaltyAccessRequirement(LoyaltyPermissions permission) : AuthorizationHandler<LoyaltyAccessRequirement>, IAuthorizationRequirement
{
    public LoyaltyPermissions Permission { get; } = permission;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, LoyaltyAccessRequirement requirement)
    {
        if (context.Resource is HttpContext http
            && ChannelOf(http) is { Length: > 0 } channelId
            && (context.User.HasClaim(LoyaltyTokenHandler.ChannelClaim, channelId) || context.User.HasClaim(LoyaltyTokenHandler.ChannelClaim, LoyaltyKey.EveryChannel))
            && int.TryParse(context.User.FindFirst(LoyaltyTokenHandler.PermissionsClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var granted)
            && ((LoyaltyPermissions)granted & requirement.Permission) == requirement.Permission)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private static string? ChannelOf(HttpContext http)
        => http.Request.RouteValues.TryGetValue(LoyaltyEndpointHandlers.ChannelParameter, out var channel)
            ? channel as string
            : DefaultChannel.Of(http);
}
