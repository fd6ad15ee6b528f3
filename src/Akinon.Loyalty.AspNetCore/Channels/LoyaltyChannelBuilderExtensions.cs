using Akinon.Loyalty.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Registers the commerce channels a host serves, each an independent ledger.</summary>
public static class LoyaltyChannelBuilderExtensions
{
    /// <summary>The longest channel id accepted.</summary>
    public const int MaxChannelIdLength = 64;

    /// <summary>Serves a channel on its own <see cref="InMemoryLedgerStore"/>.</summary>
    /// <param name="builder">What <c>AddLoyalty()</c> returned.</param>
    /// <param name="channelId">The channel id as it appears in routes (for example <c>"1"</c>).</param>
    /// <returns>The builder, to add more channels.</returns>
    /// <exception cref="ArgumentException">The id is empty, too long, contains <c>/</c> or whitespace.</exception>
    /// <exception cref="InvalidOperationException">The channel is already registered.</exception>
    public static ILoyaltyBuilder AddChannel(this ILoyaltyBuilder builder, string channelId)
        => builder.AddChannel(channelId, static _ => new InMemoryLedgerStore());

    /// <summary>
    /// Serves a channel on the store <paramref name="storeFactory"/> creates (once, on first use). Every
    /// channel must get its own store (or its own PostgreSQL schema): the ledgers share nothing else. The
    /// store is a keyed singleton under the channel id, disposed with the container; the channel's
    /// <see cref="ILoyaltyLedger"/> is a keyed singleton too (see
    /// <see cref="LoyaltyServiceCollectionExtensions.AddLedger(ILoyaltyBuilder, string, Func{IServiceProvider, ILedgerStore})"/>),
    /// sharing the host's <see cref="TimeProvider"/>, logging and metrics. It reads the <see cref="LoyaltyOptions"/>
    /// named after the channel, which start as the host's: <c>services.Configure&lt;LoyaltyOptions&gt;(channelId, ...)</c>
    /// after this call sets one channel apart (switches it off, for example).
    /// </summary>
    /// <param name="builder">What <c>AddLoyalty()</c> returned.</param>
    /// <param name="channelId">The channel id as it appears in routes (for example <c>"2"</c>).</param>
    /// <param name="storeFactory">Creates the channel's store.</param>
    /// <returns>The builder, to add more channels.</returns>
    /// <exception cref="ArgumentException">The id is empty, too long, contains <c>/</c> or whitespace.</exception>
    /// <exception cref="InvalidOperationException">The channel is already registered.</exception>
    public static ILoyaltyBuilder AddChannel(this ILoyaltyBuilder builder, string channelId, Func<IServiceProvider, ILedgerStore> storeFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storeFactory);
        CheckId(channelId);
        var services = builder.Services;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(LoyaltyChannelRegistration)
                && descriptor.ImplementationInstance is LoyaltyChannelRegistration existing
                && string.Equals(existing.Id, channelId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The loyalty channel '{channelId}' is already registered; each channel is registered once, with its own store.");
            }
        }

        services.AddSingleton(new LoyaltyChannelRegistration(channelId));
        builder.AddLedger(channelId, storeFactory);
        services.TryAddSingleton<ILoyaltyChannels, LoyaltyChannels>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoyaltyEndpointOptions>, LoyaltyEndpointOptionsValidator>());
        services.AddOptions<LoyaltyEndpointOptions>().ValidateOnStart();
        LoyaltySecurity.Register(services);
        return builder;
    }

    /// <summary>Whether a text can be a channel id; the routes answer 400 for one that cannot, 404 for one not registered.</summary>
    internal static bool IsChannelId(string? channelId)
    {
        // "*" is no channel: in a key's channels it means every channel.
        if (string.IsNullOrWhiteSpace(channelId) || channelId.Length > MaxChannelIdLength || channelId == LoyaltyKey.EveryChannel)
        {
            return false;
        }

        foreach (var c in channelId)
        {
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckId(string channelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        if (!IsChannelId(channelId))
        {
            throw new ArgumentException($"A channel id is 1 to {MaxChannelIdLength} characters long, without '/', whitespace or control characters.", nameof(channelId));
        }
    }
}
