using System.Collections.Concurrent;
using System.Text;
using Akinon.Loyalty.Samples.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.AspNetCore.Tests.EndToEnd;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the sample exports the ledger's spans and metrics over OTLP.</summary>
public sealed class SampleTelemetryTests
{
    [Fact]
    public async Task The_sample_exports_ledger_and_request_spans_and_the_ledger_meter_over_otlp()
    {
        var received = new ConcurrentDictionary<string, ConcurrentQueue<byte[]>>();
        var collectorBuilder = WebApplication.CreateBuilder();
        collectorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        collectorBuilder.Logging.ClearProviders();
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.GetOrAdd(signal, _ => new()).Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var app = SampleApp.Build([
            "--urls", "http://127.0.0.1:0", "--environment", "Testing", "--ConnectionStrings:Loyalty=", "--Logging:LogLevel:Default=None",
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={endpoint}", "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using (var client = new HttpClient { BaseAddress = new Uri(address) })
        {
            (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var ledger = app.Services.GetRequiredKeyedService<ILoyaltyLedger>("1");
        await ledger.CreateAccountAsync(new CreateAccountRequest { UserId = 1, Currency = Currency.EUR, Balance = Money.Of(5m, Currency.EUR) });

        // Stopping the host shuts the providers down, which exports what they still hold: no waiting on a timer.
        await app.StopAsync();
        await app.DisposeAsync();

        string Text(string signal) => string.Join('\n', (received.TryGetValue(signal, out var bodies) ? bodies : new()).Select(b => Encoding.UTF8.GetString(b)));
        var traces = Text("traces");
        traces.Should().Contain(LoyaltyDiagnostics.ActivitySourceName).And.Contain("create_account").And.Contain("loyalty.channel");
        traces.Should().Contain("Microsoft.AspNetCore", "requests are traced too").And.Contain(Telemetry.ServiceName);
        Text("metrics").Should().Contain("loyalty.transactions.posted");
    }
}
