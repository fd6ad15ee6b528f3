using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Crash;

/// <summary>
/// A dispatching process killed with SIGKILL mid-stream loses no event when restarted, and delivers again only what
/// came after its last durable checkpoint (at most the one event it had handled but not yet saved).
/// </summary>
public sealed class KilledDispatcherTests
{
    private const int EventsBeforeStart = 400;
    private const int DeliveriesBeforeKill = 150;
    private const int EventsWhileDown = 50;
    private static readonly Currency Try = Currency.TRY;

    [Fact]
    public async Task After_a_restart_no_event_is_lost_and_only_events_after_the_checkpoint_come_again()
    {
        await using var store = await PgStores.NewStoreAsync();
        var ledger = PgStores.LedgerOver(store);
        var alice = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1, Balance = Money.Of(100_000m, Try) });
        var bob = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 2 });
        await PostTransfersAsync(ledger, alice.Id, bob.Id, EventsBeforeStart - 1);   // the opening of alice is the first event

        var firstRun = Path.Combine(Path.GetTempPath(), $"loyalty-dispatch-{Guid.NewGuid():N}-1.txt");
        var secondRun = Path.Combine(Path.GetTempPath(), $"loyalty-dispatch-{Guid.NewGuid():N}-2.txt");
        try
        {
            // Run 1: killed after it reported DeliveriesBeforeKill deliveries; it keeps dispatching until the signal lands.
            await RunDispatcherUntilAsync(store.Schema, firstRun, seen => seen.Count >= DeliveriesBeforeKill);
            var checkpoint = await store.GetCheckpointAsync(CrashWorker.DispatchCheckpoint, default);
            var delivered = ReadDelivered(firstRun);

            delivered.Should().Equal(Enumerable.Range(1, delivered.Count).Select(p => (long)p), "the first run delivers from position 1 in order, with no gap");
            delivered.Count.Should().BeGreaterThanOrEqualTo(DeliveriesBeforeKill);
            checkpoint.Should().BeInRange(delivered.Count - 1, delivered.Count, "the checkpoint is saved after each handled event, before the next is handled");

            // Events posted while no dispatcher runs are delivered after the restart too.
            await PostTransfersAsync(ledger, alice.Id, bob.Id, EventsWhileDown);
            var total = (long)EventsBeforeStart + EventsWhileDown;

            // Run 2: resumes after the durable checkpoint and catches up to the end of the feed.
            await RunDispatcherUntilAsync(store.Schema, secondRun, seen => seen.Contains(total));
            var redelivered = ReadDelivered(secondRun);

            redelivered.Should().Equal(Enumerable.Range((int)checkpoint + 1, (int)(total - checkpoint)).Select(p => (long)p), "the restart delivers exactly the events after the checkpoint, in order");
            delivered.Concat(redelivered).Distinct().Order().Should().Equal(Enumerable.Range(1, (int)total).Select(p => (long)p), "no event is lost");
            // Delivered twice: nothing when the kill landed after a checkpoint, else the one event handled but not yet checkpointed.
            var twice = delivered.Intersect(redelivered).ToList();
            twice.Should().HaveCountLessThanOrEqualTo(1);
            twice.Where(p => p <= checkpoint).Should().BeEmpty("an event at or before the durable checkpoint is never delivered again");
            (await store.GetCheckpointAsync(CrashWorker.DispatchCheckpoint, default)).Should().BeGreaterThanOrEqualTo(total - 1);
            (await ledger.ReadEventsAsync(total - 1, 10)).Select(e => e.Position).Should().Equal(total);
        }
        finally
        {
            File.Delete(firstRun);
            File.Delete(secondRun);
        }
    }

    private static async Task PostTransfersAsync(LoyaltyLedger ledger, long from, long to, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await ledger.TransferAsync(new TransferRequest { SourceAccountId = from, DestinationAccountId = to, Amount = Money.Of(1m, Try) });
        }
    }

    private static async Task RunDispatcherUntilAsync(string schema, string deliveredFile, Func<HashSet<long>, bool> enough)
    {
        using var process = CrashWorker.Start("dispatch", await PostgresServer.ConnectionStringAsync(), schema, deliveredFile);
        var errors = process.StandardError.ReadToEndAsync();
        var seen = new HashSet<long>();
        using (var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            while (!enough(seen) && await process.StandardOutput.ReadLineAsync(patience.Token) is { } line)
            {
                seen.Add(long.Parse(line));
            }
        }

        enough(seen).Should().BeTrue($"the dispatcher should keep delivering until killed; it wrote: {(process.HasExited ? await errors : "")}");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>The positions in the handler's file, whole lines only (each one was fsynced before the handler returned).</summary>
    private static List<long> ReadDelivered(string path)
    {
        var text = File.ReadAllText(path);
        var whole = text[..(text.LastIndexOf('\n') + 1)];
        return whole.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
    }
}
