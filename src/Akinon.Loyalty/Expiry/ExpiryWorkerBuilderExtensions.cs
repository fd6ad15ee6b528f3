using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Akinon.Loyalty;

/// <summary>Opt-in scheduling of the expiry run.</summary>
public static class ExpiryWorkerBuilderExtensions
{
    /// <summary>
    /// Adds a hosted service that calls <see cref="ILoyaltyLedger.ExpireDueAsync"/> on the default ledger when the host
    /// starts and then every <paramref name="interval"/>, timed by the registered <see cref="TimeProvider"/>. Calling
    /// it again replaces the interval; the worker is added once.
    /// </summary>
    /// <param name="builder">The loyalty builder.</param>
    /// <param name="interval">The time between runs; greater than zero.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not greater than zero.</exception>
    public static ILoyaltyBuilder AddExpiryWorker(this ILoyaltyBuilder builder, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        builder.Services.RemoveAll<ExpiryWorkerSchedule>();
        builder.Services.AddSingleton(new ExpiryWorkerSchedule(interval));
        builder.Services.TryAddSingleton<ExpiryWorker>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExpiryWorker>(static sp => sp.GetRequiredService<ExpiryWorker>()));
        return builder;
    }
}
