namespace Akinon.Loyalty.Samples.WebApi.Webhooks;

/// <summary>
/// The <c>Webhooks</c> configuration section: where each channel's events are POSTed, and how hard to try.
/// <code>
/// Webhooks__Endpoints__crm__Url=https://crm.example/loyalty-events
/// Webhooks__Endpoints__crm__Secret=&lt;a long random string shared with the receiver&gt;
/// Webhooks__Endpoints__crm__Channels__0=1          (every channel when absent)
/// </code>
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The receivers, by name (the name is part of each one's checkpoint).</summary>
    public Dictionary<string, WebhookEndpoint> Endpoints { get; init; } = [];

    /// <summary>Attempts per event before the event is handed back to the dispatcher, which pauses and tries it again.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The pause after the first failed attempt; it doubles after each further failure.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The problems of these options, empty when they are valid.</summary>
    /// <returns>One line per problem.</returns>
    public IEnumerable<string> Problems()
    {
        if (MaxAttempts < 1)
        {
            yield return "Webhooks:MaxAttempts must be at least 1.";
        }

        if (FirstRetryDelay < TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
        {
            yield return "Webhooks:FirstRetryDelay must be at least zero and at most Webhooks:MaxRetryDelay.";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return "Webhooks:Timeout must be positive.";
        }

        foreach (var (name, endpoint) in Endpoints)
        {
            if (endpoint.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                yield return $"Webhooks:Endpoints:{name}:Url must be an absolute http or https address.";
            }

            if (string.IsNullOrEmpty(endpoint.Secret))
            {
                yield return $"Webhooks:Endpoints:{name}:Secret is required: the receiver verifies each delivery with it.";
            }
        }
    }
}

/// <summary>One receiver of webhooks.</summary>
public sealed class WebhookEndpoint
{
    /// <summary>Where each event is POSTed.</summary>
    public Uri? Url { get; set; }

    /// <summary>The secret the deliveries are signed with (<c>LoyaltyWebhookSignature</c>).</summary>
    public string? Secret { get; set; }

    /// <summary>The channels whose events it receives; every channel of the host when empty.</summary>
    public List<string> Channels { get; init; } = [];
}
