using System.Globalization;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Maps Akinon's Omnitron transaction listing, <c>/api/v1/loyalty_transactions/</c>, for the default channel.</summary>
public static class TransactionListingEndpointRouteBuilderExtensions
{
    /// <summary>Omnitron's route prefix of the transaction listing.</summary>
    public const string DefaultPrefix = "/api/v1";

    /// <summary>
    /// Maps <c>loyalty_transactions/</c> (GET: newest first, filtered by <c>uuid</c>, <c>transaction_type</c>,
    /// <c>created_date__gt|gte|lt|lte</c> and <c>modified_date__gt|gte|lt|lte</c>, paged by <c>page</c> (default 1)
    /// and <c>limit</c> (default 10)) and <c>loyalty_transactions/{id}/</c> (GET) under <paramref name="prefix"/>, for
    /// <see cref="LoyaltyEndpointOptions.DefaultChannel"/>. <c>transaction_type</c> names a kind as
    /// <see cref="TransactionTypes"/> does; a transaction's <c>modified_date</c> is its <c>created_date</c> (transactions
    /// never change). Bad filters are 400 <c>invalid_argument</c> problems. The routes require a key that grants the
    /// default channel and <see cref="LoyaltyPermissions.Read"/> (401 without one, 403 with another channel's key), and take
    /// from the key's read limit (<see cref="LoyaltyRateLimitOptions.Reads"/>; 429 with <c>Retry-After</c> past it); opting out is an explicit <c>.AllowAnonymous()</c> on the returned group, for tests only.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">The route prefix, <c>/api/v1</c> by default.</param>
    /// <returns>The route group, to add authorization or other conventions to both routes.</returns>
    /// <exception cref="InvalidOperationException">No channel is registered, or <see cref="LoyaltyEndpointOptions.DefaultChannel"/> names none of them.</exception>
    public static RouteGroupBuilder MapLoyaltyTransactionEndpoints(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        DefaultChannel.Require(endpoints, "transaction endpoints");
        var group = endpoints.MapGroup(prefix);

        // As every other route: a key that grants the default channel and Read, unless the host opts out explicitly.
        group.WithTags("Loyalty transactions").RequireAuthorization(LoyaltySecurity.ReadPolicy);
        Problems(group.MapGet("loyalty_transactions/", TransactionListingHandlers.List))
            .Produces<PageResponse<TransactionResponse>>()
            .WithSummary("Lists loyalty transactions, newest first, filtered by uuid, transaction_type, created_date__gt|gte|lt|lte, modified_date__gt|gte|lt|lte; paged by page and limit.");
        Problems(group.MapGet("loyalty_transactions/{id}/", TransactionListingHandlers.Get))
            .Produces<TransactionResponse>()
            .WithSummary("Returns a loyalty transaction by id.");
        return group;
    }

    private static RouteHandlerBuilder Problems(RouteHandlerBuilder builder)
        => LoyaltyRateLimiter.Limit(builder, write: false)
            .Produces<LoyaltyProblem>(StatusCodes.Status400BadRequest, LoyaltyProblem.ContentType)
            .Produces<LoyaltyProblem>(StatusCodes.Status404NotFound, LoyaltyProblem.ContentType)
            .Produces<LoyaltyProblem>(StatusCodes.Status503ServiceUnavailable, LoyaltyProblem.ContentType);
}

/// <summary>The transaction listing handlers: filters read strictly into a <see cref="TransactionQuery"/>.</summary>
internal static class TransactionListingHandlers
{
    public const int DefaultLimit = 10;

    public static Task<IResult> List(
        HttpContext http,
        [FromQuery(Name = "uuid")] string? uuid,
        [FromQuery(Name = "transaction_type")] string? transactionType,
        [FromQuery(Name = "created_date__gt")] string? createdAfter,
        [FromQuery(Name = "created_date__gte")] string? createdFrom,
        [FromQuery(Name = "created_date__lt")] string? createdBefore,
        [FromQuery(Name = "created_date__lte")] string? createdUntil,
        [FromQuery(Name = "modified_date__gt")] string? modifiedAfter,
        [FromQuery(Name = "modified_date__gte")] string? modifiedFrom,
        [FromQuery(Name = "modified_date__lt")] string? modifiedBefore,
        [FromQuery(Name = "modified_date__lte")] string? modifiedUntil,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "limit")] string? limit)
        => LoyaltyEndpointHandlers.Run(http, DefaultChannel.Of(http), WireFields.None, async (ledger, cancellationToken) =>
        {
            var paging = QueryValues.Paging(page, limit, TransactionQuery.MaxLimit, DefaultLimit);
            var (from, before) = QueryValues.TimeBounds(
                ("created_date__gt", createdAfter), ("created_date__gte", createdFrom), ("created_date__lt", createdBefore), ("created_date__lte", createdUntil),
                ("modified_date__gt", modifiedAfter), ("modified_date__gte", modifiedFrom), ("modified_date__lt", modifiedBefore), ("modified_date__lte", modifiedUntil));
            var query = new TransactionQuery
            {
                Uuid = string.IsNullOrEmpty(uuid) ? null : WireValues.Uuid(uuid, "uuid"),
                Kind = Kind(transactionType),
                CreatedFrom = from,
                CreatedBefore = before,
                Skip = QueryValues.Skip(paging.Page, paging.Limit),
                Limit = paging.Limit,
            };
            var result = await ledger.ListTransactionsAsync(query, cancellationToken).ConfigureAwait(false);
            return LoyaltyEndpointHandlers.Json(LoyaltyEndpointHandlers.PageOf(http, result, paging, TransactionResponse.From), StatusCodes.Status200OK);
        });

    public static Task<IResult> Get(HttpContext http, [FromRoute(Name = "id")] string id)
        => LoyaltyEndpointHandlers.Run(http, DefaultChannel.Of(http), WireFields.None, async (ledger, cancellationToken) =>
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var transactionId) || transactionId <= 0 || transactionId == long.MaxValue)
            {
                throw WireException.Invalid($"'id' in the path must be a transaction id, a positive integer; '{WireValues.Shown(id)}' is not.");
            }

            // The newest transaction at or below the id, by the listing's own cursor: it is the one asked for, or there is none.
            var page = await ledger.ListTransactionsAsync(new TransactionQuery { BeforeId = transactionId + 1, Limit = 1 }, cancellationToken).ConfigureAwait(false);
            return page.Items is [var transaction] && transaction.Id == transactionId
                ? LoyaltyEndpointHandlers.Json(TransactionResponse.From(transaction), StatusCodes.Status200OK)
                : throw new LoyaltyException(LoyaltyErrorCode.TransactionNotFound, string.Create(CultureInfo.InvariantCulture, $"No loyalty transaction has id {transactionId}."));
        });

    private static TransactionKind? Kind(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return TransactionTypes.TryParse(text, out var kind)
            ? kind
            : throw WireException.Invalid($"The query parameter 'transaction_type' must be one of {string.Join(", ", TransactionTypes.All)}; '{WireValues.Shown(text)}' is not.");
    }
}
