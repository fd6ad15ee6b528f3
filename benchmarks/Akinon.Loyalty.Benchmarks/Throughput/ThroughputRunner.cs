using System.Runtime;
using System.Runtime.InteropServices;

namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>
/// <c>throughput [--quick] [--event-cost]</c>: measures every figure of the ledger against its floor and peers in one invocation,
/// prints one table, then one <c>name=value</c> line per figure.
/// </summary>
internal static class ThroughputRunner
{
    public static async Task<int> RunAsync(string mode, string[] args)
    {
        var quick = args.Contains("--quick");
        var skipPostgres = args.Contains("--no-postgres");
        var scaleAt = Array.IndexOf(args, "--scale");
        long? scale = scaleAt >= 0 && scaleAt + 1 < args.Length ? long.Parse(args[scaleAt + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
        var historyOnly = mode == "history";
        var durable = args.Contains("--durable");
        var postgresOnly = args.Contains("--postgres-only");
        var settings = (quick ? Settings.QuickRun : Settings.Default) with { Durable = durable, Statements = args.Contains("--statements") };
        var log = Console.Out;
        log.WriteLine($"Akinon.Loyalty throughput ({(quick ? "quick" : "full")} run): .NET {Environment.Version}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(IsOptimized() ? "Release" : "DEBUG BUILD: figures are meaningless")}");

        var report = new Report();
        if (args.Contains("--event-cost"))
        {
            // Only the event feed's cost: PostgreSQL payments with and without the event row, alternately.
            log.WriteLine("PostgreSQL order payments with vs. without the event row (same throwaway server)...");
            await PostgreSqlPhase.EventCostAsync(settings, report, log);
            report.Print(Console.Out);
            return 0;
        }

        // The in-memory phases run first, on a small heap: after the history phase has built a ledger of millions of
        // accounts, every collection of theirs would trace (or card-scan) it, and their figures would measure that heap.
        if (!postgresOnly && !historyOnly)
        {
            log.WriteLine("In-memory manual transfers (ledger vs. floor, same run)...");
            await InMemoryPhases.TransfersAsync(settings, report, log);
            CompactHeap();
            log.WriteLine("In-memory order payments from 3 accounts...");
            await InMemoryPhases.PaymentsAsync(settings, report, log);
            CompactHeap();
            log.WriteLine("In-memory authorise + capture vs. payment (same ledger, alternating)...");
            await HoldPhase.InMemoryAsync(settings, report, log);
            CompactHeap();
        }

        if (historyOnly || scale is not null)
        {
            var transfers = scale ?? (quick ? 100_000 : 10_000_000);
            log.WriteLine($"Bulk import and history at {transfers:#,0} transfers vs. {HistoryPhase.SmallTransfers:#,0}...");
            await HistoryPhase.RunAsync(settings, transfers, skipPostgres, report, log);
            CompactHeap();
            if (historyOnly)
            {
                report.Print(Console.Out);
                return 0;
            }
        }

        if (skipPostgres)
        {
            PostgreSqlPhase.NotMeasured(report, log, "skipped (--no-postgres).");
        }
        else
        {
            log.WriteLine("PostgreSQL order payments vs. pgbench TPC-B (same throwaway server)...");
            await PostgreSqlPhase.RunAsync(settings, report, log);
            if (!postgresOnly)
            {
                log.WriteLine("PostgreSQL order payments with vs. without the event row (same throwaway server)...");
                await PostgreSqlPhase.EventCostAsync(settings, report, log);
            }
        }

        var chartAt = Array.IndexOf(args, "--chart");
        var chart = chartAt >= 0 && chartAt + 1 < args.Length ? args[chartAt + 1] : Path.Combine("benchmarks", "results", $"payments{(durable ? "-durable" : "")}{(quick ? "-quick" : "")}.png");
        Chart.TryWrite(report.AllSeries, chart, $"PostgreSQL payments per second vs clients ({(quick ? "quick" : "full")} run, {(durable ? "fsync on" : "fsync off")}, {Environment.ProcessorCount} cores)", log);
        report.Print(Console.Out);
        return 0;
    }

    /// <summary>A full, blocking, compacting collection (the large object heap included), so no phase inherits another's garbage.</summary>
    private static void CompactHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static bool IsOptimized()
        => typeof(LoyaltyLedger).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>()
            .All(d => !d.IsJITOptimizerDisabled);
}
