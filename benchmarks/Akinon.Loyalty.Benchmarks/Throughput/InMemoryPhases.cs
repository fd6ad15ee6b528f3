using System.Diagnostics;
using Akinon.Loyalty.Benchmarks.Infrastructure;

namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>The in-memory figures: transfers against the floor, payments, and bytes per operation.</summary>
internal static class InMemoryPhases
{
    /// <summary>The target for a ledger transfer against the floor, as the durable-throughput issue sets it (it said 3x before).</summary>
    private const double TransferTarget = 10;

    private const int TransferAccounts = 1_024;
    private const long FloorOpening = 100_000_000;

    public static async Task TransfersAsync(Settings settings, Report report, TextWriter log)
    {
        // Warm-up: every path runs long enough for tiered compilation to replace its first code with optimized code
        // (that happens in the background, after call counting, so it is bounded by time rather than by count).
        var warmUp = Stopwatch.StartNew();
        for (var w = 0; w < 50 && warmUp.Elapsed < settings.WarmUp; w++)
        {
            await TransferRoundAsync(Math.Min(settings.TransfersPerRound, 20_000), threads: 1 + (w % 2));
        }

        foreach (var threads in new[] { 1, 2 })
        {
            var rounds = new List<TransferRound>();
            for (var r = 0; r < settings.TransferRounds; r++)
            {
                var round = await TransferRoundAsync(settings.TransfersPerRound, threads);
                rounds.Add(round);
                log.WriteLine($"  transfers, {threads} thread(s), round {r + 1}: floor {round.FloorNs:0.0} ns, ledger {round.LedgerNs:0.0} ns ({round.LedgerNs / round.FloorNs:0.00}x), with key {round.KeyedNs:0.0} ns ({round.KeyedNs / round.FloorNs:0.00}x)");
            }

            var floor = Stats.Median([.. rounds.Select(r => r.FloorNs)]);
            var ledger = Stats.Median([.. rounds.Select(r => r.LedgerNs)]);
            var keyed = Stats.Median([.. rounds.Select(r => r.KeyedNs)]);
            var ratio = Stats.Median([.. rounds.Select(r => r.LedgerNs / r.FloorNs)]);
            var keyedRatio = Stats.Median([.. rounds.Select(r => r.KeyedNs / r.FloorNs)]);
            var t = threads + "t";
            report.Add(new Figure($"transfer_floor_ns_{t}", $"floor transfer, {threads} thread(s)", floor, "ns/op"));
            report.Add(new Figure($"transfer_ledger_ns_{t}", $"ledger transfer, {threads} thread(s)", ledger, "ns/op"));
            report.Add(new Figure($"transfer_ledger_keyed_ns_{t}", $"ledger transfer with idempotency key, {threads} thread(s)", keyed, "ns/op"));
            report.Add(new Figure($"transfer_floor_gc_pause_ns_{t}", $"  of which GC pauses: floor, {threads} thread(s)", Stats.Median([.. rounds.Select(r => r.FloorPause)]), "ns/op"));
            report.Add(new Figure($"transfer_ledger_gc_pause_ns_{t}", $"  of which GC pauses: ledger, {threads} thread(s)", Stats.Median([.. rounds.Select(r => r.LedgerPause)]), "ns/op"));
            report.Add(new Figure($"transfer_ledger_keyed_gc_pause_ns_{t}", $"  of which GC pauses: ledger with key, {threads} thread(s)", Stats.Median([.. rounds.Select(r => r.KeyedPause)]), "ns/op"));
            report.Add(new Figure($"transfers_per_sec_{t}", $"ledger transfers per second, {threads} thread(s)", 1e9 / ledger, "/s"));
            report.Add(new Figure($"transfers_keyed_per_sec_{t}", $"ledger transfers with key per second, {threads} thread(s)", 1e9 / keyed, "/s"));
            report.Add(new Figure($"transfer_ratio_{t}", $"ledger / floor, {threads} thread(s)", ratio, "x", "<= 10", ratio <= TransferTarget));
            report.Add(new Figure($"transfer_ratio_keyed_{t}", $"ledger with key / floor, {threads} thread(s)", keyedRatio, "x", "<= 10", keyedRatio <= TransferTarget));
            if (threads == 1)
            {
                report.Add(new Figure("transfer_floor_alloc_bytes", "floor transfer allocates", Stats.Median([.. rounds.Select(r => r.FloorBytes)]), "B/op"));
                AddBytes(report, "transfer", "transfer", Stats.Median([.. rounds.Select(r => r.LedgerBytes)]), rounds[^1].LedgerRecords, rounds[^1].LedgerRetained);
                AddBytes(report, "transfer_keyed", "transfer with key", Stats.Median([.. rounds.Select(r => r.KeyedBytes)]), rounds[^1].KeyedRecords, rounds[^1].KeyedRetained);
            }
        }
    }

