using System.Globalization;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>The route handlers: each resolves its channel's ledger, reads the request strictly and writes Akinon's shapes.</summary>
internal static class LoyaltyEndpointHandlers
{
    public const string ChannelParameter = "commerce_channel_id";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const int MaxIdempotencyKeyLength = 128;

    private static readonly HashSet<string> FixedAccountFields = new(StringComparer.Ordinal) { "number", "currency", "user" };

    public static Task<IResult> CreateAccount(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            var key = IdempotencyKey(http);
            var body = await RequestBodyReader.ReadAsync<CreateAccountBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var account = await ledger.CreateAccountAsync(body.ToRequest(key), cancellationToken).ConfigureAwait(false);
            return CreatedAccount(http, account);
        });

    public static Task<IResult> ListAccounts(
        HttpContext http,
        [FromRoute(Name = ChannelParameter)] string channelId,
        [FromQuery(Name = "user")] string? user,
        [FromQuery(Name = "user_email")] string? userEmail,
        [FromQuery(Name = "currency")] string? currency,
        [FromQuery(Name = "number")] string? number,
        [FromQuery(Name = "debit_allowed")] string? debitAllowed,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "limit")] string? limit)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            var paging = QueryValues.Paging(page, limit, AccountQuery.MaxLimit);
            var query = new AccountQuery
            {
                UserId = QueryValues.Long(user, "user"),
                UserEmail = QueryValues.Text(userEmail),
                Currency = QueryValues.Currency(currency),
                Number = QueryValues.Text(number),
                DebitAllowed = QueryValues.Bool(debitAllowed, "debit_allowed"),
                Skip = QueryValues.Skip(paging.Page, paging.Limit),
                Limit = paging.Limit,
            };
            var result = await ledger.ListAccountsAsync(query, cancellationToken).ConfigureAwait(false);
            return Json(PageOf(http.Request, result, paging, AccountResponse.From), StatusCodes.Status200OK);
        });

    public static Task<IResult> GetAccount(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId, [FromRoute(Name = "pk")] string pk)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            var account = await ledger.GetAccountAsync(AccountId(pk), cancellationToken).ConfigureAwait(false);
            return Json(AccountResponse.From(account), StatusCodes.Status200OK);
        });

    public static Task<IResult> UpdateAccount(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId, [FromRoute(Name = "pk")] string pk)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            var accountId = AccountId(pk);
            var key = IdempotencyKey(http);
            var body = await RequestBodyReader.ReadAsync<UpdateAccountBody>(http.Request, FixedAccountFields, true, cancellationToken).ConfigureAwait(false);
            var current = await ledger.GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
            var updated = await ledger.UpdateAccountAsync(accountId, body.ToRequest(current.Currency, key), cancellationToken).ConfigureAwait(false);
            return Json(AccountResponse.From(updated), StatusCodes.Status200OK);
        });

    public static Task<IResult> CreateTransfer(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId, [FromRoute(Name = "pk")] string pk)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            var accountId = AccountId(pk);
            var key = IdempotencyKey(http);
            var body = await RequestBodyReader.ReadAsync<CreateTransferBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var source = WireValues.Required(body.SourceAccount, "source_account");
            var destination = WireValues.Required(body.DestinationAccount, "destination_account");
            if (accountId != source && accountId != destination)
            {
                throw WireException.Invalid(string.Create(CultureInfo.InvariantCulture, $"Account {accountId} in the path must be the source_account or the destination_account of the transfer."));
            }

            // The amount is written in the accounts' currency; the store checks that both accounts hold it.
            var sourceAccount = await ledger.GetAccountAsync(source, cancellationToken).ConfigureAwait(false);
            await ledger.TransferAsync(body.ToRequest(sourceAccount.Currency, key), cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        });

    public static Task<IResult> ListTransfers(
        HttpContext http,
        [FromRoute(Name = ChannelParameter)] string channelId,
        [FromQuery(Name = "account")] string? account,
        [FromQuery(Name = "user")] string? user,
        [FromQuery(Name = "order")] string? order,
        [FromQuery(Name = "currency")] string? currency,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "limit")] string? limit)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            var paging = QueryValues.Paging(page, limit, TransferQuery.MaxLimit);
            var query = new TransferQuery
            {
                AccountId = QueryValues.Long(account, "account"),
                UserId = QueryValues.Long(user, "user"),
                OrderNumber = QueryValues.Text(order),
                Currency = QueryValues.Currency(currency),
                Skip = QueryValues.Skip(paging.Page, paging.Limit),
                Limit = paging.Limit,
            };
            var result = await ledger.ListTransfersAsync(query, cancellationToken).ConfigureAwait(false);
            return Json(PageOf(http.Request, result, paging, TransferResponse.From), StatusCodes.Status200OK);
        });

    public static Task<IResult> Refund(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            var key = IdempotencyKey(http);
            var body = await RequestBodyReader.ReadAsync<RefundBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var refund = await ledger.RefundAsync(body.ToRequest(key), cancellationToken).ConfigureAwait(false);
            return Json(RefundResponse.From(refund), StatusCodes.Status201Created);
        });

    public static Task<IResult> CrossRefund(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            var key = IdempotencyKey(http);
            var body = await RequestBodyReader.ReadAsync<CrossRefundBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var refund = await ledger.CrossRefundAsync(body.ToRequest(key), cancellationToken).ConfigureAwait(false);
            return Json(RefundResponse.From(refund), StatusCodes.Status201Created);
        });

    public static Task<IResult> PayOrder(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            // The order number is the payment's idempotency key; an Idempotency-Key header adds nothing to it.
            IdempotencyKey(http);
            var body = await RequestBodyReader.ReadAsync<OrderPaymentBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var payment = await ledger.PayOrderAsync(body.ToRequest(), cancellationToken).ConfigureAwait(false);
            return Json(OrderPaymentResponse.From(payment), payment.Replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        });

    public static Task<IResult> IssueGiftCard(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, async (ledger, cancellationToken) =>
        {
            var key = IdempotencyKey(http);
            var body = await RequestBodyReader.ReadAsync<GiftCardBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            if (key is not null && body.Code is null)
            {
                // The code is the card's idempotency key; a card with a generated code cannot be matched to a retry.
                throw WireException.Invalid("A gift card is made idempotent by its 'code': send the code with the Idempotency-Key, or leave the header out to get a generated code.");
            }

            var card = await ledger.IssueGiftCardAsync(body.ToRequest(), cancellationToken).ConfigureAwait(false);
            return CreatedAccount(http, card);
        });

    private static async Task<IResult> Run(HttpContext http, string channelId, Func<ILoyaltyLedger, CancellationToken, Task<IResult>> action)
    {
        var channels = http.RequestServices.GetRequiredService<ILoyaltyChannels>();
        if (!channels.TryGetLedger(channelId, out var ledger))
        {
            return Problem(http, LoyaltyProblem.Create(StatusCodes.Status404NotFound, LoyaltyErrorCodes.ChannelNotFound, $"No commerce channel '{WireValues.Shown(channelId)}' is served here."));
        }

        try
        {
            return await action(ledger, http.RequestAborted).ConfigureAwait(false);
        }
        catch (LoyaltyException e)
        {
            return Problem(http, LoyaltyProblem.From(e));
        }
        catch (WireException e)
        {
            return Problem(http, LoyaltyProblem.Create(e.Status, e.Code, e.Message));
        }
        catch (BadHttpRequestException e)
        {
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? LoyaltyErrorCodes.RequestTooLarge : LoyaltyErrorCodes.MalformedJson;
            return Problem(http, LoyaltyProblem.Create(e.StatusCode, code, "The request could not be read: " + e.Message));
        }
    }

    private static IResult Problem(HttpContext http, LoyaltyProblem problem)
        => Results.Json(problem with { Instance = http.Request.PathBase.Add(http.Request.Path).Value }, LoyaltyJson.TypeInfo<LoyaltyProblem>(), LoyaltyProblem.ContentType, problem.Status);

    private static IResult Json<T>(T value, int status) => Results.Json(value, LoyaltyJson.TypeInfo<T>(), contentType: null, statusCode: status);

    private static IResult CreatedAccount(HttpContext http, Account account)
    {
        // Both routes that open accounts sit beside loyalty_account/ under the channel's prefix.
        var path = http.Request.PathBase.Add(http.Request.Path).Value!.TrimEnd('/');
        var prefix = path[..(path.LastIndexOf('/') + 1)];
        http.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"{prefix}loyalty_account/{account.Id}/");
        return Json(AccountResponse.From(account), StatusCodes.Status201Created);
    }

    private static long AccountId(string pk)
    {
        if (!long.TryParse(pk, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            throw new LoyaltyException(LoyaltyErrorCode.AccountNotFound, $"No account has id '{WireValues.Shown(pk)}'.");
        }

        return id;
    }

    private static string? IdempotencyKey(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }

        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]) || values[0]!.Length > MaxIdempotencyKeyLength)
        {
            throw WireException.Invalid(string.Create(CultureInfo.InvariantCulture, $"The {IdempotencyKeyHeader} header must be given once, with 1 to {MaxIdempotencyKeyLength} characters."));
        }

        return values[0];
    }

    private static PageResponse<TResponse> PageOf<TItem, TResponse>(HttpRequest request, Page<TItem> page, (int Page, int Limit) paging, Func<TItem, TResponse> map)
    {
        var results = new TResponse[page.Items.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = map(page.Items[i]);
        }

        var shown = (long)QueryValues.Skip(paging.Page, paging.Limit) + results.Length;
        return new PageResponse<TResponse>
        {
            Count = page.TotalCount,
            Next = results.Length > 0 && shown < page.TotalCount ? PageUrl(request, paging.Page + 1) : null,
            Previous = paging.Page > 1 ? PageUrl(request, paging.Page - 1) : null,
            Results = results,
        };
    }

    private static string PageUrl(HttpRequest request, int page)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var (name, values) in request.Query)
        {
            if (!string.Equals(name, "page", StringComparison.Ordinal))
            {
                foreach (var value in (StringValues)values)
                {
                    parameters.Add(new(name, value));
                }
            }
        }

        parameters.Add(new("page", page.ToString(CultureInfo.InvariantCulture)));
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, QueryString.Create(parameters));
    }
}
