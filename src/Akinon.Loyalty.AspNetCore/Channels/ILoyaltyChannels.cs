using System.Diagnostics.CodeAnalysis;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// The commerce channels a host serves, each an independent ledger with its own store: nothing of one
/// channel is visible or changeable through another. Register channels with
/// <see cref="LoyaltyChannelBuilderExtensions.AddChannel(ILoyaltyBuilder, string)"/>; each channel's
/// ledger is also a keyed <see cref="ILoyaltyLedger"/> service under the channel id.
/// </summary>
/// <remarks>Thread-safe; a singleton.</remarks>
public interface ILoyaltyChannels
{
    /// <summary>The ids of the channels served, in registration order.</summary>
    IReadOnlyList<string> Ids { get; }

    /// <summary>Finds the ledger of a channel, creating it (and its store) on first use.</summary>
    /// <param name="channelId">The channel id, as it appears in the route (exact, case-sensitive).</param>
    /// <param name="ledger">The channel's ledger when the channel is served.</param>
    /// <returns>Whether the channel is served.</returns>
    bool TryGetLedger(string channelId, [NotNullWhen(true)] out ILoyaltyLedger? ledger);
}
