using System.Net;
using System.Net.Sockets;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;
using Akinon.Loyalty.Testing;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Faults;

/// <summary>
/// The database fails under the store for real (refused connections, an exhausted pool, command timeouts, a
/// backend killed mid-write): each failure is a typed <see cref="LoyaltyException"/>, never Npgsql's exception,
/// and says truthfully whether anything may have been written.
/// </summary>
public abstract class StoreOutageTests : IAsyncLifetime
{
    private static readonly Currency Try = Currency.TRY;
    private PostgreSqlLedgerStore _store = null!;
    private LoyaltyLedger _ledger = null!;
    private Account _a = null!;
    private Account _b = null!;

    /// <summary>Whether the stores under test commit concurrent writes in groups.</summary>
    protected abstract bool Batching { get; }

    public async Task InitializeAsync()
    {
        _store = await PgStores.NewStoreAsync(o => o.Batching = Batching);
        _ledger = PgStores.LedgerOver(_store);
        _a = await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1, Balance = Money.Of(100m, Try) });
        _b = await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 2 });
    }

    public async Task DisposeAsync()
    {
        await Invariants.AssertLedgerHoldsAsync(_store.Schema);
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task A_refused_connection_is_store_unavailable_for_reads_and_writes()
    {
        await using var nowhere = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={UnusedPort()};Username=postgres;Timeout=5");
        await using var store = new PostgreSqlLedgerStore(nowhere, new PostgreSqlLedgerOptions { Schema = _store.Schema, Batching = Batching });

        var read = async () => await store.GetAccountAsync(_a.Id, default);
        var write = async () => await store.GetOrCreateAccountAsync(NewCustomer("refused"), default);

        (await read.Should().ThrowAsync<LoyaltyException>()).Which.Should().Match<LoyaltyException>(e => e.Code == LoyaltyErrorCode.StoreUnavailable && e.InnerException is NpgsqlException);
        (await write.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.StoreUnavailable, "the connection was never opened, so the write was never sent");
    }

    [Fact]
    public async Task An_exhausted_pool_is_store_unavailable_and_writes_nothing()
    {
        await using var one = await DataSourceAsync(b => (b.MaxPoolSize, b.Timeout) = (1, 1));
        await using var store = Over(one);
        var before = await LedgerSnapshot.TakeAsync(_ledger);

        await using (await one.OpenConnectionAsync())
        {
            var write = async () => await store.GetOrCreateAccountAsync(NewCustomer("pool"), default);
            var read = async () => await store.GetAccountAsync(_a.Id, default);

            (await write.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.StoreUnavailable);
            (await read.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.StoreUnavailable);
        }

        (await LedgerSnapshot.TakeAsync(_ledger)).SameAs(before).Should().BeTrue();
        (await store.GetAccountAsync(_a.Id, default)).Should().NotBeNull("the pool serves again once a connection is back");
    }

    [Fact]
    public async Task A_read_past_the_command_timeout_is_store_unavailable()
    {
        await using var impatient = await DataSourceAsync(b => b.CommandTimeout = 1);
        await using var store = Over(impatient);
        await using var locker = await LockAsync($"LOCK TABLE \"{_store.Schema}\".accounts IN ACCESS EXCLUSIVE MODE");

        var read = async () => await store.GetAccountAsync(_a.Id, default);

        (await read.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.StoreUnavailable);
    }

    [Fact]
    public async Task A_write_past_the_command_timeout_is_outcome_unknown_and_its_retry_applies_it_once()
    {
        await using var impatient = await DataSourceAsync(b => b.CommandTimeout = 1);
        await using var store = Over(impatient);
        var ledger = PgStores.LedgerOver(store);
        var transfer = new TransferRequest { SourceAccountId = _a.Id, DestinationAccountId = _b.Id, Amount = Money.Of(10m, Try), IdempotencyKey = "timeout" };
        var before = await LedgerSnapshot.TakeAsync(_ledger);

        await using (await LockAsync($"SELECT 1 FROM \"{_store.Schema}\".accounts WHERE id = {_b.Id} FOR UPDATE"))
        {
            var act = async () => await ledger.TransferAsync(transfer);
            (await act.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.OutcomeUnknown, "the write was sent and no answer came back in time");
        }

        // Npgsql cancelled the statement on the server, so this time nothing was written; the caller cannot know
        // that, and retrying with the same key is what makes it safe either way.
        (await LedgerSnapshot.TakeAsync(_ledger)).SameAs(before).Should().BeTrue();
        await ledger.TransferAsync(transfer);
        var replay = await ledger.TransferAsync(transfer);

        (await KeyCountAsync("timeout")).Should().Be(1);
        replay.Transfers.Should().HaveCount(2);
        (await _ledger.GetAccountAsync(_b.Id)).Balance.Should().Be(Money.Of(10m, Try));
    }

    [Fact]
    public async Task A_backend_killed_while_the_write_runs_is_outcome_unknown_and_its_retry_applies_it_once()
    {
        await using var own = await DataSourceAsync(_ => { });
        await using var store = Over(own);
        var ledger = PgStores.LedgerOver(store);
        var transfer = new TransferRequest { SourceAccountId = _a.Id, DestinationAccountId = _b.Id, Amount = Money.Of(7m, Try), IdempotencyKey = "terminated" };
        var before = await LedgerSnapshot.TakeAsync(_ledger);

        await using (await LockAsync($"SELECT 1 FROM \"{_store.Schema}\".accounts WHERE id = {_b.Id} FOR UPDATE"))
        {
            var pending = ledger.TransferAsync(transfer).AsTask();
            var blocked = await WaitForBlockedBackendAsync(pending);
            await PgStores.QueryAsync($"SELECT pg_terminate_backend({blocked})", r => r.GetBoolean(0));

            var act = async () => await pending;
            (await act.Should().ThrowAsync<LoyaltyException>()).Which.Should().Match<LoyaltyException>(
                e => e.Code == LoyaltyErrorCode.OutcomeUnknown && e.InnerException is NpgsqlException,
                "the server ended the connection after the write was sent");
        }

        (await LedgerSnapshot.TakeAsync(_ledger)).SameAs(before).Should().BeTrue();
        await ledger.TransferAsync(transfer);
        await ledger.TransferAsync(transfer);
        (await KeyCountAsync("terminated")).Should().Be(1);
        (await _ledger.GetAccountAsync(_a.Id)).Balance.Should().Be(Money.Of(93m, Try));
    }

    private NewAccount NewCustomer(string number)
        => new() { Number = number, Currency = Try, Kind = AccountKind.Customer, UserId = 9, DebitAllowed = false, CreatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) };

    private PostgreSqlLedgerStore Over(NpgsqlDataSource dataSource)
        => new(dataSource, new PostgreSqlLedgerOptions { Schema = _store.Schema, RunMigrationsAtStartup = false, Batching = Batching });

    private static async Task<NpgsqlDataSource> DataSourceAsync(Action<NpgsqlConnectionStringBuilder> configure)
    {
        var builder = new NpgsqlDataSourceBuilder(await PostgresServer.ConnectionStringAsync());
        configure(builder.ConnectionStringBuilder);
        return builder.Build();
    }

    /// <summary>Opens a transaction on the shared server that holds the locks <paramref name="sql"/> takes until disposed.</summary>
    private static async Task<NpgsqlConnection> LockAsync(string sql)
    {
        var connection = await (await PostgresServer.DataSourceAsync()).OpenConnectionAsync();
        await using (var begin = new NpgsqlCommand("BEGIN", connection))
        {
            await begin.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>The backend of this test's schema that waits on a lock (the write under test).</summary>
    private async Task<int> WaitForBlockedBackendAsync(Task pending)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            pending.IsCompleted.Should().BeFalse("the write should wait on the lock");
            var pids = await PgStores.QueryAsync(
                $"SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position('{_store.Schema}' in query) > 0",
                r => r.GetInt32(0));
            if (pids is [var pid])
            {
                return pid;
            }

            patience.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    /// <summary>How many transactions carry the caller's key (the ledger may scope it with a prefix such as <c>transfer:</c>).</summary>
    private async Task<long> KeyCountAsync(string key)
        => (await PgStores.QueryAsync($"SELECT count(*) FROM \"{_store.Schema}\".transactions WHERE idempotency_key = '{key}' OR idempotency_key LIKE '%:{key}'", r => r.GetInt64(0))).Single();

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary><see cref="StoreOutageTests"/> with every write alone.</summary>
public sealed class UnbatchedStoreOutageTests : StoreOutageTests
{
    protected override bool Batching => false;
}

/// <summary><see cref="StoreOutageTests"/> with group commit on.</summary>
public sealed class BatchedStoreOutageTests : StoreOutageTests
{
    protected override bool Batching => true;
}
