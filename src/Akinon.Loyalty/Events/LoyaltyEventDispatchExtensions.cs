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
}