    public static async Task PaymentsAsync(Settings settings, Report report, TextWriter log)
    {
        // Warm-up on small ledgers, untimed (see TransfersAsync).
        var warmUp = Stopwatch.StartNew();
        for (var w = 0; w < 50 && warmUp.Elapsed < settings.WarmUp; w++)
        {
            await PaymentRoundAsync(Math.Min(settings.Payers, 1_024), batches: 2, measureRetained: false);
        }

        var perSecond = new List<double>();
        var bytes = new List<double>();
        var pauses = new List<double>();
        PaymentRound? last = null;
        for (var r = 0; r < settings.PaymentRounds; r++)
        {
            last = await PaymentRoundAsync(settings.Payers, settings.PaymentBatches, measureRetained: r == settings.PaymentRounds - 1);
            perSecond.Add(last.PerSecond);
            bytes.Add(last.Bytes);
            pauses.Add(last.PauseNs);
            log.WriteLine($"  payments, round {r + 1}: {last.PerSecond:#,0}/s ({last.Payments:#,0} payments, {1e9 / last.PerSecond:0} ns each), {last.Bytes:0} B/op");
        }

        var rate = Stats.Median(perSecond);
        report.Add(new Figure("payments_per_sec_1t", "ledger order payments (3 accounts) per second, 1 thread", rate, "/s", ">= 500,000", rate >= 500_000));
        report.Add(new Figure("payment_ledger_ns_1t", "ledger order payment, 1 thread", 1e9 / rate, "ns/op"));
        report.Add(new Figure("payment_gc_pause_ns_1t", "  of which GC pauses", Stats.Median(pauses), "ns/op"));
        AddBytes(report, "payment", "payment", Stats.Median(bytes), last!.Records, last.Retained);
    }

    private static void AddBytes(Report report, string name, string label, double allocated, double records, double retained)
    {
        report.Add(new Figure($"{name}_records_bytes", $"{label}: records kept (Transaction + Transfers + their strings)", records, "B"));
        report.Add(new Figure($"{name}_retained_bytes", $"{label}: heap kept per op (records + store indexes)", retained, "B/op"));
        report.Add(new Figure($"{name}_alloc_bytes", $"{label} allocates", allocated, "B/op", "<= records kept", allocated <= records));
        report.Add(new Figure($"{name}_alloc_over_records", $"{label}: allocated / records kept", allocated / records, "x"));
    }

    private sealed record TransferRound(double FloorNs, double LedgerNs, double KeyedNs, double FloorPause, double LedgerPause, double KeyedPause, double FloorBytes, double LedgerBytes, double KeyedBytes, double LedgerRecords, double KeyedRecords, double LedgerRetained, double KeyedRetained);

    private sealed record PaymentRound(double PerSecond, long Payments, double Bytes, double Records, double Retained, double PauseNs);

