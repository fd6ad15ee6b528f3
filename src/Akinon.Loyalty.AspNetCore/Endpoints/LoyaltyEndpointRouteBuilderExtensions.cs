using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Maps Akinon's loyalty REST contract onto an ASP.NET Core application.</summary>
public static class LoyaltyEndpointRouteBuilderExtensions
{
    /// <summary>Akinon's route prefix; every route lives under it, one ledger per <c>{commerce_channel_id}</c>.</summary>
    public const string DefaultPrefix = "/api/v1/remote/{commerce_channel_id}";

    /// <summary>
    /// Maps the loyalty routes under <paramref name="prefix"/>: <c>loyalty_account/</c> (POST, GET),
    /// <c>loyalty_account/{pk}/</c> (GET, PATCH), <c>loyalty_account/{pk}/create_transfer/</c> (POST),
    /// <c>loyalty_transfer/</c> (GET), <c>loyalty-transactions/refund/</c>, <c>cross-refund/</c> and
    /// <c>order-payment/</c> (POST), and <c>loyalty_gift_card/</c> (POST); and this library's extensions (tagged
    /// <see cref="ExtensionTag"/>): <c>loyalty-transactions/order-authorization/</c>, its <c>capture/</c> and <c>void/</c> (POST), and
    /// <c>loyalty_account/{pk}/statement/</c> (GET, JSON or CSV). Requests to a channel that is
    /// not registered are 404; refusals are RFC 7807 problems with a snake_case <c>code</c>, and so is every
    /// other error under the prefix: 404 <c>route_not_found</c> for a path that names no route, 405
    /// <c>method_not_allowed</c> with <c>Allow</c> for a method a route does not serve, 400 for a bad path
    /// or header value, 408 <c>request_timeout</c> for a body that stops arriving (the server's minimum
    /// data rate), 503 with <c>Retry-After</c> when the store failed. Links and headers are shaped by
    /// <see cref="LoyaltyEndpointOptions"/>.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">The route prefix; it must contain <c>{commerce_channel_id}</c>.</param>
    /// <returns>The route group, to add rate limiting or other conventions to every route.</returns>
    /// <remarks>
    /// Every route requires a key (<c>Authorization: Token &lt;key&gt;</c>, see <see cref="LoyaltyKeyOptions"/>) that grants
    /// the route's channel and permission: 401 with <c>WWW-Authenticate: Token</c> without a valid key, 403 with a key
    /// of another channel or without the permission (reads need <see cref="LoyaltyPermissions.Read"/>, refunds
    /// <see cref="LoyaltyPermissions.Refund"/>, other writes <see cref="LoyaltyPermissions.Write"/>). Only tests should
    /// opt out, explicitly, with <c>.AllowAnonymous()</c> on the returned group.
    /// </remarks>
    /// <exception cref="ArgumentException">The prefix lacks <c>{commerce_channel_id}</c>.</exception>
    /// <exception cref="InvalidOperationException">No channel is registered (<c>AddLoyalty().AddChannel(...)</c>).</exception>
    public static RouteGroupBuilder MapLoyaltyEndpoints(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.Contains("{" + LoyaltyEndpointHandlers.ChannelParameter + "}", StringComparison.Ordinal))
        {
            throw new ArgumentException("The prefix must contain the {commerce_channel_id} route parameter.", nameof(prefix));
        }

        if (endpoints.ServiceProvider.GetService<ILoyaltyChannels>() is null)
        {
            throw new InvalidOperationException("No loyalty channel is registered: call services.AddLoyalty().AddChannel(\"1\") (once per channel) before mapping the loyalty endpoints.");
        }

        var group = endpoints.MapGroup(prefix);
        group.WithTags("Loyalty").RequireAuthorization(LoyaltySecurity.ChannelPolicy);
        var routes = new Routes(group);

