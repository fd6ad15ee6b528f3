using System.Globalization;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>The statement extension route, <c>loyalty_account/{pk}/statement/</c>: JSON by default, CSV for <c>Accept: text/csv</c>.</summary>
internal static class StatementHandlers
{
    /// <summary>The response headers that carry a CSV statement's balances (CSV has one line per transfer and nothing else).</summary>
    public const string OpeningBalanceHeader = "Loyalty-Opening-Balance";

    /// <inheritdoc cref="OpeningBalanceHeader"/>
    public const string ClosingBalanceHeader = "Loyalty-Closing-Balance";

    public static Task<IResult> Statement(
        HttpContext http,
        [FromRoute(Name = LoyaltyEndpointHandlers.ChannelParameter)] string channelId,
        [FromRoute(Name = "pk")] string pk,
        [FromQuery(Name = "from")] string? from,
        [FromQuery(Name = "to")] string? to)
        => LoyaltyEndpointHandlers.Run(http, channelId, WireFields.ReadAccount, async (ledger, cancellationToken) =>
        {
            var accountId = LoyaltyEndpointHandlers.AccountId(pk);

            // Without a start the statement covers the account's whole history; without an end it runs to the server's clock.
            var start = string.IsNullOrEmpty(from) ? DateTimeOffset.MinValue : QueryValues.Timestamp(from, "from");
            var end = string.IsNullOrEmpty(to) ? DateTimeOffset.MaxValue : QueryValues.Timestamp(to, "to");
            if (start > end)
            {
                throw WireException.Invalid(string.Create(CultureInfo.InvariantCulture, $"The query parameter 'from' ({TimestampJsonConverter.ToText(start)}) must not be later than 'to' ({TimestampJsonConverter.ToText(end)})."));
            }

            // Opened before anything is written, so an unknown account or a bad period is still a problem; the transfers
            // are then read from the store as the response is written.
            var statement = await ledger.ReadStatementAsync(accountId, start, end, cancellationToken).ConfigureAwait(false);
            return WantsCsv(http.Request)
                ? new CsvResult(statement)
                : LoyaltyEndpointHandlers.Json(StatementResponse.From(statement), StatusCodes.Status200OK);
        });

    /// <summary>Whether the client prefers CSV: <c>text/csv</c> accepted with a quality above JSON's (and above <c>*/*</c>'s).</summary>
    private static bool WantsCsv(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        double csv = 0, json = 0;
        foreach (var media in accepted)
        {
            var quality = media.Quality ?? 1;
            if (media.MediaType.Equals(StatementCsv.ContentType, StringComparison.OrdinalIgnoreCase))
            {
                csv = Math.Max(csv, quality);
            }
            else if (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.MediaType.Equals("*/*", StringComparison.Ordinal))
            {
                json = Math.Max(json, quality);
            }
        }

        return csv > 0 && csv > json;
    }

    private sealed class CsvResult(AccountStatement statement) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = StatementCsv.ContentType + "; charset=utf-8; header=present";
            response.Headers[OpeningBalanceHeader] = statement.OpeningBalance.ToAmountString();
            response.Headers[ClosingBalanceHeader] = statement.ClosingBalance.ToAmountString();
            response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture, $"attachment; filename=\"statement-{statement.Account.Id}.csv\"");
            await StatementCsv.WriteAsync(statement, response.Body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
