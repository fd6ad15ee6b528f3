using System.Diagnostics;
using Akinon.Loyalty.Benchmarks.Infrastructure;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>
/// Two-phase order payments against one-step ones on each store, in the same run: per pass every payer pays one order
/// and authorises and captures another (each drawing on three accounts), on the same ledger, with the accounts refilled
/// outside the timed region. In memory each kind runs in a block of its own (all payments, then all holds, or the other
/// way round on alternate passes), so each pays for the collections its own garbage causes: interleaved order by order,
/// a collection fell in whichever call crossed the collector's budget, and which one that was depended on the code, not
/// the cost (the figure moved between 1.7x and 2.6x with a change that left the time per order as it was). On
/// PostgreSQL, where a call is a round trip and the collector costs little beside it, they are interleaved order by
/// order, so both see the same load on a noisy machine (blocks of 64 orders swung 1.7x-2.9x). The figure is the median
/// over rounds of (authorise + capture) / payment.
/// </summary>
internal static class HoldPhase
{
    /// <summary>The target: a hold and its capture cost at most twice a payment.</summary>
    private const double Target = 2;

    /// <summary>
    /// Passes over the payers per in-memory round. One pass (about 25 ms) held about one gen0 collection of 7-10 ms, so
    /// a round's ratio said mostly whether that collection fell in a payment or in a hold (rounds swung 1.4x-3.6x);
    /// with several, each round carries its share of the collector's time and the median says what a hold costs.
    /// </summary>
    private const int InMemoryPasses = 6;

    public static async Task InMemoryAsync(Settings settings, Report report, TextWriter log)
    {
        var ledger = Ledgers.NewInMemory();
        var payers = Math.Min(settings.Payers, 2_048);
        var accounts = await Ledgers.OpenPayersAsync(ledger, payers);
        var rounds = settings.Quick ? 5 : 15;

        // Warm-up: both paths run untimed until tiered compilation has settled (see InMemoryPhases).
        var warmUp = Stopwatch.StartNew();
        for (var w = 0; warmUp.Elapsed < settings.WarmUp; w++)
        {
            await RoundAsync(ledger, ledger.Store, accounts, $"warm{w}-", firstUser: 1, passes: 1, interleaved: false);
        }

        var measured = new List<(double Pay, double Hold, double Capture)>();
        for (var r = 0; r < rounds; r++)
        {
            // The previous round's garbage is collected before this one starts, so no round pays for another's.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var round = await RoundAsync(ledger, ledger.Store, accounts, $"r{r}-", firstUser: 1, InMemoryPasses, interleaved: false);
            measured.Add(round);
            log.WriteLine($"  in memory, round {r + 1}: payment {round.Pay:0} ns, authorise + capture {round.Hold:0} ns ({round.Hold / round.Pay:0.00}x; the capture {round.Capture / round.Pay:0.00}x)");
        }

        Add(report, "memory", "in memory", measured);
    }

    /// <summary>The PostgreSQL figure, on the ledger and payers of <see cref="PostgreSqlPhase"/> (the payers of its first four clients), one client.</summary>
    public static async Task PostgreSqlAsync(ILoyaltyLedger ledger, ILedgerStore store, long[][] accounts, Settings settings, Report report, TextWriter log)
    {
        var rounds = settings.Quick ? 5 : 15;
        // Warm-up by time, as in memory: a capture's client path (SettleHold, the store's post_draft call) runs nowhere
        // else in the run, and after the one warm-up round this phase had, it was still partly unoptimised code, which
        // the capture paid for (1.3x-1.65x a payment in the rounds; 0.8x-1.0x right after them, on the same ledger).
        var warmUp = Stopwatch.StartNew();
        for (var w = 0; w == 0 || warmUp.Elapsed < settings.WarmUp; w++)
        {
            await RoundAsync(ledger, store, accounts, $"pg-hold-warm{w}-", firstUser: 1, passes: 1, interleaved: true);
        }

        var measured = new List<(double Pay, double Hold, double Capture)>();
        for (var r = 0; r < rounds; r++)
        {
            var round = await RoundAsync(ledger, store, accounts, $"pg-hold-r{r}-", firstUser: 1, passes: 1, interleaved: true);
            measured.Add(round);
            log.WriteLine($"  PostgreSQL, round {r + 1}: payment {round.Pay / 1e6:0.00} ms, authorise + capture {round.Hold / 1e6:0.00} ms ({round.Hold / round.Pay:0.00}x; the capture {round.Capture / round.Pay:0.00}x)");
        }

        Add(report, "pg", "PostgreSQL", measured);
    }