        Body<CreateAccountBody>(routes.Map("POST", "loyalty_account/", LoyaltyEndpointHandlers.CreateAccount))
            .Produces<AccountResponse>(StatusCodes.Status201Created)
            .WithSummary("Opens a loyalty account, with an optional opening balance.");
        Problems(routes.Map("GET", "loyalty_account/", LoyaltyEndpointHandlers.ListAccounts))
            .Produces<PageResponse<AccountResponse>>()
            .WithSummary("Lists loyalty accounts (system accounts too), by id, filtered by user, user_email, currency, number, debit_allowed; paged by page and limit.");
        Problems(routes.Map("GET", "loyalty_account/{pk}/", LoyaltyEndpointHandlers.GetAccount))
            .Produces<AccountResponse>()
            .WithSummary("Returns a loyalty account.");
        Body<UpdateAccountBody>(routes.Map("PATCH", "loyalty_account/{pk}/", LoyaltyEndpointHandlers.UpdateAccount))
            .Produces<AccountResponse>()
            .WithSummary("Changes an account's balance (by an adjustment against the Bank account), debit rule or email.");
        Body<CreateTransferBody>(routes.Map("POST", "loyalty_account/{pk}/create_transfer/", LoyaltyEndpointHandlers.CreateTransfer))
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("Moves money between two accounts of the same currency; the path's account must be one of them.");
        Problems(routes.Map("GET", "loyalty_transfer/", LoyaltyEndpointHandlers.ListTransfers))
            .Produces<PageResponse<TransferResponse>>()
            .WithSummary("Lists loyalty transfers, newest first, filtered by account, user, order, currency; paged by page and limit.");
        Body<RefundBody>(routes.Map("POST", "loyalty-transactions/refund/", LoyaltyEndpointHandlers.Refund), LoyaltyPermissions.Refund)
            .Produces<RefundResponse>(StatusCodes.Status201Created)
            .WithSummary("Gives back loyalty money spent on an order, by the payment transaction's UUID.");
        Body<CrossRefundBody>(routes.Map("POST", "loyalty-transactions/cross-refund/", LoyaltyEndpointHandlers.CrossRefund), LoyaltyPermissions.Refund)
            .Produces<RefundResponse>(StatusCodes.Status201Created)
            .WithSummary("Gives back loyalty money spent on an order, by order number.");
        Body<OrderPaymentBody>(routes.Map("POST", "loyalty-transactions/order-payment/", LoyaltyEndpointHandlers.PayOrder))
            .Produces<OrderPaymentResponse>(StatusCodes.Status201Created)
            .Produces<OrderPaymentResponse>(StatusCodes.Status200OK)
            .WithSummary("Pays (part of) an order from the user's accounts; 200 when it repeats an earlier identical request.");
        Problems(routes.Map("GET", "data-warehouse/loyalty/accounts/", DataWarehouseHandlers.ListAccounts))
            .Produces<PageResponse<AccountResponse>>()
            .WithSummary("Lists loyalty accounts for the data warehouse (system accounts too), filtered by balance, created_date, currency, debit_allowed, id, modified_date (with __gt|gte|lt|lte), number, user, user_email, uuid; sorted by sort; paged by page and limit.");
        Body<GiftCardBody>(routes.Map("POST", "loyalty_gift_card/", LoyaltyEndpointHandlers.IssueGiftCard))
            .Produces<AccountResponse>(StatusCodes.Status201Created)
            .WithSummary("Issues a gift card: a new account funded from the Bank account.");

        // Extensions of this library (Akinon has no holds): tagged apart in the OpenAPI document.
        Extension(Body<OrderAuthorizationBody>(routes.Map("POST", "loyalty-transactions/order-authorization/", LoyaltyEndpointHandlers.AuthorizeOrder)))
            .Produces<OrderAuthorizationResponse>(StatusCodes.Status201Created)
            .Produces<OrderAuthorizationResponse>(StatusCodes.Status200OK)
            .WithSummary("Extension: holds loyalty money for an order (allocated as order-payment/ does) until it is captured or voided; 200 when it repeats an earlier identical request.");
        Extension(Body<HoldCaptureBody>(routes.Map("POST", "loyalty-transactions/order-authorization/capture/", LoyaltyEndpointHandlers.CaptureOrder)))
            .Produces<HoldSettlementResponse>(StatusCodes.Status201Created)
            .Produces<HoldSettlementResponse>(StatusCodes.Status200OK)
            .WithSummary("Extension: captures (part of) an order's hold as the order's payment; the rest goes back to the accounts it was drawn from. 422 authorization_expired after the hold expired.");
        Extension(Body<HoldVoidBody>(routes.Map("POST", "loyalty-transactions/order-authorization/void/", LoyaltyEndpointHandlers.VoidOrder)))
            .Produces<HoldSettlementResponse>(StatusCodes.Status201Created)
            .Produces<HoldSettlementResponse>(StatusCodes.Status200OK)
            .WithSummary("Extension: voids an order's hold; everything goes back to the accounts it was drawn from.");
        Extension(Problems(routes.Map("GET", "loyalty_account/{pk}/statement/", StatementHandlers.Statement)))
            .Produces<StatementResponse>(StatusCodes.Status200OK, "application/json", StatementCsv.ContentType)
            .WithSummary("Extension: the account's statement for the period (from, to]: opening balance, the transfers oldest first with balance_after, closing balance. "
                + "from and to are ISO 8601 timestamps (default: the whole history, up to now); Accept: text/csv answers CSV (a header line, one line per transfer), its balances in the Loyalty-Opening-Balance and Loyalty-Closing-Balance headers.");
        routes.MapRefusals();

