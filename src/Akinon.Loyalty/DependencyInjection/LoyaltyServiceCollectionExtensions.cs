using System.Diagnostics.Metrics;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty;

/// <summary>Registers the loyalty ledger in a service collection.</summary>
public static class LoyaltyServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILoyaltyLedger"/> (a singleton <see cref="LoyaltyLedger"/>) on the in-memory
    /// store unless another <see cref="ILedgerStore"/> is registered, <see cref="TimeProvider.System"/>
    /// unless another clock is, and <see cref="LoyaltyOptions"/> validated at start. Safe to call more than
    /// once: later calls only add their option settings.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options; may be <see langword="null"/>.</param>
    /// <returns>A builder on which store packages add themselves.</returns>
    public static ILoyaltyBuilder AddLoyalty(this IServiceCollection services, Action<LoyaltyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LoyaltyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoyaltyOptions>, LoyaltyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILedgerStore, InMemoryLedgerStore>();
        services.TryAddSingleton<ILoyaltyLedger>(static sp => Build(sp, sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<IOptionsMonitor<LoyaltyOptions>>()));
        return new LoyaltyBuilder(services);
    }

    /// <summary>
    /// Registers a named ledger besides the default one: a keyed <see cref="ILoyaltyLedger"/> singleton under
    /// <paramref name="name"/> on its own store (a keyed <see cref="ILedgerStore"/> singleton under the same name,
    /// created on first use and disposed with the container), sharing the host's <see cref="TimeProvider"/>,
    /// logging and metrics. It reads the <see cref="LoyaltyOptions"/> named <paramref name="name"/>
    /// (<c>IOptionsMonitor&lt;LoyaltyOptions&gt;.Get(name)</c>, validated at start), which start as the host's
    /// unnamed options and reload with them; settings made with
    /// <c>services.Configure&lt;LoyaltyOptions&gt;(name, ...)</c> after this call apply to this ledger alone.
    /// </summary>
    /// <param name="builder">What <see cref="AddLoyalty"/> returned.</param>
    /// <param name="name">The ledger's name (a channel id, for example).</param>
    /// <param name="storeFactory">Creates the ledger's store; every named ledger needs its own.</param>
    /// <returns>The builder, to add more ledgers.</returns>
    /// <exception cref="ArgumentException">The name is empty or whitespace.</exception>
    public static ILoyaltyBuilder AddLedger(this ILoyaltyBuilder builder, string name, Func<IServiceProvider, ILedgerStore> storeFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(storeFactory);
        var services = builder.Services;

        // Registered before anything the host configures under the name afterwards, so the host's own settings come first.
        services.AddSingleton<IConfigureOptions<LoyaltyOptions>>(sp => new InheritHostLoyaltyOptions(name, sp));
        services.AddSingleton<IOptionsChangeTokenSource<LoyaltyOptions>>(sp => new HostLoyaltyOptionsChangeTokenSource(name, sp));
        services.AddOptions<LoyaltyOptions>(name).ValidateOnStart();
        services.AddKeyedSingleton<ILedgerStore>(name, (sp, _) => storeFactory(sp));
        services.AddKeyedSingleton<ILoyaltyLedger>(name, static (sp, key) => Build(
            sp,
            sp.GetRequiredKeyedService<ILedgerStore>(key),
            new NamedLoyaltyOptionsMonitor(sp.GetRequiredService<IOptionsMonitor<LoyaltyOptions>>(), (string)key!),
            (string)key!));
        return builder;
    }

    /// <summary>The one place a ledger is built from a container, for the default ledger and every named one.</summary>
    private static LoyaltyLedger Build(IServiceProvider services, ILedgerStore store, IOptionsMonitor<LoyaltyOptions> options, string? channel = null)
        => new(store, options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>(), services.GetService<IMeterFactory>(), channel);
}
