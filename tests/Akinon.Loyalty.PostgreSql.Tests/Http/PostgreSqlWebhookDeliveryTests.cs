using Akinon.Loyalty.AspNetCore.Tests.Webhooks;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Samples.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Http;

/// <summary>
/// The sample host on PostgreSQL (ConnectionStrings:Loyalty, in a database of its own): each event of a channel, read
/// from the store's outbox, is POSTed signed to a receiver on loopback, in order and once each, and the dispatcher's
/// checkpoint in the channel's schema reaches the last event.
/// </summary>
public sealed class PostgreSqlWebhookDeliveryTests
{
    private static readonly Currency Eur = Currency.EUR;

    [Fact]
    public async Task A_verifying_receiver_sees_each_event_of_a_PostgreSQL_channel_once_in_order()
    {
        var database = "w_" + Guid.NewGuid().ToString("N");
        var server = await PostgresServer.DataSourceAsync();
        await using (var create = server.CreateCommand($"CREATE DATABASE \"{database}\""))
        {
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(await PostgresServer.ConnectionStringAsync()) { Database = database, MaxPoolSize = 10 }.ConnectionString;
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            var app = SampleApp.Build([
                "--urls", "http://127.0.0.1:0", "--environment", "Testing", $"--ConnectionStrings:Loyalty={connectionString}", "--Logging:LogLevel:Default=None",
                $"--Webhooks:Endpoints:test:Url={receiver.Url}", $"--Webhooks:Endpoints:test:Secret={WebhookReceiver.Secret}",
                "--Webhooks:Endpoints:test:Channels:0=1", "--Webhooks:FirstRetryDelay=00:00:00.010", "--Webhooks:MaxRetryDelay=00:00:00.050"]);
            await using (app)
            {
                await app.StartAsync();
                app.Services.GetRequiredKeyedService<Storage.ILedgerStore>("1").Should().BeOfType<PostgreSqlLedgerStore>();
                var ledger = app.Services.GetRequiredKeyedService<ILoyaltyLedger>("1");

                var alice = await ledger.CreateAccountAsync(new CreateAccountRequest { UserId = 1, Currency = Eur, Balance = Money.Of(50m, Eur) });
                var bob = await ledger.CreateAccountAsync(new CreateAccountRequest { UserId = 2, Currency = Eur });
                var uuids = new List<Guid> { (await ledger.ReadEventsAsync(LoyaltyEvent.Start, 1))[0].Transaction.Uuid };
                for (var i = 0; i < 3; i++)
                {
                    uuids.Add((await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(1m, Eur) })).Uuid);
                }

                await receiver.WaitForAsync(uuids.Count);

                receiver.ShouldHaveReceivedOnceInOrder(uuids);

                // The events are the outbox's rows, and the dispatcher's checkpoint is a row beside them.
                await using var own = NpgsqlDataSource.Create(connectionString);
                (await PgStores.QueryAsync(own, "SELECT count(*) FROM loyalty_channel_1.events", r => r.GetInt64(0))).Single().Should().Be(uuids.Count);
                (await CheckpointReachedAsync(own, "loyalty_channel_1", uuids.Count)).Should().Be(uuids.Count);
                await app.StopAsync();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var drop = server.CreateCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// The dispatcher's checkpoint once it reached <paramref name="position"/>, waited for on PostgreSQL's notifications,
    /// not on a clock: a trigger notifies each save, and the listener reads the row again after each notification (or
    /// when one arrived while it read). Fails after 30 s.
    /// </summary>
    private static async Task<long> CheckpointReachedAsync(NpgsqlDataSource dataSource, string schema, long position)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var listener = await dataSource.OpenConnectionAsync(patience.Token);
        var notified = 0;
        listener.Notification += (_, _) => Interlocked.Increment(ref notified);
        await using (var setup = new NpgsqlCommand(
            $"""
            CREATE FUNCTION {schema}.notify_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('checkpoint', NEW.position::text); RETURN NEW; END $$;
            CREATE TRIGGER notify_checkpoint AFTER INSERT OR UPDATE ON {schema}.event_checkpoints FOR EACH ROW EXECUTE FUNCTION {schema}.notify_checkpoint();
            LISTEN checkpoint;
            """,
            listener))
        {
            await setup.ExecuteNonQueryAsync(patience.Token);
        }

        while (true)
        {
            var before = Volatile.Read(ref notified);
            await using var read = new NpgsqlCommand($"SELECT coalesce(max(position), 0) FROM {schema}.event_checkpoints", listener);
            var saved = (long)(await read.ExecuteScalarAsync(patience.Token))!;
            if (saved >= position)
            {
                return saved;
            }

            if (Volatile.Read(ref notified) == before)
            {
                await listener.WaitAsync(patience.Token);
            }
        }
    }
}
