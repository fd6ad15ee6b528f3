using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A host's own authentication, as cookies or a bearer token would be: the <c>X-Test-User</c> header signs a user in
/// (its <c>NameIdentifier</c>), <c>X-Test-Role</c> adds a role; without the header nobody is, and the challenge is 401.
/// </summary>
public sealed class TestUserAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestUser";
    public const string UserHeader = "X-Test-User";
    public const string RoleHeader = "X-Test-Role";

    /// <summary>Registers the scheme as the host's default one.</summary>
    public static void Register(IServiceCollection services)
        => services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, TestUserAuthentication>(SchemeName, null);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(UserHeader, out var user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.ToString()), new(ClaimTypes.Name, "shopper-" + user) };
        if (Request.Headers.TryGetValue(RoleHeader, out var role))
        {
            claims.Add(new Claim(ClaimTypes.Role, role.ToString()));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
