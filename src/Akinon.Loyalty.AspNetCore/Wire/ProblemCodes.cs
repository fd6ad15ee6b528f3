using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// The wire names and HTTP statuses of <see cref="LoyaltyErrorCode"/>s, and the few codes only the HTTP
/// layer reports. A code's name is its enum name in snake_case (<see cref="LoyaltyErrorCode.InsufficientFunds"/>
/// is <c>insufficient_funds</c>) and, like the enum, never changes.
/// </summary>
public static class ProblemCodes
{
    /// <summary>The route's commerce channel is not served here (404).</summary>
    public const string ChannelNotFound = "channel_not_found";

    /// <summary>The body is not JSON, or is empty (400).</summary>
    public const string MalformedJson = "malformed_json";

    /// <summary>A field is unknown, of the wrong type, not allowed here, missing or malformed (400).</summary>
    public const string InvalidArgument = "invalid_argument";

    /// <summary>The body is larger than the endpoints accept (413).</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>The query string is longer than the endpoints accept (414); nothing was done.</summary>
    public const string QueryTooLong = "query_too_long";

    /// <summary>The request's headers are larger than the endpoints accept (431); nothing was done.</summary>
    public const string HeadersTooLarge = "headers_too_large";

    /// <summary>The body is not <c>application/json</c> (415).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>No loyalty route is at the path, under the endpoints' prefix (404).</summary>
    public const string RouteNotFound = "route_not_found";

    /// <summary>The route exists but not for the request's method; the <c>Allow</c> header lists the methods it serves (405).</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>The request body stopped arriving before it was complete (408); nothing was done.</summary>
    public const string RequestTimeout = "request_timeout";

    /// <summary>A storefront route was asked without a signed-in user (401).</summary>
    public const string NotSignedIn = "not_signed_in";

    /// <summary>The server failed on a bug, never on the request's content (500); the server logged it.</summary>
    public const string InternalError = "internal_error";

    /// <summary>The request carries no loyalty API key, or one that is not configured (401, with <c>WWW-Authenticate: Token</c>).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The key does not grant the route's commerce channel, or the route's permission (403).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The key sent more requests than its limit (429, with <c>Retry-After</c>); nothing was done.</summary>
    public const string RateLimited = "rate_limited";

    private static readonly Dictionary<LoyaltyErrorCode, string> Names = Enum.GetValues<LoyaltyErrorCode>()
        .ToDictionary(static code => code, static code => JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString()));

    /// <summary>The snake_case wire name of a code, for example <c>insufficient_funds</c>.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireCode(LoyaltyErrorCode code)
        => Names.TryGetValue(code, out var name) ? name : JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString());

    /// <summary>
    /// The HTTP status a refusal is reported with: 404 when an id names nothing (account, transaction,
    /// payment), 409 for idempotency and concurrency conflicts, 422 for an expired account (<c>account_expired</c>: it neither gives nor receives) and an expired hold (<c>authorization_expired</c>: it can only be voided), 503 (with <c>Retry-After</c>) when the store
    /// failed, 400 for every other invalid input or refused business rule. Of the two 503s,
    /// <see cref="LoyaltyErrorCode.StoreUnavailable"/> wrote nothing, and <see cref="LoyaltyErrorCode.OutcomeUnknown"/>
    /// may or may not have written: retry it with the same <c>Idempotency-Key</c> (for a payment, the same
    /// order number; for a gift card, the same code), which returns the original result if it was written
    /// and applies it once if it was not. A retry without the key may apply it twice.
    /// </summary>
    /// <param name="code">The code.</param>
    /// <returns>The status code.</returns>
    public static int ToStatusCode(LoyaltyErrorCode code) => code switch
    {
        LoyaltyErrorCode.AccountNotFound or LoyaltyErrorCode.TransactionNotFound or LoyaltyErrorCode.PaymentNotFound => StatusCodes.Status404NotFound,
        LoyaltyErrorCode.IdempotencyConflict or LoyaltyErrorCode.ConcurrencyConflict => StatusCodes.Status409Conflict,
        LoyaltyErrorCode.AccountExpired or LoyaltyErrorCode.AuthorizationExpired => StatusCodes.Status422UnprocessableEntity,
        LoyaltyErrorCode.StoreUnavailable or LoyaltyErrorCode.OutcomeUnknown => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
