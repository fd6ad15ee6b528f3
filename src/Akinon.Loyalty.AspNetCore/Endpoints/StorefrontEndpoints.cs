using System.Globalization;
using System.Security.Claims;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Maps Akinon's storefront loyalty routes: the signed-in user's balance and transfers.</summary>
public static class StorefrontEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>account/loyalty-account-balance/</c> (GET: <c>{"balance": "…"}</c>, the sum of the signed-in
    /// user's accounts in the session currency, <c>"0.00"</c> when none) and <c>account/loyalty/</c> (GET: the
    /// user's transfers in that currency, newest first, paged by <c>page</c> and <c>limit</c>) under
    /// <paramref name="prefix"/>, for <see cref="LoyaltyEndpointOptions.DefaultChannel"/>. The user and currency
    /// come from <see cref="LoyaltyEndpointOptions.ReadStorefrontSession"/> (by default the signed-in user's
    /// <c>NameIdentifier</c> claim), never from the query string or a body. Both routes require authorization with
    /// <see cref="LoyaltyEndpointOptions.StorefrontPolicy"/> (the host's default policy when it is <see langword="null"/>), so
    /// they run under the host's own authentication: an anonymous request gets the host's challenge, and an API key of
    /// the <c>Token</c> scheme is nobody's storefront session. An authenticated caller without a user id in its session
    /// is a 401 problem (<c>not_signed_in</c>). Each signed-in user takes from a read limit of their own
    /// (<see cref="LoyaltyRateLimitOptions.Reads"/>; 429 <c>rate_limited</c> with <c>Retry-After</c> past it).
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">The route prefix, <c>/</c> by default.</param>
    /// <returns>The route group, to add authorization or other conventions to both routes.</returns>
    /// <exception cref="InvalidOperationException">No channel is registered, or <see cref="LoyaltyEndpointOptions.DefaultChannel"/> names none of them.</exception>
    public static RouteGroupBuilder MapLoyaltyStorefrontEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        DefaultChannel.Require(endpoints, "storefront endpoints");
        var group = endpoints.MapGroup(prefix);
        group.WithTags("Loyalty storefront");
        var policy = endpoints.ServiceProvider.GetRequiredService<IOptions<LoyaltyEndpointOptions>>().Value.StorefrontPolicy;
        if (policy is null)
        {
            group.RequireAuthorization();
        }
        else
        {
            group.RequireAuthorization(policy);
        }

        Problems(group.MapGet("account/loyalty-account-balance/", (Delegate)StorefrontHandlers.Balance))
            .Produces<BalanceResponse>()
            .WithSummary("The signed-in user's loyalty balance in the session currency (0 when they have no account).");
        Problems(group.MapGet("account/loyalty/", StorefrontHandlers.Transfers))
            .Produces<PageResponse<TransferResponse>>()
            .WithSummary("The signed-in user's loyalty transfers in the session currency, newest first; paged by page and limit.");
        return group;
    }

    private static RouteHandlerBuilder Problems(RouteHandlerBuilder builder)
        => LoyaltyRateLimiter.Limit(builder, write: false)
            .Produces<LoyaltyProblem>(StatusCodes.Status400BadRequest, LoyaltyProblem.ContentType)
            .Produces<LoyaltyProblem>(StatusCodes.Status401Unauthorized, LoyaltyProblem.ContentType)
            .Produces<LoyaltyProblem>(StatusCodes.Status503ServiceUnavailable, LoyaltyProblem.ContentType);
}

/// <summary>The storefront handlers: the session comes from the host's delegate, the rest as every route does.</summary>
internal static class StorefrontHandlers
{
    public static Task<IResult> Balance(HttpContext http)
        => LoyaltyEndpointHandlers.Run(http, DefaultChannel.Of(http), WireFields.None, async (ledger, cancellationToken) =>
        {
            var session = Session(http);
            var total = Money.Zero(session.Currency);
            var query = new AccountQuery { UserId = session.UserId, Currency = session.Currency, Limit = AccountQuery.MaxLimit };
            while (true)
            {
                var page = await ledger.ListAccountsAsync(query, cancellationToken).ConfigureAwait(false);
                foreach (var account in page.Items)
                {
                    total += account.Balance;
                }

                if (page.Items.Count < query.Limit || page.NextCursor is null)
                {
                    break;
                }

                query = query with { AfterId = page.NextCursor };
            }

            return LoyaltyEndpointHandlers.Json(new BalanceResponse { Balance = total.ToAmountString() }, StatusCodes.Status200OK);
        });

    public static Task<IResult> Transfers(HttpContext http, [FromQuery(Name = "page")] string? page, [FromQuery(Name = "limit")] string? limit)
        => LoyaltyEndpointHandlers.Run(http, DefaultChannel.Of(http), WireFields.None, async (ledger, cancellationToken) =>
        {
            var session = Session(http);
            var paging = QueryValues.Paging(page, limit, TransferQuery.MaxLimit);
            var query = new TransferQuery
            {
                UserId = session.UserId,
                Currency = session.Currency,
                Skip = QueryValues.Skip(paging.Page, paging.Limit),
                Limit = paging.Limit,
            };
            var result = await ledger.ListTransfersAsync(query, cancellationToken).ConfigureAwait(false);
            return LoyaltyEndpointHandlers.Json(LoyaltyEndpointHandlers.PageOf(http, result, paging, TransferResponse.From), StatusCodes.Status200OK);
        });

    private static StorefrontSession Session(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<LoyaltyEndpointOptions>>().Value;
        var session = options.ReadStorefrontSession is { } read ? read(http) : FromClaims(http, options);
        return session ?? throw new WireException(StatusCodes.Status401Unauthorized, ProblemCodes.NotSignedIn, "Sign in to see your loyalty money.");
    }

    private static StorefrontSession? FromClaims(HttpContext http, LoyaltyEndpointOptions options)
    {
        var claim = http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (claim is null || !long.TryParse(claim, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return null;
        }

        var currency = options.StorefrontCurrency is { } code
            ? Currency.FromCode(code)
            : throw new InvalidOperationException("The storefront session has no currency: set LoyaltyEndpointOptions.StorefrontCurrency or ReadStorefrontSession.");
        return new StorefrontSession(userId, currency);
    }
}
