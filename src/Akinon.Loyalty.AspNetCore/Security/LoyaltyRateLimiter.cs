using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// The per-key token buckets (System.Threading.RateLimiting, as ASP.NET Core's rate limiter uses), applied as an
/// endpoint filter after authorization, so a host needs no <c>UseRateLimiter()</c> for the limits to hold. The limits
/// follow configuration reloads (<see cref="IOptionsMonitor{TOptions}"/>), as the keys do: a new set of limits starts
/// new buckets, full to the new size. A reload that brings invalid limits is refused: the last valid ones stay.
/// </summary>
internal sealed partial class LoyaltyRateLimiter : IDisposable
{
    private readonly IOptionsMonitor<LoyaltyRateLimitOptions> _options;
    private readonly ILogger<LoyaltyRateLimiter> _logger;
    private readonly object _swap = new();
    private volatile Limits _current;
    private LoyaltyRateLimitOptions? _rejected;

    public LoyaltyRateLimiter(IOptionsMonitor<LoyaltyRateLimitOptions> options, ILogger<LoyaltyRateLimiter> logger)
    {
        _options = options;
        _logger = logger;

        // Validated on start (LoyaltySecurityConfiguration.StartupCheck), so the first value is a valid one.
        _current = new Limits(options.CurrentValue);
    }

    /// <summary>
    /// The one rule of every loyalty route: its requests take from the caller's read or write bucket, and past it
    /// answer 429 <c>rate_limited</c> with <c>Retry-After</c> (declared for the OpenAPI document).
    /// </summary>
    public static RouteHandlerBuilder Limit(RouteHandlerBuilder builder, bool write)
        => builder
            .AddEndpointFilter(new RateLimitFilter(write))
            .Produces<LoyaltyProblem>(StatusCodes.Status429TooManyRequests, LoyaltyProblem.ContentType);

    public void Dispose() => _current.Limiter.Dispose();

    /// <summary>The buckets of the current limits; new ones when the configuration changed since the last request.</summary>
    private Limits Current()
    {
        // Binding never throws (LoyaltySecurityConfiguration), so a reload is judged here, once per new value.
        var value = _options.CurrentValue;
        var current = _current;
        if (ReferenceEquals(current.Source, value))
        {
            return current;
        }

        lock (_swap)
        {
            var previous = _current;
            if (ReferenceEquals(_rejected, value))
            {
                return previous;
            }

            if (!ReferenceEquals(previous.Source, value) && LoyaltyRateLimitOptionsValidator.Instance.Validate(null, value) is { Failed: true } validation)
            {
                // Fail closed: invalid limits never lift the valid ones, nor fail the request.
                LogInvalidLimits(_logger, validation.FailureMessage);
                _rejected = value;
                return previous;
            }

            if (!ReferenceEquals(previous.Source, value))
            {
                // Any reload makes new options (a key rotation too): only changed limits start new buckets, so
                // reloading configuration never refills a key's bucket.
                _current = previous.SameLimits(value) ? previous.WithSource(value) : new Limits(value);
                if (!ReferenceEquals(_current.Limiter, previous.Limiter))
                {
                    // Token bucket leases hold nothing to give back, so the old buckets can go while their leases run.
                    previous.Limiter.Dispose();
                }
            }

            return _current;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The loyalty rate limits are invalid, so the last valid limits stay: {Reason}")]
    private static partial void LogInvalidLimits(ILogger logger, string reason);

    /// <summary>One version of the limits and its buckets.</summary>
    private sealed class Limits
    {
        public Limits(LoyaltyRateLimitOptions source)
            : this(source, Create(source))
        {
        }

        private Limits(LoyaltyRateLimitOptions source, PartitionedRateLimiter<(string Caller, bool Write)> limiter)
        {
            Source = source;
            Limiter = limiter;
        }

        public LoyaltyRateLimitOptions Source { get; }

        public PartitionedRateLimiter<(string Caller, bool Write)> Limiter { get; }

        public Limits WithSource(LoyaltyRateLimitOptions source) => new(source, Limiter);

        public bool SameLimits(LoyaltyRateLimitOptions other) => Same(Source.Writes, other.Writes) && Same(Source.Reads, other.Reads);

        private static bool Same(LoyaltyRateLimit a, LoyaltyRateLimit b)
            => a.TokenLimit == b.TokenLimit && a.TokensPerPeriod == b.TokensPerPeriod && a.ReplenishmentPeriod == b.ReplenishmentPeriod;

        private static PartitionedRateLimiter<(string Caller, bool Write)> Create(LoyaltyRateLimitOptions source)
        {
            var writes = Bucket(source.Writes);
            var reads = Bucket(source.Reads);
            return PartitionedRateLimiter.Create<(string Caller, bool Write), (string, bool)>(
                caller => RateLimitPartition.GetTokenBucketLimiter(caller, key => key.Item2 ? writes : reads));
        }

        private static TokenBucketRateLimiterOptions Bucket(LoyaltyRateLimit limit) => new()
        {
            TokenLimit = limit.TokenLimit,
            TokensPerPeriod = limit.TokensPerPeriod,
            ReplenishmentPeriod = limit.ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private sealed class RateLimitFilter(bool write) : IEndpointFilter
    {
        /// <summary>
        /// Whose buckets: a key by its name, a host's signed-in user (the storefront routes) by the scheme and their name
        /// or id, so a key and a user of the same name never share; anyone else by the remote address.
        /// </summary>
        private static string Caller(HttpContext http)
        {
            if (http.User.Identity is { IsAuthenticated: true } identity
                && (identity.Name ?? http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value) is { } name)
            {
                return identity.AuthenticationType == LoyaltyKeys.Scheme ? "key:" + name : "user:" + identity.AuthenticationType + ":" + name;
            }

            return "address:" + http.Connection.RemoteIpAddress;
        }

        private static RateLimitLease Acquire(LoyaltyRateLimiter limits, ref Limits current, (string, bool) partition)
        {
            try
            {
                return current.Limiter.AttemptAcquire(partition);
            }
            catch (ObjectDisposedException)
            {
                // A reload swapped the buckets between the read and the acquire: take from the new ones.
                current = limits.Current();
                return current.Limiter.AttemptAcquire(partition);
            }
        }

        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            var limits = http.RequestServices.GetRequiredService<LoyaltyRateLimiter>();
            var caller = Caller(http);
            var current = limits.Current();
            using var lease = Acquire(limits, ref current, (caller, write));
            if (lease.IsAcquired)
            {
                return await next(context).ConfigureAwait(false);
            }

            LoyaltyRefusalLog.Write(http, ProblemCodes.RateLimited);
            var limit = write ? current.Source.Writes : current.Source.Reads;
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
