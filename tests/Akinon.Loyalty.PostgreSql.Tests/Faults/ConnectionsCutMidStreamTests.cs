using System.Net;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Akinon.Loyalty.PostgreSql.Tests.Faults;

/// <summary>
/// Issue 9 item 6(b): the same writers as <see cref="ServerKilledMidLoadTests"/>, with their connections cut at
/// random points by a loopback proxy (before the request reached the server, after it did, halfway through the
/// answer); afterwards every request took effect exactly once and every invariant holds.
/// </summary>
public sealed class ConnectionsCutMidStreamTests(ITestOutputHelper output)
{
    /// <param name="batching">Group commit on: a cut batch leaves each of its writes outcome-unknown, and each retry applies it once.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_request_takes_effect_exactly_once_when_connections_are_cut(bool batching)
    {
        var target = new NpgsqlConnectionStringBuilder(await PostgresServer.ConnectionStringAsync());
        var address = (await Dns.GetHostAddressesAsync(target.Host!)).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        await using var proxy = new ChaosProxy(new IPEndPoint(address, target.Port), cuts: 40 * FaultRun.Rounds, chance: 0.06, FaultRun.Seed);
        var through = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, MaxPoolSize = 24, Timeout = 10 };
        await using var dataSource = NpgsqlDataSource.Create(through.ConnectionString);

        // Set up over a healthy connection, so the cuts fall on the writers only.
        var schema = PgStores.NewSchema();
        await using (var direct = new PostgreSqlLedgerStore(await PostgresServer.DataSourceAsync(), new PostgreSqlLedgerOptions { Schema = schema }))
        {
            await direct.MigrateAsync();
        }

        await using var store = new PostgreSqlLedgerStore(dataSource, new PostgreSqlLedgerOptions { Schema = schema, RunMigrationsAtStartup = false, Batching = batching });
        var ledger = PgStores.LedgerOver(store);
        var workload = new FaultWorkload(requestsPerWriter: 12 * FaultRun.Rounds, FaultRun.Seed);
        await using (var direct = new PostgreSqlLedgerStore(await PostgresServer.DataSourceAsync(), new PostgreSqlLedgerOptions { Schema = schema }))
        {
            await workload.SetUpAsync(PgStores.LedgerOver(direct));
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2 * FaultRun.Rounds));
        await workload.RunAsync(ledger, () => Task.CompletedTask, patience.Token);

        output.WriteLine($"{workload.Total} requests; cuts: {proxy.BeforeSend} before send, {proxy.AfterSend} after send, {proxy.MidAnswer} mid-answer; {workload.Outages} outages met ({workload.Unknown} outcome unknown), {workload.ReplayedAfterOutage} payments replayed after an outage");
        proxy.BeforeSend.Should().BePositive("the proxy should cut connections before a request reached the server");
        (proxy.AfterSend + proxy.MidAnswer).Should().BePositive("the proxy should cut connections after a request reached the server");
        workload.Outages.Should().BePositive("the cuts should interrupt the writers");
        await workload.AssertExactlyOnceAsync(await PostgresServer.DataSourceAsync(), schema);
    }
}
