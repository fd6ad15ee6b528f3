using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Akinon.Loyalty.Samples.WebApi;

/// <summary>
/// OpenTelemetry traces and metrics for the sample host: the ledger's spans and instruments
/// (<see cref="LoyaltyDiagnostics"/>), ASP.NET Core's requests, outgoing HTTP (the webhooks) and Npgsql's own
/// <c>Npgsql</c> source and meter, so a request's span holds the ledger's span, which holds the database's.
/// Exported to the console, or over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (an environment variable or
/// any configuration source; the OTLP exporter reads the other <c>OTEL_*</c> settings itself);
/// <c>OTEL_SDK_DISABLED=true</c> turns it off.
/// </summary>
public static class Telemetry
{
    /// <summary>The service name reported unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "akinon-loyalty-sample";

    /// <summary>Npgsql's <c>ActivitySource</c> and <c>Meter</c> name (Npgsql 8 has them built in).</summary>
    public const string NpgsqlName = "Npgsql";

    /// <summary>Adds OpenTelemetry to the host as configured.</summary>
    /// <param name="builder">The host builder.</param>
    public static void AddTelemetry(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(LoyaltyDiagnostics.ActivitySourceName, NpgsqlName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                _ = otlp ? tracing.AddOtlpExporter() : tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(LoyaltyDiagnostics.MeterName, NpgsqlName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                _ = otlp ? metrics.AddOtlpExporter() : metrics.AddConsoleExporter();
            });
    }
}