        // A path under the prefix's fixed part that names no route is a problem too, not an empty 404; only
        // when that part exists, so a prefix that starts with the channel never claims the host's other paths.
        var channelAt = prefix.IndexOf("{" + LoyaltyEndpointHandlers.ChannelParameter + "}", StringComparison.Ordinal);
        var fixedPart = prefix[..channelAt].TrimEnd('/');
        if (fixedPart.Trim('/').Length > 0)
        {
            endpoints.Map(fixedPart + "/{**path}", LoyaltyEndpointHandlers.RouteNotFound).WithOrder(RefusalOrder + 2).ExcludeFromDescription();
        }

        return group;
    }

    /// <summary>The OpenAPI tag of the routes this library adds to Akinon's contract.</summary>
    public const string ExtensionTag = "Loyalty extensions";

    /// <summary>Marks a route as an extension of this library in the OpenAPI document (its own tag), with the refusal only extensions give.</summary>
    private static RouteHandlerBuilder Extension(RouteHandlerBuilder builder)
        => builder
            .WithTags(ExtensionTag)
            .Produces<LoyaltyProblem>(StatusCodes.Status422UnprocessableEntity, LoyaltyProblem.ContentType);

    /// <summary>After every real route: the refusals only answer what no route took.</summary>
    private const int RefusalOrder = 1_000;

    private static RouteHandlerBuilder Body<T>(RouteHandlerBuilder builder, LoyaltyPermissions permission = LoyaltyPermissions.Write)
        where T : notnull
        // "*/*" keeps routing's content-type matcher from answering 415 with an empty body: the handler
        // refuses other media types itself, as an RFC 7807 problem.
        => Problems(builder.Accepts<T>(isOptional: true, "application/json", "*/*"), permission);

    private static RouteHandlerBuilder Problems(RouteHandlerBuilder builder, LoyaltyPermissions permission = LoyaltyPermissions.Read)
    {
        var writes = permission != LoyaltyPermissions.Read;
        LoyaltyRateLimiter.Limit(builder.RequireAuthorization(LoyaltySecurity.PolicyOf(permission)), writes)
            .Produces<LoyaltyProblem>(StatusCodes.Status401Unauthorized, LoyaltyProblem.ContentType)
            .Produces<LoyaltyProblem>(StatusCodes.Status403Forbidden, LoyaltyProblem.ContentType)
            .Produces<LoyaltyProblem>(StatusCodes.Status400BadRequest, LoyaltyProblem.ContentType)
            .Produces<LoyaltyProblem>(StatusCodes.Status404NotFound, LoyaltyProblem.ContentType)
            .Produces<LoyaltyProblem>(StatusCodes.Status503ServiceUnavailable, LoyaltyProblem.ContentType);
        return writes
            ? builder
                .Produces<LoyaltyProblem>(StatusCodes.Status408RequestTimeout, LoyaltyProblem.ContentType)
                .Produces<LoyaltyProblem>(StatusCodes.Status409Conflict, LoyaltyProblem.ContentType)
                .Produces<LoyaltyProblem>(StatusCodes.Status413PayloadTooLarge, LoyaltyProblem.ContentType)
                .Produces<LoyaltyProblem>(StatusCodes.Status415UnsupportedMediaType, LoyaltyProblem.ContentType)
            : builder;
    }

    /// <summary>Maps the routes and remembers each template's methods, for the 405 answers.</summary>
    private sealed class Routes(RouteGroupBuilder group)
    {
        private readonly Dictionary<string, List<string>> _methods = new(StringComparer.Ordinal);

        public RouteHandlerBuilder Map(string method, string template, Delegate handler)
        {
            if (!_methods.TryGetValue(template, out var methods))
            {
                _methods[template] = methods = [];
            }

            methods.Add(method);
            return group.MapMethods(template, [method], handler);
        }

        public void MapRefusals()
        {
            foreach (var (template, methods) in _methods)
            {
                var allow = string.Join(", ", methods.Order(StringComparer.Ordinal));
                group.Map(template, (HttpContext http) => LoyaltyEndpointHandlers.MethodNotAllowed(http, allow)).WithOrder(RefusalOrder).ExcludeFromDescription();
            }

            group.Map("{**path}", LoyaltyEndpointHandlers.RouteNotFound).WithOrder(RefusalOrder + 1).ExcludeFromDescription();
        }
    }
}
