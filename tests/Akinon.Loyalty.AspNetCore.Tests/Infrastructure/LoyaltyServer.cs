using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Akinon.Loyalty.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Akinon.Loyalty.AspNetCore.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1 (a free port) serving channels 1 and 2 on in-memory stores, with a fake clock.</summary>
public sealed class LoyaltyServer : IAsyncDisposable
{
    /// <summary>Where the fake clock starts: before every timestamp of the seed, so tests can move it to the seed's instants.</summary>
    public static readonly DateTimeOffset Start = new(2023, 10, 23, 0, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private LoyaltyServer(WebApplication app, FakeTimeProvider clock, Uri address, TestKeys keys)
    {
        _app = app;
        Clock = clock;
        Address = address;
        Keys = keys;
        Client = WithKey(TestKeys.Admin);
    }

    /// <summary>The configured keys; <see cref="TestKeys.Replace"/> rotates them while the server runs.</summary>
    public TestKeys Keys { get; }

    /// <summary>A client of the server sending <c>Authorization: Token &lt;key&gt;</c>, or no key at all; the caller disposes it.</summary>
    public HttpClient WithKey(string? key)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(LoyaltyKeys.Scheme, key);
        }

        return client;
    }

    public FakeTimeProvider Clock { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<LoyaltyServer> StartAsync(
        Action<LoyaltyOptions>? options = null,
        Action<ILoyaltyBuilder>? channels = null,
        Action<IServiceCollection>? configureServices = null,
        Action<KestrelServerOptions>? kestrel = null,
        Action<WebApplication>? map = null,
        bool anonymous = false,
        Action<IConfigurationBuilder>? configuration = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => kestrel?.Invoke(k)).UseUrls("http://127.0.0.1:0");
        var keys = new TestKeys();
        ((IConfigurationBuilder)builder.Configuration).Add(keys);
        configuration?.Invoke(builder.Configuration);

        var clock = new FakeTimeProvider(Start);
        builder.Services.AddSingleton<TimeProvider>(clock);
        var loyalty = builder.Services.AddLoyalty(options);
        if (channels is null)
        {
            loyalty.AddChannel("1").AddChannel("2");
        }
        else
        {
            channels(loyalty);
        }

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        var group = app.MapLoyaltyEndpoints();
        if (anonymous)
        {
            // The explicit opt-out, for tests only.
            group.AllowAnonymous();
        }
        map?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoyaltyServer(app, clock, new Uri(address), keys);
    }

    /// <summary>Moves the clock to an instant written as the seed writes it (<c>2023-10-24T10:57:04.761432Z</c>).</summary>
    public void At(string timestamp) => Clock.SetUtcNow(DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));

    public static string Path(string channel, string route) => $"/api/v1/remote/{channel}/{route}";

    public Task<HttpResponseMessage> PostAsync(string channel, string route, string json, string? idempotencyKey = null)
        => SendAsync(HttpMethod.Post, channel, route, json, idempotencyKey);

    public Task<HttpResponseMessage> PatchAsync(string channel, string route, string json)
        => SendAsync(HttpMethod.Patch, channel, route, json, null);

    public Task<HttpResponseMessage> GetAsync(string channel, string route) => Client.GetAsync(Path(channel, route));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string channel, string route, string? json, string? idempotencyKey, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, Path(channel, route));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Every account and every transfer of both channels, as the API lists them: compared before and after a refused request.</summary>
    public async Task<string> SnapshotAsync()
    {
        var builder = new StringBuilder();
        foreach (var channel in new[] { "1", "2" })
        {
            foreach (var route in new[] { "loyalty_account/?limit=1000", "loyalty_transfer/?limit=1000" })
            {
                using var response = await GetAsync(channel, route);
                response.EnsureSuccessStatusCode();
                builder.AppendLine(await response.Content.ReadAsStringAsync());
            }
        }

        return builder.ToString();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
