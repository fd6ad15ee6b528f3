using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Testing;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Faults;

/// <summary>
/// Group commit under a dying connection: a batch whose backend is killed before its commit answered leaves every
/// one of its writes <see cref="LoyaltyErrorCode.OutcomeUnknown"/>; retried with their keys, each takes effect once.
/// </summary>
public sealed class BatchedOutageTests : IAsyncLifetime
{
    private const int Writers = 12;
    private static readonly Currency Try = Currency.TRY;
    private PostgreSqlLedgerStore _store = null!;
    private LoyaltyLedger _ledger = null!;
    private Account _target = null!;
    private Account[] _payers = [];

    public async Task InitializeAsync()
    {
        _store = await PgStores.NewStoreAsync(o => (o.Batching, o.MaxBatchSize) = (true, 64));
        _ledger = PgStores.LedgerOver(_store);
        _target = await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1 });
        _payers = new Account[Writers + 1];
        for (var i = 0; i < _payers.Length; i++)
        {
            _payers[i] = await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 100 + i, Balance = Money.Of(50m, Try) });
        }
    }

    public async Task DisposeAsync()
    {
        await Invariants.AssertLedgerHoldsAsync(_store.Schema);
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Every_write_of_a_batch_whose_connection_dies_is_outcome_unknown_and_its_retry_applies_it_once()
    {
        var before = await LedgerSnapshot.TakeAsync(_ledger);
        var transfers = _payers.Select((p, i) => new TransferRequest
        {
            SourceAccountId = p.Id, DestinationAccountId = _target.Id, Amount = Money.Of(1m + i, Try), IdempotencyKey = $"cut-{i}",
        }).ToArray();

        await using (await LockAsync($"SELECT 1 FROM \"{_store.Schema}\".accounts WHERE id = {_target.Id} FOR UPDATE"))
        {
            // The first writes go alone, one per batch slot, and wait on the lock; the others gather behind them.
            var leaders = new List<Task>();
            var killed = new List<int>();
            for (var i = 0; i < Internal.WriteBatcher.BatchesInFlight; i++)
            {
                leaders.Add(_ledger.TransferAsync(transfers[i]).AsTask());
                killed.Add(await BlockedBackendAsync(killed, leaders[i]));
            }

            var rest = transfers.Skip(leaders.Count).Select(t => _ledger.TransferAsync(t).AsTask()).ToArray();
            await WaitAsync(() => Task.FromResult(_store.WritesWaitingForBatch == rest.Length), "the writes should gather for the next batch");

            foreach (var backend in killed)
            {
                await PgStores.QueryAsync($"SELECT pg_terminate_backend({backend})", r => r.GetBoolean(0));
            }

            foreach (var leader in leaders)
            {
                await AssertOutcomeUnknownAsync(leader);
            }

            // The gathered writes go as one batch, which waits on the same lock: kill it too.
            var batchBackend = await BlockedBackendAsync(killed, rest[0]);
            _store.WritesWaitingForBatch.Should().Be(0, "every gathered write is in the batch in flight");
            await PgStores.QueryAsync($"SELECT pg_terminate_backend({batchBackend})", r => r.GetBoolean(0));
            foreach (var write in rest)
            {
                await AssertOutcomeUnknownAsync(write);
            }
        }

        (await LedgerSnapshot.TakeAsync(_ledger)).SameAs(before).Should().BeTrue("the killed batches committed nothing");

        // Retry each with its key, twice and concurrently: each applies once, the second answer a replay of it.
        var answers = await Task.WhenAll(transfers.Concat(transfers).Select(t => _ledger.TransferAsync(t).AsTask()));
        for (var i = 0; i < transfers.Length; i++)
        {
            (await KeyCountAsync($"cut-{i}")).Should().Be(1);
            answers[i].Uuid.Should().Be(answers[i + transfers.Length].Uuid, "the second retry replays the first");
        }

        var expected = transfers.Sum(t => t.Amount.ToMinorUnits());
        (await _ledger.GetAccountAsync(_target.Id)).Balance.Should().Be(Money.FromMinorUnits(expected, Try));
    }

    private static async Task AssertOutcomeUnknownAsync(Task write)
    {
        var act = async () => await write;
        (await act.Should().ThrowAsync<LoyaltyException>()).Which.Should().Match<LoyaltyException>(
            e => e.Code == LoyaltyErrorCode.OutcomeUnknown && e.InnerException is NpgsqlException,
            "the connection died after the batch was sent and before its commit answered");
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

    /// <summary>The backend of this test's schema that waits on a lock (other than those in <paramref name="except"/>).</summary>
    private async Task<int> BlockedBackendAsync(IReadOnlyList<int> except, Task pending)
    {
        var found = 0;
        await WaitAsync(
            async () =>
            {
                pending.IsCompleted.Should().BeFalse("the write should wait on the lock");
                var pids = await PgStores.QueryAsync(
                    $"SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position('{_store.Schema}' in query) > 0 AND pid <> ALL (ARRAY[0{string.Concat(except.Select(p => "," + p))}])",
                    r => r.GetInt32(0));
                found = pids.Count == 1 ? pids[0] : 0;
                return found != 0;
            },
            "a batch should wait on the lock");
        return found;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string because)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            patience.Token.IsCancellationRequested.Should().BeFalse(because);
            await Task.Yield();
        }
    }

    private async Task<long> KeyCountAsync(string key)
        => (await PgStores.QueryAsync($"SELECT count(*) FROM \"{_store.Schema}\".transactions WHERE idempotency_key = '{key}' OR idempotency_key LIKE '%:{key}'", r => r.GetInt64(0))).Single();
}
