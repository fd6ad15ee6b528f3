using System.Globalization;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>The route handlers: each resolves its channel's ledger, reads the request strictly and writes Akinon's shapes.</summary>
internal static class LoyaltyEndpointHandlers
{
    public const string ChannelParameter = "commerce_channel_id";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const int MaxIdempotencyKeyLength = 128;

    /// <summary>
    /// The longest query string a route reads (every filter the routes take fits many times over). Kestrel's own
    /// request-line limit (8 KiB) is larger, so a longer query is answered here, as a problem, before Kestrel's bare 414.
    /// </summary>
    public const int MaxQueryLength = 2048;

    /// <summary>The most header bytes (names and values) a request may carry; below Kestrel's own 32 KiB, for the same reason.</summary>
    public const int MaxHeaderBytes = 16 * 1024;

    private static readonly HashSet<string> FixedAccountFields = new(StringComparer.Ordinal) { "number", "currency", "user" };

    public static Task<IResult> CreateAccount(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, WireFields.CreateAccount, async (ledger, cancellationToken) =>
        {
            var key = IdempotencyKey(http);
            var who = LoyaltyAudit.Of(http);
            var body = await RequestBodyReader.ReadAsync<CreateAccountBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var account = await ledger.CreateAccountAsync(body.ToRequest(key) with { Actor = who.Actor, RemoteAddress = who.RemoteAddress }, cancellationToken).ConfigureAwait(false);
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
        => Run(http, channelId, WireFields.ListAccounts, async (ledger, cancellationToken) =>
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
            return Json(PageOf(http, result, paging, AccountResponse.From), StatusCodes.Status200OK);
        });

    public static Task<IResult> GetAccount(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId, [FromRoute(Name = "pk")] string pk)
        => Run(http, channelId, WireFields.ReadAccount, async (ledger, cancellationToken) =>
        {
            var account = await ledger.GetAccountAsync(AccountId(pk), cancellationToken).ConfigureAwait(false);
            return Json(AccountResponse.From(account), StatusCodes.Status200OK);
        });

    public static Task<IResult> UpdateAccount(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId, [FromRoute(Name = "pk")] string pk)
        => Run(http, channelId, WireFields.UpdateAccount, async (ledger, cancellationToken) =>
        {
            var accountId = AccountId(pk);
            var key = IdempotencyKey(http);
            var who = LoyaltyAudit.Of(http);
            var body = await RequestBodyReader.ReadAsync<UpdateAccountBody>(http.Request, FixedAccountFields, true, cancellationToken).ConfigureAwait(false);
            var current = await ledger.GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
            var updated = await ledger.UpdateAccountAsync(accountId, body.ToRequest(current.Currency, key) with { Actor = who.Actor, RemoteAddress = who.RemoteAddress }, cancellationToken).ConfigureAwait(false);
            return Json(AccountResponse.From(updated), StatusCodes.Status200OK);
        });

    public static Task<IResult> CreateTransfer(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId, [FromRoute(Name = "pk")] string pk)
        => Run(http, channelId, WireFields.CreateTransfer, async (ledger, cancellationToken) =>
        {
            var accountId = AccountId(pk);
            var key = IdempotencyKey(http);
            var who = LoyaltyAudit.Of(http);
            var body = await RequestBodyReader.ReadAsync<CreateTransferBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var source = WireValues.Required(body.SourceAccount, "source_account");
            var destination = WireValues.Required(body.DestinationAccount, "destination_account");
            if (accountId != source && accountId != destination)
            {
                throw WireException.Invalid(string.Create(CultureInfo.InvariantCulture, $"Account {accountId} in the path must be the source_account or the destination_account of the transfer."));
            }

            // The amount is written in the accounts' currency; the store checks that both accounts hold it.
            var sourceAccount = await ledger.GetAccountAsync(source, cancellationToken).ConfigureAwait(false);
            await ledger.TransferAsync(body.ToRequest(sourceAccount.Currency, key) with { Actor = who.Actor, RemoteAddress = who.RemoteAddress }, cancellationToken).ConfigureAwait(false);
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
        => Run(http, channelId, WireFields.ListTransfers, async (ledger, cancellationToken) =>
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
            return Json(PageOf(http, result, paging, TransferResponse.From), StatusCodes.Status200OK);
        });

    public static Task<IResult> Refund(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, WireFields.Refund, async (ledger, cancellationToken) =>
        {
            var key = IdempotencyKey(http);
            var who = LoyaltyAudit.Of(http);
            var body = await RequestBodyReader.ReadAsync<RefundBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);

            // The amount is written in the payment's currency, so its decimals are judged against that.
            var uuid = WireValues.Uuid(body.TransactionUuid, "transaction_uuid");
            var payment = await FindTransactionAsync(ledger, uuid, cancellationToken).ConfigureAwait(false);
            var refund = await ledger.RefundAsync(body.ToRequest(payment?.Currency, key) with { Actor = who.Actor, RemoteAddress = who.RemoteAddress }, cancellationToken).ConfigureAwait(false);
            return Json(RefundResponse.From(refund), StatusCodes.Status201Created);
        });

    public static Task<IResult> CrossRefund(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, WireFields.CrossRefund, async (ledger, cancellationToken) =>
        {
            var key = IdempotencyKey(http);
            var who = LoyaltyAudit.Of(http);
            var body = await RequestBodyReader.ReadAsync<CrossRefundBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);

            // The amount is written in the payment's currency, so its decimals are judged against that.
            var orderNumber = WireValues.Required(body.OrderNumber, "order_number");
            var payment = await ledger.GetOrderPaymentAsync(orderNumber, cancellationToken).ConfigureAwait(false);
            var refund = await ledger.CrossRefundAsync(body.ToRequest(payment?.Currency, key) with { Actor = who.Actor, RemoteAddress = who.RemoteAddress }, cancellationToken).ConfigureAwait(false);
            return Json(RefundResponse.From(refund), StatusCodes.Status201Created);
        });

