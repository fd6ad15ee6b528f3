using System.Net.Http.Headers;
using System.Text.Json;
using Akinon.Loyalty.AspNetCore;

namespace Akinon.Loyalty.Samples.WebApi.Webhooks;

/// <summary>
/// Delivers one channel's events to one receiver: POSTs each event as JSON, signed (<see cref="LoyaltyWebhookSignature"/>),
/// and retries a failed attempt (a non-2xx answer, a refused connection, a timeout) with exponential backoff, up to
/// <see cref="WebhookOptions.MaxAttempts"/>. When every attempt failed it throws, so the dispatcher keeps the event
/// (its checkpoint does not move), pauses, and hands it over again: nothing is skipped, and a receiver that is down
/// holds back only its own feed (each receiver and channel has its own dispatcher and checkpoint).
/// </summary>
public sealed partial class WebhookSender(
    string channel,
    string endpointName,
    WebhookEndpoint endpoint,
    WebhookOptions options,
    HttpClient http,
    TimeProvider time,
    ILogger<WebhookSender> logger) : ILoyaltyEventHandler
{
    /// <summary>The name of the <see cref="HttpClient"/> the senders use.</summary>
    public const string HttpClientName = "webhooks";

    /// <summary>The checkpoint name of a receiver's dispatcher.</summary>
    /// <param name="endpointName">The receiver's name in <see cref="WebhookOptions.Endpoints"/>.</param>
    /// <returns>The name, <c>webhook:&lt;name&gt;</c>.</returns>
    public static string CheckpointName(string endpointName) => "webhook:" + endpointName;

    /// <inheritdoc />
    public async ValueTask HandleAsync(LoyaltyEvent loyaltyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loyaltyEvent);
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.From(channel, loyaltyEvent), WebhookJsonContext.Default.WebhookPayload);
        var delay = options.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var failure = await TrySendAsync(body, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return;
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new HttpRequestException($"Webhook {endpointName} refused event {loyaltyEvent.Position} of channel {channel} {attempt} times; last: {failure}");
            }

            LogRetry(logger, endpointName, loyaltyEvent.Position, channel, attempt, failure, delay);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, delay.Ticks * 2));
        }
    }

    /// <returns>Why the attempt failed, or <see langword="null"/> when the receiver accepted the event.</returns>
    private async Task<string?> TrySendAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        // Signed per attempt: a retry an hour later still falls within the receiver's tolerance.
        request.Headers.TryAddWithoutValidation(LoyaltyWebhookSignature.HeaderName, LoyaltyWebhookSignature.Create(endpoint.Secret!, time.GetUtcNow(), body));
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Webhook {Endpoint} failed event {Position} of channel {Channel} (attempt {Attempt}: {Failure}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string endpoint, long position, string channel, int attempt, string failure, TimeSpan delay);
}