    public static void NotMeasured(Report report)
        => report.Add(new Figure("hold_over_payment_pg", "PostgreSQL authorise + capture / payment, 1 client", double.NaN, "x", "<= 2", null));

    private static void Add(Report report, string name, string label, List<(double Pay, double Hold, double Capture)> measured)
    {
        var ratio = Stats.Median([.. measured.Select(m => m.Hold / m.Pay)]);
        report.Add(new Figure($"hold_capture_over_payment_{name}", $"{label} capture alone / payment, 1 client", Stats.Median([.. measured.Select(m => m.Capture / m.Pay)]), "x"));
        report.Add(new Figure($"hold_payment_ns_{name}", $"{label} order payment (3 accounts), 1 client", Stats.Median([.. measured.Select(m => m.Pay)]), "ns/op"));
        report.Add(new Figure($"hold_authorize_capture_ns_{name}", $"{label} authorise + capture (3 accounts), 1 client", Stats.Median([.. measured.Select(m => m.Hold)]), "ns/op"));
        report.Add(new Figure($"hold_over_payment_{name}", $"{label} authorise + capture / payment, 1 client", ratio, "x", "<= 2", ratio <= Target));
    }

    /// <summary>
    /// One order per payer each way, <paramref name="interleaved"/> or in blocks that alternate pass by pass (see the
    /// class), <paramref name="passes"/> times. Returns the mean time of each, per order, and of the capture alone.
    /// </summary>
    private static async Task<(double Pay, double Hold, double Capture)> RoundAsync(ILoyaltyLedger ledger, ILedgerStore store, long[][] accounts, string prefix, long firstUser, int passes, bool interleaved)
    {
        long payTicks = 0;
        long holdTicks = 0;
        long captureTicks = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            var (pay, hold, capture) = await PassAsync(ledger, store, accounts, $"{prefix}p{pass}-", firstUser, interleaved, holdsFirst: pass % 2 == 1);
            (payTicks, holdTicks, captureTicks) = (payTicks + pay, holdTicks + hold, captureTicks + capture);
        }

        var orders = accounts.Length * passes;
        var ns = 1e9 / Stopwatch.Frequency;
        return (payTicks * ns / orders, holdTicks * ns / orders, captureTicks * ns / orders);
    }

    /// <summary>
    /// One pass, in stopwatch ticks: every payer pays an order, and every payer authorises and captures another; the
    /// accounts are refilled after each block, or after each half when interleaved (even payers pay while odd ones hold,
    /// then the other way round).
    /// </summary>
    private static async Task<(long Pay, long Hold, long Capture)> PassAsync(ILoyaltyLedger ledger, ILedgerStore store, long[][] accounts, string prefix, long firstUser, bool interleaved, bool holdsFirst)
    {
        var payments = Ledgers.PaymentRequests(accounts.Length, prefix + "pay-", firstUser);
        var holds = Ledgers.PaymentRequests(accounts.Length, prefix + "hold-", firstUser);
        var ticks = new long[3];
        for (var part = 0; part < 2; part++)
        {
            for (var i = 0; i < accounts.Length; i++)
            {
                // Interleaved: payer i pays in the half of its parity and holds in the other. In blocks: all pay, or all hold.
                var pays = interleaved ? i % 2 == part : (part == 0) != holdsFirst;
                if (pays)
                {
                    var started = Stopwatch.GetTimestamp();
                    Check((await ledger.PayOrderAsync(payments[i])).Allocations.Count);
                    ticks[0] += Stopwatch.GetTimestamp() - started;
                }
                else
                {
                    var started = Stopwatch.GetTimestamp();
                    Check((await ledger.AuthorizeOrderAsync(holds[i])).Allocations.Count);
                    var authorized = Stopwatch.GetTimestamp();
                    await ledger.CaptureOrderAsync(holds[i].OrderNumber);
                    var captured = Stopwatch.GetTimestamp();
                    ticks[1] += captured - started;
                    ticks[2] += captured - authorized;
                }
            }

            await Ledgers.RefillAsync(ledger, store, accounts);
        }

        return (ticks[0], ticks[1], ticks[2]);
    }

    private static void Check(int drawn)
    {
        if (drawn != 3)
        {
            throw new InvalidOperationException($"An order drew on {drawn} accounts, not 3.");
        }
    }
}