    public static Task<IResult> PayOrder(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, WireFields.PayOrder, async (ledger, cancellationToken) =>
        {
            // The order number is the payment's idempotency key; an Idempotency-Key header adds nothing to it.
            IdempotencyKey(http);
            var who = LoyaltyAudit.Of(http);
            var body = await RequestBodyReader.ReadAsync<OrderPaymentBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var payment = await ledger.PayOrderAsync(body.ToRequest() with { Actor = who.Actor, RemoteAddress = who.RemoteAddress }, cancellationToken).ConfigureAwait(false);
            return Json(OrderPaymentResponse.From(payment), payment.Replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        });

    public static Task<IResult> AuthorizeOrder(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, WireFields.AuthorizeOrder, async (ledger, cancellationToken) =>
        {
            // The order number is the hold's idempotency key (shared with the order's payment), as for order-payment/.
            IdempotencyKey(http);
            var who = LoyaltyAudit.Of(http);
            var body = await RequestBodyReader.ReadAsync<OrderAuthorizationBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var request = body.ToRequest() with { Actor = who.Actor, RemoteAddress = who.RemoteAddress };
            var hold = await ledger.AuthorizeOrderAsync(request, body.ToTimeout(), cancellationToken).ConfigureAwait(false);
            return Json(OrderAuthorizationResponse.From(hold), hold.Replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        });

    public static Task<IResult> CaptureOrder(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, WireFields.CaptureOrder, async (ledger, cancellationToken) =>
        {
            // The hold's one settlement key is the order number: a copy replays, anything else conflicts.
            IdempotencyKey(http);
            var body = await RequestBodyReader.ReadAsync<HoldCaptureBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var orderNumber = WireValues.Required(body.OrderNumber, "order_number");

            // The amount is written in the hold's currency, so its decimals are judged against that.
            var currency = await OrderCurrencyAsync(ledger, orderNumber, cancellationToken).ConfigureAwait(false);
            var who = LoyaltyAudit.Of(http);
            var capture = new CaptureOrderRequest { OrderNumber = orderNumber, Amount = body.ToAmount(currency), Actor = who.Actor, RemoteAddress = who.RemoteAddress };
            var settlement = await ledger.CaptureOrderAsync(capture, cancellationToken).ConfigureAwait(false);
            return Json(HoldSettlementResponse.From(settlement), settlement.Replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        });

    public static Task<IResult> VoidOrder(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, WireFields.VoidOrder, async (ledger, cancellationToken) =>
        {
            IdempotencyKey(http);
            var body = await RequestBodyReader.ReadAsync<HoldVoidBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            var orderNumber = WireValues.Required(body.OrderNumber, "order_number");
            var who = LoyaltyAudit.Of(http);
            var settlement = await ledger.VoidOrderAsync(new VoidOrderRequest { OrderNumber = orderNumber, Actor = who.Actor, RemoteAddress = who.RemoteAddress }, cancellationToken).ConfigureAwait(false);
            return Json(HoldSettlementResponse.From(settlement), settlement.Replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        });

    public static Task<IResult> IssueGiftCard(HttpContext http, [FromRoute(Name = ChannelParameter)] string channelId)
        => Run(http, channelId, WireFields.IssueGiftCard, async (ledger, cancellationToken) =>
        {
            var key = IdempotencyKey(http);
            var who = LoyaltyAudit.Of(http);
            var body = await RequestBodyReader.ReadAsync<GiftCardBody>(http.Request, null, false, cancellationToken).ConfigureAwait(false);
            // The code is the card's natural key; for a generated code the header keeps a retry from issuing a second card.
            var card = await ledger.IssueGiftCardAsync(body.ToRequest(key) with { Actor = who.Actor, RemoteAddress = who.RemoteAddress }, cancellationToken).ConfigureAwait(false);
            return CreatedAccount(http, card);
        });

    /// <summary>Answers a path under the prefix that names no route.</summary>
    public static IResult RouteNotFound(HttpContext http)
        => Problem(http, LoyaltyProblem.Create(StatusCodes.Status404NotFound, ProblemCodes.RouteNotFound, $"No loyalty route is at '{WireValues.Shown(http.Request.Path.Value ?? "")}'."));

    /// <summary>Answers a known route asked with a method it does not serve.</summary>
    public static IResult MethodNotAllowed(HttpContext http, string allow)
    {
        http.Response.Headers.Allow = allow;
        return Problem(http, LoyaltyProblem.Create(StatusCodes.Status405MethodNotAllowed, ProblemCodes.MethodNotAllowed, $"This route does not serve {WireValues.Shown(http.Request.Method)}; it serves {allow}."));
    }

    public static async Task<IResult> Run(HttpContext http, string channelId, WireFields fields, Func<ILoyaltyLedger, CancellationToken, Task<IResult>> action)
    {
        try
        {
            CheckSizes(http.Request);
            if (!LoyaltyChannelBuilderExtensions.IsChannelId(channelId))
            {
                throw WireException.Invalid(string.Create(CultureInfo.InvariantCulture, $"'{ChannelParameter}' in the path must be a channel id of 1 to {LoyaltyChannelBuilderExtensions.MaxChannelIdLength} characters without whitespace; '{WireValues.Shown(channelId)}' is not."));
            }

            var channels = http.RequestServices.GetRequiredService<ILoyaltyChannels>();
            if (!channels.TryGetLedger(channelId, out var ledger))
            {
                return Problem(http, LoyaltyProblem.Create(StatusCodes.Status404NotFound, ProblemCodes.ChannelNotFound, $"No commerce channel '{WireValues.Shown(channelId)}' is served here."));
            }

            return await action(ledger, http.RequestAborted).ConfigureAwait(false);
        }
        catch (LoyaltyException e)
        {
            var problem = LoyaltyProblem.From(e);
            return Problem(http, problem with { Detail = fields.Translate(problem.Detail) });
        }
        catch (WireException e)
        {
            return Problem(http, LoyaltyProblem.Create(e.Status, e.Code, e.Message));
        }
        catch (BadHttpRequestException e)
        {
            // The server refused to go on reading the body: too large, or it stopped arriving (Kestrel's minimum data rate).
            var code = e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => ProblemCodes.RequestTooLarge,
                StatusCodes.Status408RequestTimeout => ProblemCodes.RequestTimeout,
                _ => ProblemCodes.MalformedJson,
            };
            var detail = e.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The request body stopped arriving before it was complete; nothing was done."
                : "The request could not be read: " + e.Message;
            return Problem(http, LoyaltyProblem.Create(e.StatusCode, code, detail));
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client is gone: nobody reads an answer.
            return Results.Empty;
        }
        catch (Exception e)
        {
            // A bug, never bad input: logged in full here, and a problem without internals for the client.
            var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(LoyaltyEndpointHandlers).FullName!);
            logger?.LogError(e, "Loyalty route {Method} {Path} failed unexpectedly.", http.Request.Method, http.Request.Path.Value);
            return Problem(http, LoyaltyProblem.Create(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, "The request failed unexpectedly; the server logged the error."));
        }
    }

    /// <summary>Refuses a query string or headers beyond the routes' limits, before anything is read.</summary>
    private static void CheckSizes(HttpRequest request)
    {
        if (request.QueryString.Value is { Length: > MaxQueryLength } query)
        {
            throw new WireException(StatusCodes.Status414UriTooLong, ProblemCodes.QueryTooLong, string.Create(CultureInfo.InvariantCulture, $"The query string is {query.Length} characters long; at most {MaxQueryLength} are accepted. Nothing was done."));
        }

        long bytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            bytes += name.Length;
            foreach (var value in values)
            {
                bytes += value?.Length ?? 0;
            }
        }

        if (bytes > MaxHeaderBytes)
        {
            throw new WireException(StatusCodes.Status431RequestHeaderFieldsTooLarge, ProblemCodes.HeadersTooLarge, string.Create(CultureInfo.InvariantCulture, $"The request's headers are {bytes} bytes; at most {MaxHeaderBytes} are accepted. Nothing was done."));
        }
    }

    private static async ValueTask<Transaction?> FindTransactionAsync(ILoyaltyLedger ledger, Guid uuid, CancellationToken cancellationToken)
    {
        try
        {
            return await ledger.GetTransactionAsync(uuid, cancellationToken).ConfigureAwait(false);
        }
        catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.TransactionNotFound)
        {
            return null;
        }
    }

