using System.Diagnostics;
using Akinon.Loyalty.Benchmarks.Infrastructure;
#if HAVE_POSTGRESQL
using Akinon.Loyalty.PostgreSql;
using Akinon.Loyalty.PostgreSql.TestServer;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
#endif

namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>
/// What the event feed costs a payment: the same payments on two schemas of one throwaway server, one as shipped and
/// one whose <c>record_event</c> is replaced by a function that does nothing (no <c>event_positions</c> counter
/// update, no <c>events</c> row), measured alternately (with, without, with, without) at each client count.
/// </summary>
internal static partial class PostgreSqlPhase
{
    public static async Task EventCostAsync(Settings settings, Report report, TextWriter log)
    {
#if HAVE_POSTGRESQL
        var bin = ThrowawayPostgres.FindBinaries(out var reason);
        if (bin is null)
        {
            log.WriteLine("  event cost not measured: " + reason);
            report.Note("Event cost not measured: " + reason);
            return;
        }

        await using var server = await ThrowawayPostgres.StartAsync(bin);
        var maxClients = settings.PostgresClients.Max();
        var connectionString = server.ConnectionString(maxPool: maxClients * 2 + 8);
        var variants = new List<(string Name, ServiceProvider Provider, ILoyaltyLedger Ledger, ILedgerStore Store, long[][][] Pools)>();
        var perClient = settings.Quick ? 16 : 64;
        foreach (var (name, schema) in new[] { ("with events", "bench_events"), ("without events", "bench_no_events") })
        {
            var services = new ServiceCollection();
            services.AddLoyalty().UsePostgreSql(connectionString, o => o.Schema = schema);
            var provider = services.BuildServiceProvider();
            var store = provider.GetRequiredService<PostgreSqlLedgerStore>();
            await store.MigrateAsync();
            if (schema == "bench_no_events")
            {
                // After the migration, so nothing re-applies the shipped function in this process.
                await using var dataSource = NpgsqlDataSource.Create(connectionString);
                await using var command = dataSource.CreateCommand(
                    $"CREATE OR REPLACE FUNCTION {schema}.record_event(p_transaction_id bigint, p_transfers int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$");
                await command.ExecuteNonQueryAsync();
            }

            var ledger = provider.GetRequiredService<ILoyaltyLedger>();
            var pools = await Task.WhenAll(Enumerable.Range(0, maxClients).Select(c => Ledgers.OpenPayersAsync(ledger, perClient, firstUser: 1 + ((long)c * perClient))));
            await MeasureAsync(ledger, store, pools, clients: Math.Min(4, maxClients), TimeSpan.FromSeconds(settings.Quick ? 0.3 : 2), "warm", perClient);
            variants.Add((name, provider, ledger, store, pools));
        }

        try
        {
            var events = variants[0];
            var none = variants[1];
            var eventsCount = await events.Ledger.ReadEventsAsync(LoyaltyEvent.Start, 1);
            var noneCount = await none.Ledger.ReadEventsAsync(LoyaltyEvent.Start, 1);
            if (eventsCount.Count == 0 || noneCount.Count != 0)
            {
                throw new InvalidOperationException("The variants are not what they claim: the shipped schema must have events and the other none.");
            }

            foreach (var clients in settings.PostgresClients)
            {
                double withTotal = 0, withoutTotal = 0;
                const int Rounds = 2;
                for (var round = 0; round < Rounds; round++)
                {
                    withTotal += (await MeasureAsync(events.Ledger, events.Store, events.Pools, clients, settings.PostgresDuration, $"ev{clients}-{round}", perClient)).PerSecond;
                    withoutTotal += (await MeasureAsync(none.Ledger, none.Store, none.Pools, clients, settings.PostgresDuration, $"ne{clients}-{round}", perClient)).PerSecond;
                }

                var with = withTotal / Rounds;
                var without = withoutTotal / Rounds;
                log.WriteLine($"  {clients,2} client(s): {with:#,0} payments/s with events, {without:#,0} without ({(1 - (with / without)) * 100:0.0}% cost)");
                report.Add(new Figure($"pg_payments_with_events_c{clients}", $"PostgreSQL payments/s with the event row, {clients} client(s)", with, "/s"));
                report.Add(new Figure($"pg_payments_without_events_c{clients}", $"PostgreSQL payments/s without it (record_event a no-op), {clients} client(s)", without, "/s"));
                report.Add(new Figure($"pg_events_over_no_events_c{clients}", $"payments/s with events / without, {clients} client(s)", with / without, "x"));
            }
        }
        finally
        {
            foreach (var variant in variants)
            {
                await variant.Provider.DisposeAsync();
            }
        }
#else
        await Task.CompletedTask;
        log.WriteLine("  event cost not measured: this build has no PostgreSQL store.");
        _ = settings;
        _ = report;
#endif
    }
}
