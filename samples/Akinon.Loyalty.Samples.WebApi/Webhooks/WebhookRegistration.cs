using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.Samples.WebApi.Webhooks;

/// <summary>Adds one event dispatcher per configured receiver and channel, each with its own durable checkpoint.</summary>
public static class WebhookRegistration
{
    /// <summary>Reads the <c>Webhooks</c> section and registers a <see cref="WebhookSender"/> per receiver and channel.</summary>
    /// <param name="loyalty">What <c>AddLoyalty()</c> returned, with the channels added.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="channels">The host's channels.</param>
    /// <exception cref="OptionsValidationException">The section is invalid (a relative URL, a missing secret, an unknown channel).</exception>
    public static void AddWebhooks(ILoyaltyBuilder loyalty, IConfiguration configuration, IReadOnlyList<string> channels)
    {
        ArgumentNullException.ThrowIfNull(loyalty);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(channels);

        // Read once here, not through IOptionsMonitor: the receivers decide which dispatchers exist, so a change needs a restart.
        var options = configuration.GetSection("Webhooks").Get<WebhookOptions>() ?? new WebhookOptions();
        var problems = options.Problems()
            .Concat(options.Endpoints.SelectMany(e => e.Value.Channels.Where(c => !channels.Contains(c)).Select(c => $"Webhooks:Endpoints:{e.Key}:Channels names no channel of this host: {c}.")))
            .ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("Webhooks", typeof(WebhookOptions), problems);
        }

        if (options.Endpoints.Count == 0)
        {
            return;
        }

        loyalty.Services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        foreach (var (name, endpoint) in options.Endpoints)
        {
            foreach (var channel in endpoint.Channels.Count == 0 ? channels : endpoint.Channels)
            {
                loyalty.AddLedgerEventHandler(channel, WebhookSender.CheckpointName(name), sp => new WebhookSender(
                    channel,
                    name,
                    endpoint,
                    options,
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookSender.HttpClientName),
                    sp.GetService<TimeProvider>() ?? TimeProvider.System,
                    sp.GetRequiredService<ILogger<WebhookSender>>()));
            }
        }
    }
}
