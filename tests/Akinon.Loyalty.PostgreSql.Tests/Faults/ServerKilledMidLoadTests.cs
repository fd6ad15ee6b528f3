using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Akinon.Loyalty.PostgreSql.Tests.Faults;

/// <summary>
/// Issue 9 item 6(a): sixteen writers doing keyed payments, refunds and transfers; the server is killed
/// (<c>pg_ctl stop -m immediate</c>) mid-load and restarted; every writer retries its in-flight request with the same
/// key until it has an answer; afterwards every request took effect exactly once and every invariant holds.
/// </summary>
public sealed class ServerKilledMidLoadTests(ITestOutputHelper output)
{
    /// <param name="batching">Group commit on: a batch in flight when the server dies leaves each of its writes outcome-unknown.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_request_takes_effect_exactly_once_across_server_kills(bool batching)
    {
        var bin = ThrowawayPostgres.FindBinaries(out var reason) ?? throw new InvalidOperationException(reason);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var server = await ThrowawayPostgres.StartAsync(bin);
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString(maxPool: 24));
        await using var store = new PostgreSqlLedgerStore(dataSource, new PostgreSqlLedgerOptions { Schema = PgStores.NewSchema(), Batching = batching });
        await store.MigrateAsync();
        var ledger = PgStores.LedgerOver(store);
        var workload = new FaultWorkload(requestsPerWriter: 12 * FaultRun.Rounds, FaultRun.Seed);
        await workload.SetUpAsync(ledger);
        output.WriteLine($"server up and ledger set up in {clock.Elapsed.TotalSeconds:F1} s");

        // Writers that met an outage wait until the server is back (or retry at once when it already is).
        var up = CompletedGate();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2 * FaultRun.Rounds));
        var writers = workload.RunAsync(ledger, () => Volatile.Read(ref up).WaitAsync(patience.Token), patience.Token);

        var kills = 2 * FaultRun.Rounds;
        for (var kill = 1; kill <= kills; kill++)
        {
            await Task.WhenAny(workload.AnsweredAsync(workload.Total * kill / (kills + 1)), writers).WaitAsync(patience.Token);
            if (writers.IsCompleted)
            {
                break;
            }

            var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref up, back.Task);
            await server.StopAsync(immediate: true);
            await server.RestartAsync();
            back.SetResult();
            output.WriteLine($"kill {kill} and restart done at {clock.Elapsed.TotalSeconds:F1} s");
        }

        await writers;
        output.WriteLine($"writers done at {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"{workload.Total} requests, {kills} kills, {workload.Outages} outages met ({workload.Unknown} outcome unknown), {workload.ReplayedAfterOutage} payments replayed after an outage");
        workload.Outages.Should().BePositive("the kills should interrupt the writers");
        await workload.AssertExactlyOnceAsync(dataSource, store.Schema);
    }

    private static Task CompletedGate() => Task.CompletedTask;
}
