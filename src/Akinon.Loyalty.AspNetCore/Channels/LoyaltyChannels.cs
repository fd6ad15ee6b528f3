using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>The channel registry: resolves each channel's keyed ledger once.</summary>
internal sealed class LoyaltyChannels : ILoyaltyChannels
{
    private readonly Dictionary<string, Lazy<ILoyaltyLedger>> _ledgers;

    public LoyaltyChannels(IEnumerable<LoyaltyChannelRegistration> registrations, IServiceProvider services)
    {
        var ids = new List<string>();
        _ledgers = new Dictionary<string, Lazy<ILoyaltyLedger>>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            var id = registration.Id;
            if (_ledgers.TryAdd(id, new Lazy<ILoyaltyLedger>(() => services.GetRequiredKeyedService<ILoyaltyLedger>(id))))
            {
                ids.Add(id);
            }
        }

        Ids = ids;
    }

    public IReadOnlyList<string> Ids { get; }

    public bool TryGetLedger(string channelId, [NotNullWhen(true)] out ILoyaltyLedger? ledger)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        if (_ledgers.TryGetValue(channelId, out var lazy))
        {
            ledger = lazy.Value;
            return true;
        }

        ledger = null;
        return false;
    }
}
