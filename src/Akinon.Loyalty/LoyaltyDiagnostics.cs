namespace Akinon.Loyalty;

/// <summary>The names under which ledgers report traces and metrics, for a host to listen to (OpenTelemetry's <c>AddSource</c>, <c>AddMeter</c>).</summary>
public static class LoyaltyDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> every ledger starts one span per write operation on.</summary>
    public const string ActivitySourceName = "Akinon.Loyalty";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> every ledger counts and times its operations on.</summary>
    public const string MeterName = "Akinon.Loyalty";
}
