using Akinon.Loyalty.Events;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akinon.Loyalty;

/// <summary>Delivers the default ledger's event feed to a handler of the host.</summary>
public static class LoyaltyEventDispatchExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> (a singleton unless already registered) and a hosted service that
    /// hands it every event of the default ledger in position order, at least once, saving a durable checkpoint
    /// under <paramref name="name"/> in the ledger's store after each event (a table on PostgreSQL, a field in
    /// memory), so a restarted host resumes after the last event it saved. When caught up it polls every second.
    /// </summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="builder">What <c>AddLoyalty()</c> returned.</param>
    /// <param name="name">The checkpoint's name; the handler's full type name when <see langword="null"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ILoyaltyBuilder AddEventHandler<THandler>(this ILoyaltyBuilder builder, string? name = null)
        where THandler : class, ILoyaltyEventHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        var checkpoint = name ?? typeof(THandler).FullName ?? typeof(THandler).Name;
        builder.Services.TryAddSingleton<THandler>();
        builder.Services.AddSingleton<IHostedService>(sp => new LoyaltyEventDispatcher(
            checkpoint,
            sp.GetRequiredService<ILoyaltyLedger>(),
            sp.GetRequiredService<ILedgerStore>(),
            sp.GetRequiredService<THandler>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger("Akinon.Loyalty.Events") ?? NullLogger.Instance));
        return builder;
    }

    /// <summary>
    /// Adds a hosted service that hands every event of the ledger registered as <paramref name="ledgerName"/> (with
    /// <c>AddLedger</c>, or a channel) to the handler <paramref name="handler"/> creates, in position order, at least
    /// once, saving a durable checkpoint under <paramref name="checkpointName"/> in that ledger's store after each event.
    /// Each call is an independent dispatcher with its own checkpoint, so one slow or failing handler (a webhook
    /// receiver that is down) holds back only its own feed.
    /// </summary>
    /// <param name="builder">What <c>AddLoyalty()</c> returned.</param>
    /// <param name="ledgerName">The ledger's name, or <see langword="null"/> for the default ledger.</param>
    /// <param name="checkpointName">The checkpoint's name, unique among the ledger's dispatchers.</param>
    /// <param name="handler">Creates the handler, once, when the host starts.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/>, <paramref name="checkpointName"/> or <paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="checkpointName"/> is empty or white space.</exception>
    public static ILoyaltyBuilder AddLedgerEventHandler(this ILoyaltyBuilder builder, string? ledgerName, string checkpointName, Func<IServiceProvider, ILoyaltyEventHandler> handler)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointName);
        ArgumentNullException.ThrowIfNull(handler);
        builder.Services.AddSingleton<IHostedService>(sp => new LoyaltyEventDispatcher(
            checkpointName,
            ledgerName is null ? sp.GetRequiredService<ILoyaltyLedger>() : sp.GetRequiredKeyedService<ILoyaltyLedger>(ledgerName),
            ledgerName is null ? sp.GetRequiredService<ILedgerStore>() : sp.GetRequiredKeyedService<ILedgerStore>(ledgerName),
            handler(sp),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger("Akinon.Loyalty.Events") ?? NullLogger.Instance));
        return builder;
    }
}
