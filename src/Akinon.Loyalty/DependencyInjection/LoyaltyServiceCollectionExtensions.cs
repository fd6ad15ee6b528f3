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
        services.TryAddSingleton<ILoyaltyLedger>(static sp => new LoyaltyLedger(
            sp.GetRequiredService<ILedgerStore>(),
            sp.GetRequiredService<IOptionsMonitor<LoyaltyOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<IMeterFactory>()));
        return new LoyaltyBuilder(services);
    }
}
