using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Akinon.Loyalty.Benchmarks.Infrastructure;
#if HAVE_POSTGRESQL
using Akinon.Loyalty.PostgreSql;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.DependencyInjection;
using Akinon.Loyalty.PostgreSql.TestServer;
#endif

namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>
/// PostgreSQL order payments at 1, 4 and 16 concurrent clients, all crediting the same Sale account, against pgbench
/// TPC-B at the same client counts on the same throwaway server, measured alternately in one invocation.
/// </summary>
/// <remarks>
/// Each client pays for its own customers (three funded accounts each, so every payment draws on all three) in
/// batches; between batches the accounts are refilled outside the timed region. Throughput is payments over timed
/// wall-clock time; latency is each payment's own time, queueing for a pooled connection included.
/// </remarks>
internal static partial class PostgreSqlPhase
{
    private const string Pgbench = "/usr/bin/pgbench";

    public static async Task RunAsync(Settings settings, Report report, TextWriter log)
    {
#if HAVE_POSTGRESQL
        var bin = ThrowawayPostgres.FindBinaries(out var reason);
        if (bin is null || !File.Exists(Pgbench))
        {
            NotMeasured(report, log, bin is null ? reason : $"{Pgbench} was not found (apt-get install -y postgresql-client).");
            return;
        }

        await using var server = await ThrowawayPostgres.StartAsync(bin);
        var version = (await ThrowawayPostgres.RunAsync(Path.Combine(bin, "postgres"), ["--version"], asPostgres: false)).Trim();
        log.WriteLine($"  {version} on 127.0.0.1:{server.Port} ({ThrowawayPostgres.Settings})");
        report.Note($"PostgreSQL: {version}, throwaway server on 127.0.0.1, {ThrowawayPostgres.Settings}; pgbench -i -s 1, then pgbench -c N -j N -T {Seconds(settings)}.");
        await ThrowawayPostgres.RunAsync(Pgbench, [.. Connection(server), "-i", "-s", "1", "-q", "postgres"], asPostgres: false);

        var maxClients = settings.PostgresClients.Max();
        var services = new ServiceCollection();
        services.AddLoyalty().UsePostgreSql(server.ConnectionString(maxPool: maxClients * 2 + 8), o => o.Schema = "bench");
        await using var provider = services.BuildServiceProvider();
        var ledger = provider.GetRequiredService<ILoyaltyLedger>();
        var store = provider.GetRequiredService<ILedgerStore>();

        var perClient = settings.Quick ? 16 : 64;
        var started = Stopwatch.GetTimestamp();
        var pools = await Task.WhenAll(Enumerable.Range(0, maxClients).Select(c => Ledgers.OpenPayersAsync(ledger, perClient, firstUser: 1 + ((long)c * perClient))));
        log.WriteLine($"  {maxClients * perClient * 3:#,0} payer accounts opened in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        // Warm-up: connections opened, statements prepared, code jitted.
        await MeasureAsync(ledger, store, pools, clients: Math.Min(4, maxClients), TimeSpan.FromSeconds(settings.Quick ? 0.3 : 2), "warm", perClient);

        var ours = new Dictionary<int, Measured>();
        var theirs = new Dictionary<int, (double Tps, double LatencyMs)>();
        foreach (var clients in settings.PostgresClients)
        {
            ours[clients] = await MeasureAsync(ledger, store, pools, clients, settings.PostgresDuration, "c" + clients, perClient);
            theirs[clients] = await PgbenchAsync(server, clients, Seconds(settings));
            log.WriteLine($"  {clients,2} client(s): ledger {ours[clients].PerSecond:#,0} payments/s (p50 {ours[clients].P50:0.00} ms, p99 {ours[clients].P99:0.00} ms, {ours[clients].Payments:#,0} payments); pgbench {theirs[clients].Tps:#,0} tps (avg {theirs[clients].LatencyMs:0.00} ms)");
        }

        foreach (var clients in settings.PostgresClients)
        {
            report.Add(new Figure($"pg_payments_per_sec_c{clients}", $"PostgreSQL order payments per second, {clients} client(s)", ours[clients].PerSecond, "/s"));
            report.Series("ledger unbatched").Add(clients, ours[clients].PerSecond);
            report.Series("pgbench TPC-B").Add(clients, theirs[clients].Tps);
            report.Add(new Figure($"pgbench_tps_c{clients}", $"pgbench TPC-B tps, {clients} client(s)", theirs[clients].Tps, "/s"));
            var ratio = ours[clients].PerSecond / theirs[clients].Tps;
            var isTarget = clients == maxClients;
            report.Add(new Figure($"pg_over_pgbench_c{clients}", $"ledger payments / pgbench tps, {clients} client(s)", ratio, "x", isTarget ? ">= 1.5" : null, isTarget ? ratio >= 1.5 : null));
        }

        if (ours.ContainsKey(1) && ours.ContainsKey(4))
        {
            var scaling = ours[4].PerSecond / ours[1].PerSecond;
            report.Add(new Figure("pg_scaling_c4_over_c1", "ledger payments/s at 4 clients / at 1 client", scaling, "x", "> 1 (grows)", scaling > 1));
        }

        log.WriteLine("  authorise + capture vs. payment (same ledger, alternating, 1 client)...");
        await HoldPhase.PostgreSqlAsync(ledger, store, pools[0], settings, report, log);

        var top = ours[maxClients];
        report.Add(new Figure($"pg_payment_p50_ms_c{maxClients}", $"PostgreSQL payment latency p50, {maxClients} clients", top.P50, "ms"));
        report.Add(new Figure($"pg_payment_p99_ms_c{maxClients}", $"PostgreSQL payment latency p99, {maxClients} clients", top.P99, "ms"));
        report.Add(new Figure($"pgbench_latency_avg_ms_c{maxClients}", $"pgbench latency average, {maxClients} clients", theirs[maxClients].LatencyMs, "ms"));
#else
        await Task.CompletedTask;
        NotMeasured(report, log, "this build has no PostgreSQL store (src/Akinon.Loyalty.PostgreSql is not in the tree yet); the phase is compiled in as soon as it is.");
        _ = settings;
#endif
    }

    public static void NotMeasured(Report report, TextWriter log, string reason)
    {
        log.WriteLine("  PostgreSQL figures not measured: " + reason);
        report.Note("PostgreSQL figures not measured: " + reason);
        foreach (var clients in new[] { 1, 4, 16 })
        {
            report.Add(new Figure($"pg_payments_per_sec_c{clients}", $"PostgreSQL order payments per second, {clients} client(s)", double.NaN, "/s"));
            report.Add(new Figure($"pgbench_tps_c{clients}", $"pgbench TPC-B tps, {clients} client(s)", double.NaN, "/s"));
        }

        report.Add(new Figure("pg_over_pgbench_c16", "ledger payments / pgbench tps, 16 client(s)", double.NaN, "x", ">= 1.5", null));
        report.Add(new Figure("pg_scaling_c4_over_c1", "ledger payments/s at 4 clients / at 1 client", double.NaN, "x", "> 1 (grows)", null));
        report.Add(new Figure("pg_payment_p50_ms_c16", "PostgreSQL payment latency p50, 16 clients", double.NaN, "ms"));
        report.Add(new Figure("pg_payment_p99_ms_c16", "PostgreSQL payment latency p99, 16 clients", double.NaN, "ms"));
        HoldPhase.NotMeasured(report);
    }

    private static int Seconds(Settings settings) => Math.Max(1, (int)Math.Round(settings.PostgresDuration.TotalSeconds));

    private sealed record Measured(double PerSecond, long Payments, double P50, double P99);

#if HAVE_POSTGRESQL
    private static string[] Connection(ThrowawayPostgres server) => ["-h", "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres"];

    private static async Task<(double Tps, double LatencyMs)> PgbenchAsync(ThrowawayPostgres server, int clients, int seconds)
    {
        var n = clients.ToString(CultureInfo.InvariantCulture);
        var output = await ThrowawayPostgres.RunAsync(
            Pgbench,
            [.. Connection(server), "-c", n, "-j", n, "-T", seconds.ToString(CultureInfo.InvariantCulture), "postgres"],
            asPostgres: false,
            timeout: TimeSpan.FromSeconds(seconds + 120));
        var tps = TpsLine().Match(output);
        var latency = LatencyLine().Match(output);
        if (!tps.Success)
        {
            throw new InvalidOperationException("pgbench printed no tps line: " + output);
        }

        return (double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN);
    }

    private static async Task<Measured> MeasureAsync(ILoyaltyLedger ledger, ILedgerStore store, long[][][] pools, int clients, TimeSpan duration, string label, int perClient)
    {
        const int MaxBatches = 10_000;
        var latencies = new List<double>[clients];
        for (var c = 0; c < clients; c++)
        {
            latencies[c] = [];
        }

        long timed = 0;
        long payments = 0;
        for (var batch = 0; batch < MaxBatches && timed < duration.TotalSeconds * Stopwatch.Frequency; batch++)
        {
            var requests = Enumerable.Range(0, clients)
                .Select(c => Ledgers.PaymentRequests(perClient, $"pg-{label}-{batch}-{c}-", firstUser: 1 + ((long)c * perClient)))
                .ToArray();
            var started = Stopwatch.GetTimestamp();
            var wrong = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => PayAllAsync(ledger, requests[c], latencies[c]))));
            timed += Stopwatch.GetTimestamp() - started;
            payments += (long)clients * perClient;
            if (wrong.Sum() != 0)
            {
                throw new InvalidOperationException($"{wrong.Sum()} PostgreSQL payments did not draw on exactly three accounts.");
            }

            // Outside the timed region: every payer gets its three euros back.
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Ledgers.RefillAsync(ledger, store, pools[c])));
        }

        var sorted = latencies.SelectMany(l => l).OrderBy(v => v).ToArray();
        return new Measured(payments * (double)Stopwatch.Frequency / timed, payments, Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 99));
    }

    private static async Task<int> PayAllAsync(ILoyaltyLedger ledger, OrderPaymentRequest[] requests, List<double> latencies)
    {
        var wrong = 0;
        foreach (var request in requests)
        {
            var started = Stopwatch.GetTimestamp();
            var payment = await ledger.PayOrderAsync(request);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (payment.Allocations.Count != 3)
            {
                wrong++;
            }
        }

        return wrong;
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyLine();
#endif
}
