using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.AspNetCore.Tests.Webhooks;

/// <summary>
/// A webhook receiver on Kestrel at 127.0.0.1 (a free port): verifies each delivery's signature with
/// <see cref="LoyaltyWebhookSignature.Verify"/>, answers 503 to the first <c>failFirst</c> attempts, and records the
/// positions it accepted, in arrival order.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_test_4f1c2a9e7b";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<long> _accepted = new();
    private readonly ConcurrentQueue<(string? Header, byte[] Body)> _deliveries = new();
    private readonly object _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _failuresLeft;
    private int _attempts;
    private int _rejected;

    private WebhookReceiver(WebApplication app, int failFirst)
    {
        _app = app;
        _failuresLeft = failFirst;
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<long> Accepted => [.. _accepted];

    /// <summary>The deliveries the receiver accepted, as received (header and raw body).</summary>
    public IReadOnlyList<(string? Header, byte[] Body)> Deliveries => [.. _deliveries];

    public int Attempts => Volatile.Read(ref _attempts);

    public int Rejected => Volatile.Read(ref _rejected);

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, failFirst);
        app.MapPost("/hook", (Func<HttpContext, Task<IResult>>)receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()), "/hook");
        return receiver;
    }

    /// <summary>
    /// Asserts that the receiver accepted exactly the events of <paramref name="uuids"/>, in order, once each and each in
    /// one attempt, signed as it verifies, and that the first is channel 1's opening of 50.00.
    /// </summary>
    /// <param name="uuids">The transactions posted, in the order they were posted.</param>
    /// <returns>The first delivery's body, for further checks.</returns>
    public JsonElement ShouldHaveReceivedOnceInOrder(IReadOnlyList<Guid> uuids)
    {
        Accepted.Should().Equal(Enumerable.Range(1, uuids.Count).Select(p => (long)p));
        Rejected.Should().Be(0);
        Attempts.Should().Be(uuids.Count, "a receiver that accepts gets each event in one attempt");
        Deliveries.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("transaction").GetProperty("uuid").GetGuid())
            .Should().Equal(uuids);
        var first = JsonDocument.Parse(Deliveries[0].Body).RootElement;
        first.GetProperty("channel").GetString().Should().Be("1");
        first.GetProperty("transaction").GetProperty("amount").GetString().Should().Be("50.00");
        return first;
    }

    /// <summary>Completes when the receiver has accepted <paramref name="count"/> deliveries (fails after a minute).</summary>
    public Task WaitForAsync(int count)
    {
        lock (_gate)
        {
            if (_accepted.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        Interlocked.Increment(ref _attempts);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        string? header = context.Request.Headers[LoyaltyWebhookSignature.HeaderName];
        if (!LoyaltyWebhookSignature.Verify(header, body, Secret, DateTimeOffset.UtcNow, LoyaltyWebhookSignature.DefaultTolerance))
        {
            Interlocked.Increment(ref _rejected);
            return Results.StatusCode(StatusCodes.Status400BadRequest);
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        using var json = JsonDocument.Parse(body);
        lock (_gate)
        {
            _deliveries.Enqueue((header, body));
            _accepted.Enqueue(json.RootElement.GetProperty("position").GetInt64());
            foreach (var waiter in _waiters.Where(w => _accepted.Count >= w.Count).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return Results.NoContent();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
