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

        var serverSettings = (settings.Durable ? ThrowawayPostgres.DurableSettings : ThrowawayPostgres.Settings) + (settings.Statements ? StatementProfile.ServerSettings : "");
        await using var server = await ThrowawayPostgres.StartAsync(bin, serverSettings);
        var version = (await ThrowawayPostgres.RunAsync(Path.Combine(bin, "postgres"), ["--version"], asPostgres: false)).Trim();
        log.WriteLine($"  {version} on 127.0.0.1:{server.Port} ({serverSettings})");
        report.Note($"PostgreSQL: {version}, throwaway server on 127.0.0.1, {serverSettings}; pgbench -i -s 1, then pgbench -c N -j N -T {Seconds(settings)}.");
        await ThrowawayPostgres.RunAsync(Pgbench, [.. Connection(server), "-i", "-s", "1", "-q", "postgres"], asPostgres: false);

        var maxClients = settings.PostgresClients.Max();
        var perClient = settings.Quick ? 16 : 64;

        // One pool for the three ledgers (schemas) of the run, so the server's max_connections also fits pgbench.
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(server.ConnectionString(maxPool: maxClients + 16));
        await using var batched = await BenchLedger.OpenAsync(dataSource, "bench", batching: true, buckets: 16, maxClients, perClient, log);
        await using var unbatched = await BenchLedger.OpenAsync(dataSource, "bench_unbatched", batching: false, buckets: 16, maxClients, perClient, log);
        var hotClients = settings.PostgresClients.Contains(16) ? 16 : maxClients;
        await using var oneSale = await BenchLedger.OpenAsync(dataSource, "bench_one_sale", batching: true, buckets: 1, hotClients, perClient, log);

        // Warm-up: connections opened, statements prepared, code jitted.
        var warm = TimeSpan.FromSeconds(settings.Quick ? 1 : 3);
        foreach (var ledger in new[] { batched, unbatched, oneSale })
        {
            await MeasureAsync(ledger, clients: Math.Min(4, maxClients), warm, "warm", perClient);
        }

        if (settings.Statements)
        {
            await StatementProfile.ResetAsync(dataSource);
        }

        var ours = new Dictionary<int, Measured>();
        var alone = new Dictionary<int, Measured>();
        var theirs = new Dictionary<int, (double Tps, double LatencyMs)>();
        foreach (var clients in settings.PostgresClients)
        {
            alone[clients] = await MeasureAsync(unbatched, clients, settings.PostgresDuration, "c" + clients, perClient);
            ours[clients] = await MeasureAsync(batched, clients, settings.PostgresDuration, "c" + clients, perClient);
            theirs[clients] = await PgbenchAsync(server, clients, Seconds(settings));
            report.Add(new Figure($"pg_mean_batch_c{clients}", $"writes per batch (group commit), {clients} client(s)", batched.LastMeanBatch, ""));
            log.WriteLine($"  {clients,2} client(s): batched {ours[clients].PerSecond:#,0} payments/s (p50 {ours[clients].P50:0.00} ms, p99 {ours[clients].P99:0.00} ms, {batched.LastMeanBatch:0.0} writes per batch); "
                + $"unbatched {alone[clients].PerSecond:#,0}/s (p50 {alone[clients].P50:0.00} ms); pgbench {theirs[clients].Tps:#,0} tps (avg {theirs[clients].LatencyMs:0.00} ms)");
        }

        // The same batched ledger, its Sale on one row instead of sixteen, same clients, measured right after.
        var spread = await MeasureAsync(batched, hotClients, settings.PostgresDuration, "spread", perClient);
        var hot = await MeasureAsync(oneSale, hotClients, settings.PostgresDuration, "hot", perClient);
        log.WriteLine($"  {hotClients} clients, batched: Sale on 16 rows {spread.PerSecond:#,0}/s, on one row {hot.PerSecond:#,0}/s");

        // The series a chart plots (payments/s against clients): pg_payments_per_sec_cN (batched),
        // pg_unbatched_payments_per_sec_cN, pgbench_tps_cN.
        foreach (var clients in settings.PostgresClients)
        {
            report.Add(new Figure($"pg_payments_per_sec_c{clients}", $"PostgreSQL order payments per second, batched, {clients} client(s)", ours[clients].PerSecond, "/s"));
            report.Add(new Figure($"pg_unbatched_payments_per_sec_c{clients}", $"PostgreSQL order payments per second, unbatched, {clients} client(s)", alone[clients].PerSecond, "/s"));
            report.Series("ledger batched").Add(clients, ours[clients].PerSecond);
            report.Series("ledger unbatched").Add(clients, alone[clients].PerSecond);
            report.Series("pgbench TPC-B").Add(clients, theirs[clients].Tps);
            report.Add(new Figure($"pgbench_tps_c{clients}", $"pgbench TPC-B tps, {clients} client(s)", theirs[clients].Tps, "/s"));
            var ratio = ours[clients].PerSecond / theirs[clients].Tps;
            var isTarget = clients == 16;
            report.Add(new Figure($"pg_over_pgbench_c{clients}", $"batched payments / pgbench tps, {clients} client(s)", ratio, "x", isTarget ? ">= 3" : null, isTarget ? ratio >= 3 : null));
            report.Add(new Figure($"pg_unbatched_over_pgbench_c{clients}", $"unbatched payments / pgbench tps, {clients} client(s)", alone[clients].PerSecond / theirs[clients].Tps, "x"));
            report.Add(new Figure($"pg_batched_over_unbatched_c{clients}", $"batched / unbatched payments per second, {clients} client(s)", ours[clients].PerSecond / alone[clients].PerSecond, "x"));
        }

        // Each side at its own best client count (pgbench -s 1 has one branch row, and collapses past a few clients).
        var best = settings.PostgresClients.MaxBy(c => ours[c].PerSecond);
        var bestAlone = settings.PostgresClients.MaxBy(c => alone[c].PerSecond);
        var bestTheirs = settings.PostgresClients.MaxBy(c => theirs[c].Tps);
        report.Add(new Figure("pg_best_payments_per_sec", $"batched payments per second at its best client count ({best})", ours[best].PerSecond, "/s"));
        report.Add(new Figure("pg_unbatched_best_payments_per_sec", $"unbatched payments per second at its best client count ({bestAlone})", alone[bestAlone].PerSecond, "/s"));
        report.Add(new Figure("pgbench_best_tps", $"pgbench tps at its best client count ({bestTheirs})", theirs[bestTheirs].Tps, "/s"));
        report.Add(new Figure("pg_best_over_pgbench_best", "batched best / pgbench best", ours[best].PerSecond / theirs[bestTheirs].Tps, "x"));
        report.Add(new Figure("pg_unbatched_best_over_pgbench_best", "unbatched best / pgbench best", alone[bestAlone].PerSecond / theirs[bestTheirs].Tps, "x"));

        if (ours.ContainsKey(1) && ours.ContainsKey(4))
        {
            var scaling = ours[4].PerSecond / ours[1].PerSecond;
            report.Add(new Figure("pg_scaling_c4_over_c1", "batched payments/s at 4 clients / at 1 client", scaling, "x", "> 1 (grows)", scaling > 1));
        }

        if (ours.ContainsKey(16) && ours.ContainsKey(64))
        {
            var held = ours[64].PerSecond / ours[16].PerSecond;
            report.Add(new Figure("pg_c64_over_c16", "batched payments/s at 64 clients / at 16", held, "x", ">= 1 (no collapse)", held >= 1));
        }

        if (ours.ContainsKey(1))
        {
            report.Add(new Figure("pg_payment_p50_ms_c1", "PostgreSQL payment latency p50, batched, 1 client", ours[1].P50, "ms"));
            report.Add(new Figure("pg_unbatched_payment_p50_ms_c1", "PostgreSQL payment latency p50, unbatched, 1 client", alone[1].P50, "ms"));
            var slower = ours[1].P50 / alone[1].P50;
            report.Add(new Figure("pg_p50_c1_batched_over_unbatched", "payment p50 at 1 client, batched / unbatched", slower, "x", "<= 1.2", slower <= 1.2));
        }

        var hotCost = 1 - (hot.PerSecond / spread.PerSecond);
        report.Add(new Figure($"pg_one_sale_row_payments_per_sec_c{hotClients}", $"batched payments per second, Sale on one row, {hotClients} clients", hot.PerSecond, "/s"));
        report.Add(new Figure($"pg_sixteen_sale_rows_payments_per_sec_c{hotClients}", $"batched payments per second, Sale on 16 rows, {hotClients} clients", spread.PerSecond, "/s"));
        report.Add(new Figure("pg_hot_row_cost", "throughput lost with Sale on one row instead of 16 (batched)", hotCost, "", "<= 0.2", hotCost <= 0.2));

        // Holds run on the unbatched ledger (one client: batching would not change them).
        log.WriteLine("  authorise + capture vs. payment (same ledger, alternating, 1 client)...");
        if (settings.Statements)
        {
            await StatementProfile.PrintAsync(dataSource, "the payments", log);
            await StatementProfile.ResetAsync(dataSource);
        }

        // The payers of four clients (64 in --quick, 256 in a full run), not one's: a round of 16 orders each way was noise.
        // On a pool of its own, so that its one client uses one connection, as a lone caller's pool would: the shared
        // pool holds the 80 connections the 64-client phases opened, and hands out the one idle longest, so every call
        // of one client woke a backend gone cold, which cost about as much again as the call itself (a probe on one
        // ledger: 0.62-0.76 ms per call on a pool of one connection, 1.15-1.34 ms after 60 had been opened). That cost
        // comes with every round trip, so it pulled the ratio of two round trips to one towards 2 whatever they cost.
        await using (var holdPool = Npgsql.NpgsqlDataSource.Create(server.ConnectionString(maxPool: 4)))
        await using (var holds = BenchLedger.On(holdPool, "bench_unbatched", batching: false, buckets: 16, unbatched.Payers))
        {
            await HoldPhase.PostgreSqlAsync(holds.Ledger, holds.Store, [.. holds.Payers.Take(4).SelectMany(static p => p)], settings, report, log);
        }
        if (settings.Statements)
        {
            await StatementProfile.PrintAsync(dataSource, "the holds", log);
        }

        var top = ours[maxClients];
        report.Add(new Figure($"pg_payment_p50_ms_c{maxClients}", $"PostgreSQL payment latency p50, batched, {maxClients} clients", top.P50, "ms"));
        report.Add(new Figure($"pg_payment_p99_ms_c{maxClients}", $"PostgreSQL payment latency p99, batched, {maxClients} clients", top.P99, "ms"));
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
        foreach (var clients in new[] { 1, 4, 16, 64 })
        {
            report.Add(new Figure($"pg_payments_per_sec_c{clients}", $"PostgreSQL order payments per second, {clients} client(s)", double.NaN, "/s"));
            report.Add(new Figure($"pg_unbatched_payments_per_sec_c{clients}", $"PostgreSQL order payments per second, unbatched, {clients} client(s)", double.NaN, "/s"));
            report.Add(new Figure($"pgbench_tps_c{clients}", $"pgbench TPC-B tps, {clients} client(s)", double.NaN, "/s"));
        }

        report.Add(new Figure("pg_over_pgbench_c16", "batched payments / pgbench tps, 16 client(s)", double.NaN, "x", ">= 3", null));
        report.Add(new Figure("pg_unbatched_over_pgbench_c16", "unbatched payments / pgbench tps, 16 client(s)", double.NaN, "x"));
        report.Add(new Figure("pg_c64_over_c16", "batched payments/s at 64 clients / at 16", double.NaN, "x", ">= 1 (no collapse)", null));
        report.Add(new Figure("pg_p50_c1_batched_over_unbatched", "payment p50 at 1 client, batched / unbatched", double.NaN, "x", "<= 1.2", null));
        report.Add(new Figure("pg_hot_row_cost", "throughput lost with Sale on one row instead of 16 (batched)", double.NaN, "", "<= 0.2", null));
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
        // A quick run's one second can pass before 64 clients have connected on a loaded machine (pgbench then
        // processes no transaction and prints no tps line): once, the run is repeated three times as long.
        try
        {
            return await PgbenchOnceAsync(server, clients, seconds);
        }
        catch (InvalidOperationException) when (seconds < 3)
        {
            return await PgbenchOnceAsync(server, clients, seconds * 3);
        }
    }

    private static async Task<(double Tps, double LatencyMs)> PgbenchOnceAsync(ThrowawayPostgres server, int clients, int seconds)
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

    /// <summary>Measures one of the run's ledgers and notes its writes per batch over the measurement.</summary>
    private static async Task<Measured> MeasureAsync(BenchLedger bench, int clients, TimeSpan duration, string label, int perClient)
    {
        bench.ResetBatches();
        var measured = await MeasureAsync(bench.Ledger, bench.Store, bench.Payers, clients, duration, label, perClient);
        bench.LastMeanBatch = bench.BatchesSeen == 0 ? double.NaN : bench.WritesSeen / (double)bench.BatchesSeen;
        return measured;
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

    /// <summary>One ledger of the run (a schema of the shared server) with its payers, over the run's one pool.</summary>
    private sealed class BenchLedger : IAsyncDisposable
    {
        private ServiceProvider _services = null!;

        public ILoyaltyLedger Ledger { get; private set; } = null!;

        public ILedgerStore Store { get; private set; } = null!;

        public long[][][] Payers { get; private set; } = [];

        public static async Task<BenchLedger> OpenAsync(Npgsql.NpgsqlDataSource dataSource, string schema, bool batching, int buckets, int clients, int perClient, TextWriter log)
        {
            var bench = On(dataSource, schema, batching, buckets, payers: []);
            bench.Listen("\"" + schema + "\"");
            var started = Stopwatch.GetTimestamp();
            bench.Payers = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Ledgers.OpenPayersAsync(bench.Ledger, perClient, firstUser: 1 + ((long)c * perClient))));
            log.WriteLine($"  {schema}: {clients * perClient * 3:#,0} payer accounts opened in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (batching {(batching ? "on" : "off")}, Sale on {buckets} row(s))");
            return bench;
        }

        /// <summary>Another ledger over a schema <see cref="OpenAsync"/> set up, on another pool, with the payers it opened.</summary>
        public static BenchLedger On(Npgsql.NpgsqlDataSource dataSource, string schema, bool batching, int buckets, long[][][] payers)
        {
            var services = new ServiceCollection();
            services.AddLoyalty().UsePostgreSql(dataSource, o => (o.Schema, o.Batching, o.SystemAccountBuckets) = (schema, batching, buckets));
            var bench = new BenchLedger { _services = services.BuildServiceProvider(), Payers = payers };
            bench.Ledger = bench._services.GetRequiredService<ILoyaltyLedger>();
            bench.Store = bench._services.GetRequiredService<ILedgerStore>();
            return bench;
        }

        /// <summary>Writes per batch over the last measurement (refills included), from the store's batch-size histogram.</summary>
        public double LastMeanBatch { get; set; } = double.NaN;

        public long WritesSeen => Interlocked.Read(ref _writes);

        public long BatchesSeen => Interlocked.Read(ref _batches);

        public void ResetBatches() => (_writes, _batches) = (0, 0);

        public ValueTask DisposeAsync()
        {
            _listener?.Dispose();
            return _services.DisposeAsync();
        }

        private void Listen(string schema)
        {
            _listener = new System.Diagnostics.Metrics.MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Name == "loyalty.postgresql.batch.size")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "loyalty.schema" && (tag.Value as string) == schema)
                    {
                        Interlocked.Add(ref _writes, value);
                        Interlocked.Increment(ref _batches);
                    }
                }
            });
            _listener.Start();
        }

        private System.Diagnostics.Metrics.MeterListener? _listener;
        private long _writes;
        private long _batches;
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyLine();
#endif
}
