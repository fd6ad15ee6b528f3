using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// Logs every refused write (401, 403, 429 and the ledger's refusals) with the key's name, the route template, the
/// code and the channel, so an operator sees who tried what; never the body (amounts, e-mails).
/// </summary>
internal static partial class LoyaltyRefusalLog
{
    public const string Category = "Akinon.Loyalty.AspNetCore.Refusals";

    public static void Write(HttpContext http, string code)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(Category);
        if (logger is null || !logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var channel = http.Request.RouteValues.TryGetValue(LoyaltyEndpointHandlers.ChannelParameter, out var value) ? value as string : null;
        Refused(logger, http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null, http.Request.Method, route, code, channel);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Loyalty write refused: key {KeyName}, {Method} {Route}, code {Code}, channel {Channel}")]
    private static partial void Refused(ILogger logger, string? keyName, string method, string route, string code, string? channel);
}
