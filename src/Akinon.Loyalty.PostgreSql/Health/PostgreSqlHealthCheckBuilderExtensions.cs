using Akinon.Loyalty.PostgreSql.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Akinon.Loyalty.PostgreSql;

/// <summary>Reports the PostgreSQL store's health to the host's health checks.</summary>
public static class PostgreSqlHealthCheckBuilderExtensions
{
    /// <summary>The name the check is registered under unless another is given.</summary>
    public const string DefaultName = "loyalty-postgresql";

    /// <summary>
    /// Adds a health check on the registered <see cref="PostgreSqlLedgerStore"/> (call after <c>UsePostgreSql</c>):
    /// <paramref name="failureStatus"/> (unhealthy by default) when the database cannot be reached, degraded when
    /// its schema lacks migrations this package ships, healthy otherwise. Map it with ASP.NET Core's
    /// <c>MapHealthChecks("/health")</c>.
    /// </summary>
    /// <param name="builder">The builder <c>UsePostgreSql(...)</c> returned.</param>
    /// <param name="name">The check's name; <see cref="DefaultName"/> when <see langword="null"/>.</param>
    /// <param name="failureStatus">What an unreachable database reports; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by (readiness, liveness).</param>
    /// <param name="store">
    /// Finds the store to check, for a named ledger (<c>sp =&gt; (PostgreSqlLedgerStore)sp.GetRequiredKeyedService&lt;ILedgerStore&gt;("1")</c>);
    /// the store <c>UsePostgreSql</c> registered when <see langword="null"/>.
    /// </param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ILoyaltyBuilder AddHealthCheck(this ILoyaltyBuilder builder, string? name = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, Func<IServiceProvider, PostgreSqlLedgerStore>? store = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name ?? DefaultName,
            sp => new PostgreSqlLedgerHealthCheck(store is null ? sp.GetRequiredService<PostgreSqlLedgerStore>() : store(sp)),
            failureStatus,
            tags));
        return builder;
    }
}