    private static async Task<TransferRound> TransferRoundAsync(int count, int threads)
    {
        // The floor, then the ledger without and with keys, each on fresh state, one right after the other.
        var setup = Ledgers.NewInMemory();
        var accounts = await Ledgers.OpenTransferAccountsAsync(setup, TransferAccounts);
        var requests = Ledgers.TransferRequests(accounts, count);

        var floor = new TransferFloor(accounts, FloorOpening);
        var floorRun = Timed(count, threads, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var request = requests[i];
                if (!floor.Transfer(request.SourceAccountId, request.DestinationAccountId, 1))
                {
                    throw new InvalidOperationException("The floor ran out of money.");
                }
            }
        });
        GC.KeepAlive(floor);

        var ledger = await FreshTransferLedgerAsync();
        var ledgerRun = TimedLedger(ledger, requests, threads);
        var (ledgerRecords, ledgerRetained) = await RetainedAsync(ledger, ledgerRun, count);

        var keyedRequests = Ledgers.TransferRequests(accounts, count, keyPrefix: "k" + Guid.NewGuid().ToString("N")[..8] + "-");
        var keyedLedger = await FreshTransferLedgerAsync();
        var keyedRun = TimedLedger(keyedLedger, keyedRequests, threads);
        var (keyedRecords, keyedRetained) = await RetainedAsync(keyedLedger, keyedRun, count);

        return new TransferRound(
            floorRun.Ns / count, ledgerRun.Ns / count, keyedRun.Ns / count,
            floorRun.PauseNs / count, ledgerRun.PauseNs / count, keyedRun.PauseNs / count,
            floorRun.Bytes / (double)count, ledgerRun.Bytes / (double)count, keyedRun.Bytes / (double)count,
            ledgerRecords, keyedRecords, ledgerRetained, keyedRetained);
    }

    /// <summary>A ledger whose accounts have the same ids as the requests' (the same creation sequence).</summary>
    private static async Task<LoyaltyLedger> FreshTransferLedgerAsync()
    {
        var ledger = Ledgers.NewInMemory();
        await Ledgers.OpenTransferAccountsAsync(ledger, TransferAccounts);
        return ledger;
    }

    private static Run TimedLedger(LoyaltyLedger ledger, TransferRequest[] requests, int threads)
        => Timed(requests.Length, threads, (from, to) => TransferLoopAsync(ledger, requests, from, to).AsTask().GetAwaiter().GetResult());

    private static async ValueTask TransferLoopAsync(LoyaltyLedger ledger, TransferRequest[] requests, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            await ledger.TransferAsync(requests[i]);
        }
    }

    /// <summary>The size of the records the store keeps for one operation, and the heap it keeps per operation in all.</summary>
    private static async Task<(double Records, double Retained)> RetainedAsync(LoyaltyLedger ledger, Run run, int count)
    {
        var sample = await ledger.ListTransfersAsync(new TransferQuery { Limit = 1 });
        var transaction = await ledger.GetTransactionAsync(sample.Items[0].TransactionUuid);
        return (RecordSize.Of(transaction), (run.HeapAfter - run.HeapBefore) / (double)count);
    }

    private static async Task<PaymentRound> PaymentRoundAsync(int payers, int batches, bool measureRetained)
    {
        var ledger = Ledgers.NewInMemory();
        var accounts = await Ledgers.OpenPayersAsync(ledger, payers);
        var firstRequests = Ledgers.PaymentRequests(payers, "B0-");
        CollectFully();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long ticks = 0;
        long bytes = 0;
        long payments = 0;
        var pause = TimeSpan.Zero;
        var retained = double.NaN;
        for (var b = 0; b < batches; b++)
        {
            if (b > 0)
            {
                await Ledgers.RefillAsync(ledger, ledger.Store, accounts);
            }

            var requests = b == 0 ? firstRequests : Ledgers.PaymentRequests(payers, $"B{b}-");
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var paused = GC.GetTotalPauseDuration();
            var started = Stopwatch.GetTimestamp();
            var wrong = await PaymentLoopAsync(ledger, requests);
            ticks += Stopwatch.GetTimestamp() - started;
            pause += GC.GetTotalPauseDuration() - paused;
            bytes += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            payments += requests.Length;
            if (wrong != 0)
            {
                throw new InvalidOperationException($"{wrong} payments did not draw on exactly three accounts.");
            }

            if (b == 0 && measureRetained)
            {
                // Measured over the first batch only, before any refill adds records of its own.
                retained = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / (double)requests.Length;
            }
        }

        double records = double.NaN;
        if (measureRetained)
        {
            var payment = await ledger.GetOrderPaymentAsync("B0-0");
            records = RecordSize.Of(payment ?? throw new InvalidOperationException("The first payment is missing."));
        }

        GC.KeepAlive(ledger);
        return new PaymentRound(payments * (double)Stopwatch.Frequency / ticks, payments, bytes / (double)payments, records, retained, pause.TotalNanoseconds / payments);
    }

    private static async Task<int> PaymentLoopAsync(LoyaltyLedger ledger, OrderPaymentRequest[] requests)
    {
        var wrong = 0;
        foreach (var request in requests)
        {
            var payment = await ledger.PayOrderAsync(request);
            if (payment.Allocations.Count != 3)
            {
                wrong++;
            }
        }

        return wrong;
    }

    private sealed record Run(double Ns, long Bytes, long HeapBefore, long HeapAfter, double PauseNs);

    /// <summary>
    /// Runs <paramref name="body"/> over <c>[0, count)</c> split into <paramref name="threads"/> contiguous ranges, all
    /// released at once; the wall-clock time is the figure. One thread runs inline, so its allocations can be counted.
    /// </summary>
    private static Run Timed(int count, int threads, Action<int, int> body)
    {
        CollectFully();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long bytes;
        long elapsed;
        var paused = GC.GetTotalPauseDuration();
        if (threads == 1)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            body(0, count);
            elapsed = Stopwatch.GetTimestamp() - started;
            bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        }
        else
        {
            using var ready = new Barrier(threads + 1);
            var workers = new Thread[threads];
            for (var t = 0; t < threads; t++)
            {
                var from = (int)((long)count * t / threads);
                var to = (int)((long)count * (t + 1) / threads);
                workers[t] = new Thread(() =>
                {
                    ready.SignalAndWait();
                    body(from, to);
                });
                workers[t].Start();
            }

            ready.SignalAndWait();
            var started = Stopwatch.GetTimestamp();
            foreach (var worker in workers)
            {
                worker.Join();
            }

            elapsed = Stopwatch.GetTimestamp() - started;
            bytes = 0;
        }

        var pause = (GC.GetTotalPauseDuration() - paused).TotalNanoseconds;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        return new Run(elapsed * 1e9 / Stopwatch.Frequency, bytes, heapBefore, heapAfter, pause);
    }

    private static void CollectFully()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
