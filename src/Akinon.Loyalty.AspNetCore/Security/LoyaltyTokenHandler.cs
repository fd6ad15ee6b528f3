using System.Security.Claims;
using System.Text.Encodings.Web;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// Akinon's scheme, <c>Authorization: Token &lt;key&gt;</c>: the key's SHA-256 is compared in constant time with every
/// configured hash. A missing or unknown key is 401 with <c>WWW-Authenticate: Token</c>; a key without the route's
/// channel or permission is 403; both as problems.
/// </summary>
internal sealed class LoyaltyTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    LoyaltyKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string ChannelClaim = "loyalty_channel";
    public const string PermissionsClaim = "loyalty_permissions";

    /// <summary>A key longer than this is no key of ours; it is not even hashed.</summary>
    private const int MaxKeyLength = 256;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = header.Count == 1 ? header[0] : null;
        if (value is null || !value.StartsWith(LoyaltyKeys.Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = value[(LoyaltyKeys.Scheme.Length + 1)..].Trim();
        var key = presented.Length is > 0 and <= MaxKeyLength ? keys.Find(presented) : null;
        if (key is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The key is not one of the configured loyalty keys."));
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, key.Name),
            new(PermissionsClaim, ((int)key.Permissions).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(key.Channels.Select(static channel => new Claim(ChannelClaim, channel)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers[HeaderNames.WWWAuthenticate] = LoyaltyKeys.Scheme;
        return WriteAsync(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized, "This route needs a loyalty API key: send 'Authorization: Token <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => WriteAsync(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "The key does not grant this route on this commerce channel.");

    private Task WriteAsync(int status, string code, string detail)
    {
        var problem = LoyaltyProblem.Create(status, code, detail, Request.PathBase.Add(Request.Path).ToUriComponent());
        Response.StatusCode = status;
        return Response.WriteAsJsonAsync(problem, LoyaltyJson.TypeInfo<LoyaltyProblem>(), LoyaltyProblem.ContentType, Context.RequestAborted);
    }
}
