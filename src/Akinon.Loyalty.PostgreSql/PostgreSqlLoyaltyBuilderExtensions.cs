using System.Diagnostics.CodeAnalysis;
using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql;

/// <summary>Puts the ledger on PostgreSQL.</summary>
public static class PostgreSqlLoyaltyBuilderExtensions
{
    /// <summary>
    /// Replaces the ledger's store with a <see cref="PostgreSqlLedgerStore"/> on a connection pool the store creates
    /// from <paramref name="connectionString"/> and disposes with the container. The store is also registered as
    /// itself, so a host can resolve it to call <see cref="PostgreSqlLedgerStore.MigrateAsync"/>. The store waits between
    /// retries on the registered <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> when none is).
    /// </summary>
    /// <remarks>
    /// The pool is the store's alone, so unless the connection string sets <c>No Reset On Close</c>, connections
    /// are not reset when returned to it: the store leaves no session state behind, and the reset would cost each
    /// write an extra query on the server.
    /// </remarks>
    /// <param name="builder">The builder <c>AddLoyalty()</c> returned.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Sets options; may be <see langword="null"/>. Validated at start.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionString"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of their second parameter, so no call is ambiguous.")]
    public static ILoyaltyBuilder UsePostgreSql(this ILoyaltyBuilder builder, string connectionString, Action<PostgreSqlLedgerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Register(builder, configure, (options, time) => new PostgreSqlLedgerStore(StoreDataSource.Create(connectionString), options, time, ownsDataSource: true));
    }

    /// <summary>
    /// Replaces the ledger's store with a <see cref="PostgreSqlLedgerStore"/> on <paramref name="dataSource"/>, which
    /// the caller owns and disposes. The store is also registered as itself, and waits between retries on the registered
    /// <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> when none is).
    /// </summary>
    /// <param name="builder">The builder <c>AddLoyalty()</c> returned.</param>
    /// <param name="dataSource">The connection pool.</param>
    /// <param name="configure">Sets options; may be <see langword="null"/>. Validated at start.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="dataSource"/> is <see langword="null"/>.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of their second parameter, so no call is ambiguous.")]
    public static ILoyaltyBuilder UsePostgreSql(this ILoyaltyBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlLedgerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        return Register(builder, configure, (options, time) => new PostgreSqlLedgerStore(dataSource, options, time, ownsDataSource: false));
    }

    private static ILoyaltyBuilder Register(ILoyaltyBuilder builder, Action<PostgreSqlLedgerOptions>? configure, Func<PostgreSqlLedgerOptions, TimeProvider?, PostgreSqlLedgerStore> create)
    {
        var services = builder.Services;
        var options = services.AddOptions<PostgreSqlLedgerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlLedgerOptions>, PostgreSqlLedgerOptionsValidator>());

        // AddLoyalty registers the in-memory store with TryAdd; this store replaces it (and any earlier UsePostgreSql).
        services.RemoveAll<PostgreSqlLedgerStore>();
        services.RemoveAll<ILedgerStore>();
        services.AddSingleton(sp => create(sp.GetRequiredService<IOptions<PostgreSqlLedgerOptions>>().Value, sp.GetService<TimeProvider>()));
        services.AddSingleton<ILedgerStore>(static sp => sp.GetRequiredService<PostgreSqlLedgerStore>());
        return builder;
    }
}
