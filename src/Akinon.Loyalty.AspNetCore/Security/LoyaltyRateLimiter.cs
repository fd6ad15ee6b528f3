using System.Globalization;
using System.Threading.RateLimiting;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// The per-key token buckets (System.Threading.RateLimiting, as ASP.NET Core's rate limiter uses), applied as an
/// endpoint filter after authorization, so a host needs no <c>UseRateLimiter()</c> for the limits to hold.
/// </summary>
internal sealed class LoyaltyRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string Caller, bool Write)> _limiter;
    private readonly LoyaltyRateLimitOptions _options;

    public LoyaltyRateLimiter(IOptions<LoyaltyRateLimitOptions> options)
    {
        _options = options.Value;
        _limiter = PartitionedRateLimiter.Create<(string Caller, bool Write), (string, bool)>(
            caller => RateLimitPartition.GetTokenBucketLimiter(caller, key => Bucket(key.Item2 ? _options.Writes : _options.Reads)));
    }

    public static IEndpointFilter Filter(bool write) => new RateLimitFilter(write);

    public void Dispose() => _limiter.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(LoyaltyRateLimit limit) => new()
    {
        TokenLimit = limit.TokenLimit,
        TokensPerPeriod = limit.TokensPerPeriod,
        ReplenishmentPeriod = limit.ReplenishmentPeriod,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private sealed class RateLimitFilter(bool write) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            var limits = http.RequestServices.GetRequiredService<LoyaltyRateLimiter>();
            var caller = http.User.Identity is { IsAuthenticated: true, Name: { } name }
                ? "key:" + name
                : "address:" + http.Connection.RemoteIpAddress;
            using var lease = limits._limiter.AttemptAcquire((caller, write));
            if (lease.IsAcquired)
            {
                return await next(context).ConfigureAwait(false);
            }

            var limit = write ? limits._options.Writes : limits._options.Reads;
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit.ReplenishmentPeriod;
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var problem = LoyaltyProblem.Create(
                StatusCodes.Status429TooManyRequests,
                ProblemCodes.RateLimited,
                write ? "This key sent more writes than its limit allows; nothing was done. Retry after the Retry-After seconds." : "This key sent more reads than its limit allows. Retry after the Retry-After seconds.",
                http.Request.PathBase.Add(http.Request.Path).ToUriComponent());
            return Results.Json(problem, LoyaltyJson.TypeInfo<LoyaltyProblem>(), LoyaltyProblem.ContentType, problem.Status);
        }
    }
}
