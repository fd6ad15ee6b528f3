using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// Binds the keys and the rate limits from configuration so that a reload never throws: a value that does not bind
/// (a word for a number, an unknown permission) is recorded as a failure for the validator, which the key ring and the
/// rate limiter run on every new value (failing closed) and <see cref="StartupCheck"/> runs on start (failing the
/// start). Validators in the options pipeline would instead throw from inside the configuration's reload callback.
/// </summary>
internal static class LoyaltySecurityConfiguration
{
    public const string KeysSection = "Loyalty";
    public const string RateLimitsSection = "Loyalty:RateLimits";

    public static void Register(IServiceCollection services)
    {
        services.AddOptions<LoyaltyKeyOptions>().Configure<IConfiguration>(static (options, configuration) =>
        {
            var section = configuration.GetSection(KeysSection);
            options.BindingFailure = Bind(section, options, static o => o.Keys.Clear());
            options.UnboundKeys = section.GetSection("Keys").GetChildren().Select(static c => c.Key).Where(k => !options.Keys.ContainsKey(k)).ToArray();
        });
        services.AddSingleton<IOptionsChangeTokenSource<LoyaltyKeyOptions>>(static sp =>
            new ConfigurationChangeTokenSource<LoyaltyKeyOptions>(sp.GetRequiredService<IConfiguration>().GetSection(KeysSection)));
        services.AddOptions<LoyaltyRateLimitOptions>().Configure<IConfiguration>(static (options, configuration) =>
            options.BindingFailure = Bind(configuration.GetSection(RateLimitsSection), options, static _ => { }));
        services.AddSingleton<IOptionsChangeTokenSource<LoyaltyRateLimitOptions>>(static sp =>
            new ConfigurationChangeTokenSource<LoyaltyRateLimitOptions>(sp.GetRequiredService<IConfiguration>().GetSection(RateLimitsSection)));
        services.AddHostedService<StartupCheck>();
    }

    private static string? Bind<T>(IConfiguration section, T options, Action<T> clear)
        where T : class
    {
        try
        {
            section.Bind(options);
            return null;
        }
        catch (InvalidOperationException e)
        {
            // Half-bound values are never used: a failure makes the whole value invalid.
            clear(options);
            return e.Message;
        }
    }

    /// <summary>Fails the host's start on invalid keys or limits, as <c>ValidateOnStart</c> would.</summary>
    internal sealed class StartupCheck(IOptionsMonitor<LoyaltyKeyOptions> keys, IOptionsMonitor<LoyaltyRateLimitOptions> limits) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Throw<LoyaltyKeyOptions>(LoyaltyKeyOptionsValidator.Instance.Validate(null, keys.CurrentValue));
            Throw<LoyaltyRateLimitOptions>(LoyaltyRateLimitOptionsValidator.Instance.Validate(null, limits.CurrentValue));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static void Throw<T>(ValidateOptionsResult result)
        {
            if (result.Failed)
            {
                throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
            }
        }
    }
}