    /// <summary>The currency of an order's transfers (its hold's), or <see langword="null"/> when the order moved no money.</summary>
    private static async ValueTask<Currency?> OrderCurrencyAsync(ILoyaltyLedger ledger, string orderNumber, CancellationToken cancellationToken)
    {
        if (orderNumber.Length == 0)
        {
            return null;
        }

        var transfers = await ledger.ListTransfersAsync(new TransferQuery { OrderNumber = orderNumber, Limit = 1 }, cancellationToken).ConfigureAwait(false);
        return transfers.Items.Count > 0 ? transfers.Items[0].Amount.Currency : null;
    }

    /// <summary>The one writer of problems: the request path as instance, and the headers a status calls for.</summary>
    private static IResult Problem(HttpContext http, LoyaltyProblem problem)
    {
        LoyaltyRefusalLog.Write(http, problem.Code);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            var retryAfter = http.RequestServices.GetService<IOptions<LoyaltyEndpointOptions>>()?.Value.RetryAfter ?? TimeSpan.FromSeconds(1);
            http.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Results.Json(problem with { Instance = http.Request.PathBase.Add(http.Request.Path).ToUriComponent() }, LoyaltyJson.TypeInfo<LoyaltyProblem>(), LoyaltyProblem.ContentType, problem.Status);
    }

