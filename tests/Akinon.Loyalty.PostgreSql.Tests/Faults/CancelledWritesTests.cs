using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;
using Akinon.Loyalty.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Akinon.Loyalty.PostgreSql.Tests.Faults;

/// <summary>
/// A cancelled call stops at once with <see cref="OperationCanceledException"/> and changes nothing, also while the
/// store waits between the retries of a write that collided; that wait runs on the store's <see cref="TimeProvider"/>.
/// </summary>
public abstract class CancelledWritesTests : IAsyncLifetime
{
    private static readonly Currency Try = Currency.TRY;
    private readonly TimerWatchingClock _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private PostgreSqlLedgerStore _store = null!;
    private LoyaltyLedger _ledger = null!;
    private Account _a = null!;
    private Account _b = null!;

    private string Schema => $"\"{_store.Schema}\"";

    /// <summary>Whether the store under test commits concurrent writes in groups.</summary>
    protected abstract bool Batching { get; }

    public async Task InitializeAsync()
    {
        _store = new PostgreSqlLedgerStore(await PostgresServer.DataSourceAsync(), new PostgreSqlLedgerOptions { Schema = PgStores.NewSchema(), Batching = Batching }, _time);
        await _store.MigrateAsync();
        _ledger = PgStores.LedgerOver(_store, _time);
        _a = await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1, Balance = Money.Of(100m, Try) });
        _b = await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 2 });
    }

    public async Task DisposeAsync()
    {
        await Invariants.AssertLedgerHoldsAsync(_store.Schema);
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task A_call_cancelled_before_it_starts_throws_and_changes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var before = await LedgerSnapshot.TakeAsync(_ledger);
        var account = new NewAccount { Number = "never", Currency = Try, Kind = AccountKind.Customer, UserId = 3, DebitAllowed = false, CreatedAt = _time.GetUtcNow() };

        await FluentActions.Awaiting(async () => await _store.GetOrCreateAccountAsync(account, cancelled.Token)).Should().ThrowAsync<OperationCanceledException>();
        await FluentActions.Awaiting(async () => await _store.GetAccountAsync(_a.Id, cancelled.Token)).Should().ThrowAsync<OperationCanceledException>();
        await FluentActions.Awaiting(async () => await _ledger.TransferAsync(Transfer("pre"), cancelled.Token)).Should().ThrowAsync<OperationCanceledException>();
        await FluentActions.Awaiting(async () => await _ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "o-pre", UserId = 1, Amount = Money.Of(5m, Try) }, cancelled.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        (await LedgerSnapshot.TakeAsync(_ledger)).SameAs(before).Should().BeTrue();
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_to_retry_stops_at_once_and_changes_nothing()
    {
        await InjectSerializationFailuresAsync();
        var before = await LedgerSnapshot.TakeAsync(_ledger);
        using var cancel = new CancellationTokenSource();

        // The first failure is retried at once, the second after a wait on the (fake, never advanced) clock.
        var pending = _ledger.TransferAsync(Transfer("waiting"), cancel.Token).AsTask();
        await WaitForAttemptsAsync(2, pending);
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => pending).Should().ThrowAsync<OperationCanceledException>();
        (await AttemptsAsync()).Should().Be(2, "a cancelled wait does not try again");
        await StopInjectingAsync();
        (await LedgerSnapshot.TakeAsync(_ledger)).SameAs(before).Should().BeTrue();
    }

    [Fact]
    public async Task The_wait_between_retries_runs_on_the_store_clock()
    {
        await InjectSerializationFailuresAsync();
        var pending = _ledger.TransferAsync(Transfer("clock")).AsTask();
        await WaitForAttemptsAsync(2, pending);

        await StopInjectingAsync();
        var transaction = await AdvanceUntilDoneAsync(pending);

        transaction.Transfers.Should().HaveCount(2);
        (await AttemptsAsync()).Should().Be(2, "the third attempt, after the clock moved, succeeded");
        (await _ledger.GetAccountAsync(_b.Id)).Balance.Should().Be(Money.Of(1m, Try));
    }

    [Fact]
    public async Task UsePostgreSql_gives_the_store_the_registered_clock_or_the_system_one()
    {
        var faked = new ServiceCollection();
        faked.AddSingleton<TimeProvider>(_time);
        faked.AddLoyalty().UsePostgreSql("Host=127.0.0.1;Username=postgres");
        await using var fakedServices = faked.BuildServiceProvider();

        var plain = new ServiceCollection();
        plain.AddLoyalty().UsePostgreSql("Host=127.0.0.1;Username=postgres");
        await using var plainServices = plain.BuildServiceProvider();

        fakedServices.GetRequiredService<PostgreSqlLedgerStore>().Time.Should().BeSameAs(_time);
        plainServices.GetRequiredService<PostgreSqlLedgerStore>().Time.Should().BeSameAs(TimeProvider.System);
    }

    private TransferRequest Transfer(string key)
        => new() { SourceAccountId = _a.Id, DestinationAccountId = _b.Id, Amount = Money.Of(1m, Try), IdempotencyKey = key };

    /// <summary>
    /// Makes every write that posts a transaction fail as a serialization failure would (and be rolled back), and
    /// counts the attempts in a sequence, which a rollback does not undo.
    /// </summary>
    private Task InjectSerializationFailuresAsync()
        => PgStores.QueryAsync(
            $"""
            CREATE SEQUENCE {Schema}.injected_attempts;
            CREATE FUNCTION {Schema}.injected_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM nextval('{Schema}.injected_attempts');
                RAISE EXCEPTION 'injected serialization failure' USING ERRCODE = '40001';
            END $$;
            CREATE TRIGGER injected_conflict BEFORE INSERT ON {Schema}.transactions FOR EACH ROW EXECUTE FUNCTION {Schema}.injected_conflict();
            SELECT 1;
            """,
            r => r.GetInt32(0));

    private Task StopInjectingAsync()
        => PgStores.QueryAsync($"DROP TRIGGER injected_conflict ON {Schema}.transactions; SELECT 1;", r => r.GetInt32(0));

    private async Task<long> AttemptsAsync()
        => (await PgStores.QueryAsync($"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {Schema}.injected_attempts", r => r.GetInt64(0))).Single();

    /// <summary>
    /// Moves the fake clock past each wait the store starts on it until <paramref name="pending"/> ends: the store may not
    /// have started its wait yet when the failed attempt is counted (the count is taken on the server, before the error
    /// reaches the store), and a clock moved once before the wait began would never end it (the hang that stopped CI).
    /// </summary>
    private async Task<T> AdvanceUntilDoneAsync<T>(Task<T> pending)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!pending.IsCompleted)
        {
            var armed = _time.NextTimerAsync(patience.Token);
            if (await Task.WhenAny(pending, armed) == armed)
            {
                await armed; // throws once patience runs out
                _time.Advance(TimeSpan.FromMinutes(1));
            }
        }

        return await pending;
    }

    /// <summary>A fake clock that counts the timers started on it (each wait between retries), so a test moves it then.</summary>
    private sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly SemaphoreSlim _started = new(0);

        /// <summary>Completes when a timer not yet waited for has been started.</summary>
        public Task NextTimerAsync(CancellationToken cancellationToken) => _started.WaitAsync(cancellationToken);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _started.Release();
            return timer;
        }
    }

    private async Task WaitForAttemptsAsync(long attempts, Task pending)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await AttemptsAsync() < attempts)
        {
            pending.IsCompleted.Should().BeFalse("the write should keep retrying");
            patience.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}

/// <summary><see cref="CancelledWritesTests"/> with every write alone.</summary>
public sealed class UnbatchedCancelledWritesTests : CancelledWritesTests
{
    protected override bool Batching => false;
}

/// <summary><see cref="CancelledWritesTests"/> with group commit on: a write's retries and their waits are its own, batched or not.</summary>
public sealed class BatchedCancelledWritesTests : CancelledWritesTests
{
    protected override bool Batching => true;
}
