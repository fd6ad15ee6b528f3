using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Akinon.Loyalty;

/// <summary>
/// A named ledger's <see cref="LoyaltyOptions"/> start as the host's unnamed ones (bound from configuration,
/// set by <c>AddLoyalty(...)</c>), so a host that configures one set of options keeps it for every channel;
/// what is configured under the ledger's name comes after.
/// </summary>
internal sealed class InheritHostLoyaltyOptions(string ledgerName, IServiceProvider services) : IConfigureNamedOptions<LoyaltyOptions>
{
    public void Configure(string? name, LoyaltyOptions options)
    {
        if (string.Equals(name, ledgerName, StringComparison.Ordinal))
        {
            // Built afresh, not read from the monitor's cache: on a reload the cached host options may not be
            // refreshed yet. Resolved on use, not injected: the factory is made of the configurations this one is among.
            services.GetRequiredService<IOptionsFactory<LoyaltyOptions>>().Create(Options.DefaultName).CopyTo(options);
        }
    }

    public void Configure(LoyaltyOptions options) => Configure(Options.DefaultName, options);
}

/// <summary>
/// Reloads a named ledger's options whenever the host's unnamed ones reload, so switching loyalty money off in
/// a reloadable source reaches every channel without a restart, as it did when channels shared one set.
/// </summary>
internal sealed class HostLoyaltyOptionsChangeTokenSource(string ledgerName, IServiceProvider services) : IOptionsChangeTokenSource<LoyaltyOptions>
{
    public string Name => ledgerName;

    public IChangeToken GetChangeToken()
    {
        var tokens = new List<IChangeToken>();
        foreach (var source in services.GetServices<IOptionsChangeTokenSource<LoyaltyOptions>>())
        {
            if (source is not HostLoyaltyOptionsChangeTokenSource && string.Equals(source.Name ?? Options.DefaultName, Options.DefaultName, StringComparison.Ordinal))
            {
                tokens.Add(source.GetChangeToken());
            }
        }

        return new CompositeChangeToken(tokens);
    }
}

/// <summary>What a named ledger reads as its options: the monitor's entry under the ledger's name.</summary>
internal sealed class NamedLoyaltyOptionsMonitor(IOptionsMonitor<LoyaltyOptions> monitor, string ledgerName) : IOptionsMonitor<LoyaltyOptions>
{
    public LoyaltyOptions CurrentValue => monitor.Get(ledgerName);

    public LoyaltyOptions Get(string? name) => monitor.Get(name);

    public IDisposable? OnChange(Action<LoyaltyOptions, string?> listener) => monitor.OnChange(listener);
}
