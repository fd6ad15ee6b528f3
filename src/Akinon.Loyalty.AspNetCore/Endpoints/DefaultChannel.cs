using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>The channel of the routes without <c>{commerce_channel_id}</c> in their path: <see cref="LoyaltyEndpointOptions.DefaultChannel"/>.</summary>
internal static class DefaultChannel
{
    /// <summary>Checks at mapping time that the option names a registered channel.</summary>
    public static void Require(IEndpointRouteBuilder endpoints, string routes)
    {
        var channels = endpoints.ServiceProvider.GetService<ILoyaltyChannels>()
            ?? throw new InvalidOperationException($"No loyalty channel is registered: call services.AddLoyalty().AddChannel(\"1\") before mapping the {routes}.");
        var channel = endpoints.ServiceProvider.GetRequiredService<IOptions<LoyaltyEndpointOptions>>().Value.DefaultChannel;
        if (channel is null || !channels.Ids.Contains(channel, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"The {routes} serve LoyaltyEndpointOptions.DefaultChannel, which must name a registered channel.");
        }
    }

    /// <summary>The channel a request to such a route is served from.</summary>
    public static string Of(HttpContext http)
        => http.RequestServices.GetRequiredService<IOptions<LoyaltyEndpointOptions>>().Value.DefaultChannel ?? "";
}
