using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Akinon.Loyalty.Internal;

/// <summary>The counters and durations of the <c>Akinon.Loyalty</c> meter.</summary>
internal sealed class LoyaltyMetrics
{
    public const string MeterName = LoyaltyDiagnostics.MeterName;

    private static readonly Lazy<LoyaltyMetrics> Shared = new(() => new LoyaltyMetrics(new Meter(MeterName)));

    private readonly Counter<long> _posted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _retried;
    private readonly Histogram<double> _duration;

    private LoyaltyMetrics(Meter meter)
    {
        _posted = meter.CreateCounter<long>("loyalty.transactions.posted", unit: "{transaction}", description: "Transactions posted, by kind.");
        _refused = meter.CreateCounter<long>("loyalty.operations.refused", unit: "{operation}", description: "Operations refused, by operation and error code.");
        _retried = meter.CreateCounter<long>("loyalty.operations.retried", unit: "{retry}", description: "Operations prepared again after colliding with concurrent writers.");
        _duration = meter.CreateHistogram<double>("loyalty.operation.duration", unit: "ms", description: "Duration of ledger write operations.");
    }

    public static LoyaltyMetrics For(IMeterFactory? factory)
        => factory is null ? Shared.Value : new LoyaltyMetrics(factory.Create(MeterName));

    public void Posted(TransactionKind kind)
    {
        if (_posted.Enabled)
        {
            _posted.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));
        }
    }

    public void Refused(string operation, LoyaltyErrorCode code)
    {
        if (_refused.Enabled)
        {
            _refused.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("code", code.ToString()));
        }
    }

    public void Retried(string operation)
    {
        if (_retried.Enabled)
        {
            _retried.Add(1, new KeyValuePair<string, object?>("operation", operation));
        }
    }

    public void Duration(string operation, long startedTimestamp)
    {
        if (_duration.Enabled)
        {
            _duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("operation", operation));
        }
    }
}
