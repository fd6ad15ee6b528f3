using System.Text.Json.Serialization;
using Akinon.Loyalty.AspNetCore;
using Akinon.Loyalty.PostgreSql;
using Akinon.Loyalty.Samples.WebApi.Webhooks;
using Npgsql;

namespace Akinon.Loyalty.Samples.WebApi;

/// <summary>
/// Akinon's loyalty REST contract for commerce channels 1 and 2, in memory, or on PostgreSQL when
/// ConnectionStrings__Loyalty is set (each channel in its own schema). Built here rather than in Program.cs
/// so the tests start the very same host.
/// </summary>
public static class SampleApp
{
    /// <summary>Builds the host from the command line and configuration.</summary>
    /// <param name="args">The command line, for example <c>--urls http://127.0.0.1:5080</c>.</param>
    /// <returns>The application, its loyalty and OpenAPI routes mapped.</returns>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // The Server header tells an attacker which server and version to aim at, and no client needs it.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        // The seed's LOYALTY_MONEY_ENABLED is a dynamic setting: the section is bound with reload, and the ledger
        // reads Enabled at every call (Loyalty__Enabled=false, or edit appsettings.json while running).
        builder.Services.AddOptions<LoyaltyOptions>().Bind(builder.Configuration.GetSection("Loyalty"));

        // Page links (next, previous) are relative unless the public address is configured
        // (LoyaltyEndpoints__PublicBaseAddress=https://shop.example/); the request's Host header is never used.
        builder.Services.Configure<LoyaltyEndpointOptions>(builder.Configuration.GetSection("LoyaltyEndpoints"));

        // The routes without {commerce_channel_id} (Omnitron's transactions, the storefront's) serve channel 1 unless
        // LoyaltyEndpoints__DefaultChannel says otherwise.
        builder.Services.PostConfigure<LoyaltyEndpointOptions>(o => o.DefaultChannel ??= "1");
        var loyalty = builder.Services.AddLoyalty();

        // Traces and metrics: to the console, or over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (see Telemetry).
        Telemetry.AddTelemetry(builder);

        // GET /health: Healthy, Degraded (a channel's schema lacks a migration) or Unhealthy (its database is gone).
        builder.Services.AddHealthChecks();

        string[] channels = ["1", "2"];
        var connectionString = builder.Configuration.GetConnectionString("Loyalty");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            foreach (var channel in channels)
            {
                loyalty.AddChannel(channel);
            }
        }
        else
        {
            // One connection pool; each channel its own schema (loyalty_channel_1, ...), created on first use.
            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            foreach (var channel in channels)
            {
                loyalty.AddChannel(channel, sp => new PostgreSqlLedgerStore(
                    sp.GetRequiredService<NpgsqlDataSource>(),
                    new PostgreSqlLedgerOptions { Schema = "loyalty_channel_" + channel }));
                loyalty.AddHealthCheck("loyalty-channel-" + channel, store: sp => (PostgreSqlLedgerStore)sp.GetRequiredKeyedService<Storage.ILedgerStore>(channel));
            }
        }

        // Webhooks: each posted transaction POSTed, signed, to the receivers under Webhooks:Endpoints (see WebhookOptions).
        WebhookRegistration.AddWebhooks(loyalty, builder.Configuration, channels);

        // The endpoints write with LoyaltyJson.Options; the OpenAPI document describes the same wire types, so it
        // reads them with the same strict number handling, and says that amounts and timestamps are strings.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.AddOpenApi(o => o.AddSchemaTransformer(WireSchemas.DescribeAsync).AddDocumentTransformer(TokenScheme.DescribeAsync));

        // Every loyalty route needs 'Authorization: Token <key>'. Keys are configured as hashes
        // (Loyalty__Keys__checkout__Hash=<LoyaltyKeys.Hash(key)>, Loyalty__Keys__checkout__Channels__0=1,
        // Loyalty__Keys__checkout__Permissions="Read, Write, Refund"); without any, this run makes one and logs it.
        string? generatedKey = null;
        if (!builder.Configuration.GetSection("Loyalty:Keys").GetChildren().Any())
        {
            generatedKey = LoyaltyKeys.Generate();
            var generated = new Dictionary<string, string?>
            {
                ["Loyalty:Keys:sample:Hash"] = LoyaltyKeys.Hash(generatedKey),
                ["Loyalty:Keys:sample:Permissions"] = nameof(LoyaltyPermissions.All),
            };
            for (var i = 0; i < channels.Length; i++)
            {
                generated[$"Loyalty:Keys:sample:Channels:{i}"] = channels[i];
            }

            builder.Configuration.AddInMemoryCollection(generated);
        }

        var app = builder.Build();
        if (generatedKey is not null)
        {
            // Printed, not logged: a key has no place in a log store. It lives as long as this process.
            app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(
                $"No Loyalty:Keys configured; this run accepts one key for channels {string.Join(", ", channels)}: Authorization: Token {generatedKey}"));
        }

        app.MapOpenApi();
        app.MapLoyaltyEndpoints();   // with the data warehouse's account listing

        // A key that grants the default channel (1) and Read may list its transactions. The storefront routes take the user from
        // HttpContext.User (the NameIdentifier claim): this sample signs no shopper in, so they answer 401 until the
        // host adds its own authentication.
        app.MapLoyaltyTransactionEndpoints();
        app.MapLoyaltyStorefrontEndpoints();
        app.MapHealthChecks("/health");
        return app;
    }
}
