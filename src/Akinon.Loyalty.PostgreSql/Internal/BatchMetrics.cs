using System.Diagnostics.Metrics;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// The group commit's one instrument, on the <c>Akinon.Loyalty</c> meter: <c>loyalty.postgresql.batch.size</c>, the
/// writes each batch carried (tagged with the schema), so an operator sees how much the store coalesces.
/// </summary>
internal static class BatchMetrics
{
    public const string BatchSize = "loyalty.postgresql.batch.size";

    private static readonly Meter Meter = new(LoyaltyDiagnostics.MeterName);

    private static readonly Histogram<int> Sizes = Meter.CreateHistogram<int>(BatchSize, "{write}", "Writes committed together in one batch (group commit).");

    public static void Record(int writes, string schema) => Sizes.Record(writes, new KeyValuePair<string, object?>("loyalty.schema", schema));
}