    public static IResult Json<T>(T value, int status) => Results.Json(value, LoyaltyJson.TypeInfo<T>(), contentType: null, statusCode: status);

    private static IResult CreatedAccount(HttpContext http, Account account)
    {
        // Both routes that open accounts sit beside loyalty_account/ under the channel's prefix.
        var path = http.Request.PathBase.Add(http.Request.Path).Value!.TrimEnd('/');
        var prefix = path[..(path.LastIndexOf('/') + 1)];
        http.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"{prefix}loyalty_account/{account.Id}/");
        return Json(AccountResponse.From(account), StatusCodes.Status201Created);
    }

    public static long AccountId(string pk)
    {
        if (!long.TryParse(pk, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            throw WireException.Invalid($"'pk' in the path must be an account id, a positive integer; '{WireValues.Shown(pk)}' is not.");
        }

        return id;
    }

    private static string? IdempotencyKey(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }

        var key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength || key.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            throw WireException.Invalid(string.Create(CultureInfo.InvariantCulture, $"The {IdempotencyKeyHeader} header must be given once, with 1 to {MaxIdempotencyKeyLength} printable ASCII characters."));
        }

        return key;
    }

    public static PageResponse<TResponse> PageOf<TItem, TResponse>(HttpContext http, Page<TItem> page, (int Page, int Limit) paging, Func<TItem, TResponse> map)
    {
        var results = new TResponse[page.Items.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = map(page.Items[i]);
        }

        var shown = (long)QueryValues.Skip(paging.Page, paging.Limit) + results.Length;
        var baseAddress = http.RequestServices.GetService<IOptions<LoyaltyEndpointOptions>>()?.Value.PublicBaseAddress;
        return new PageResponse<TResponse>
        {
            Count = page.TotalCount,
            Next = results.Length > 0 && shown < page.TotalCount ? PageUrl(http.Request, baseAddress, paging.Page + 1) : null,
            Previous = paging.Page > 1 ? PageUrl(http.Request, baseAddress, paging.Page - 1) : null,
            Results = results,
        };
    }

    /// <summary>A page's link: under the configured public address, or relative; never from the request's Host, which any client sets.</summary>
    private static string PageUrl(HttpRequest request, Uri? baseAddress, int page)
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
        var path = request.PathBase.Add(request.Path).Add(QueryString.Create(parameters));
        return baseAddress is null ? path : string.Concat(baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/'), path);
    }
}
