namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// How the loyalty endpoints present themselves to clients. Bind it like any options
/// (<c>services.Configure&lt;LoyaltyEndpointOptions&gt;(configuration.GetSection("LoyaltyEndpoints"))</c>);
/// it is validated when the host starts, once a channel is registered.
/// </summary>
public sealed class LoyaltyEndpointOptions
{
    /// <summary>
    /// The absolute <c>http</c> or <c>https</c> address clients reach the host at (<c>https://shop.example/</c>),
    /// used for the <c>next</c> and <c>previous</c> links of a page: the address's scheme, host and path,
    /// then the request's path base, path and query. When <see langword="null"/> (the default) the links are
    /// relative (<c>/api/v1/remote/1/loyalty_account/?page=2</c>). The request's <c>Host</c> header is never
    /// used: any client can set it, and a link built from it would point other readers at any site.
    /// </summary>
    public Uri? PublicBaseAddress { get; set; }

    /// <summary>
    /// The <c>Retry-After</c> a 503 problem carries (<c>store_unavailable</c>, <c>outcome_unknown</c>), in whole
    /// seconds rounded up; 1 second by default, between 1 second and 1 hour.
    /// </summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The channel the routes without <c>{commerce_channel_id}</c> in their path serve (the storefront's
    /// <c>account/loyalty/</c> routes); <see langword="null"/> (the default) maps none of them.
    /// </summary>
    public string? DefaultChannel { get; set; }

    /// <summary>
    /// The ISO 4217 code of the storefront's session currency when <see cref="ReadStorefrontSession"/> does not
    /// give one (<c>TRY</c>); <see langword="null"/> by default.
    /// </summary>
    public string? StorefrontCurrency { get; set; }

    /// <summary>
    /// Who is signed in to the storefront, and in which currency, read from the request by the host: never from
    /// the query string. <see langword="null"/> (the default) reads the user id from the
    /// <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/> claim of <c>HttpContext.User</c> and the
    /// currency from <see cref="StorefrontCurrency"/>. Return <see langword="null"/> when nobody is signed in (401).
    /// </summary>
    public Func<Microsoft.AspNetCore.Http.HttpContext, StorefrontSession?>? ReadStorefrontSession { get; set; }

    /// <summary>
    /// The authorization policy the storefront routes require (<c>RequireAuthorization</c>): the host's own, over its
    /// own authentication scheme (cookies, JWT bearer), since the signed-in user is the host's to establish;
    /// <see langword="null"/> (the default) requires the host's default policy (an authenticated user). Read when the
    /// routes are mapped. Without a signed-in user the host's scheme answers (its challenge, usually 401).
    /// </summary>
    public string? StorefrontPolicy { get; set; }
}
