using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql;

/// <summary>
/// The production <see cref="ILedgerStore"/>: accounts, transactions and transfers in one PostgreSQL schema. Each
/// write is one database transaction (usually one round trip to a PL/pgSQL function) that takes row locks in
/// ascending account id, checks every precondition on the locked rows and writes all of a draft or nothing. Writes
/// that PostgreSQL aborts for a deadlock or a serialization failure are run again, up to
/// <see cref="PostgreSqlLedgerOptions.MaxRetries"/> times. The balances of the system accounts (Sale, Bank, Refund)
/// are spread over several bucket rows so that concurrent payments do not queue on one row.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe; create one per ledger (schema) and share it. It behaves as the in-memory reference store does: the
/// same results, refusals (<see cref="LoyaltyException"/> codes), listing orders and idempotency rules.
/// </para>
/// <para>
/// When the database cannot be reached or goes away (a refused or lost connection, a server shutting down or
/// starting, a command timeout, no pooled connection free in time), the store throws a <see cref="LoyaltyException"/>
/// instead of Npgsql's exception: <see cref="LoyaltyErrorCode.StoreUnavailable"/> when nothing was written (the
/// failure came before the write was sent, the server aborted it, or the call was a read), and
/// <see cref="LoyaltyErrorCode.OutcomeUnknown"/> when a write had been sent and the connection died before its
/// answer came back, so it may have committed. Either way the write committed whole or not at all, and retrying it
/// with the same idempotency key is safe: the retry returns the original result or applies it once. The store does
/// not retry an outage itself; the caller decides (and can answer 503 with <c>Retry-After</c>). Misconfiguration
/// (for example a wrong password) still surfaces as <see cref="NpgsqlException"/>.
/// </para>
/// <para>
/// A call cancelled through its token throws <see cref="OperationCanceledException"/>, between retries too; a write
/// cancelled after it was sent may still have committed, so retry it with the same idempotency key to find out.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlLedgerStore : ILedgerStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlLedgerOptions _options;
    private readonly string _schema;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _migrateGate = new(1, 1);
    private readonly WriteBatcher? _batcher;
    private volatile bool _migrated;

    /// <summary>Creates a store over a data source (a connection pool) that the caller owns and disposes.</summary>
    /// <param name="dataSource">Where to connect.</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>. Copied: later changes have no effect.</param>
    /// <param name="timeProvider">
    /// The clock the store waits on between the retries of a write that collided with another (deadlock or
    /// serialization failure); <see cref="TimeProvider.System"/> when <see langword="null"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range (for example an invalid schema name).</exception>
    public PostgreSqlLedgerStore(NpgsqlDataSource dataSource, PostgreSqlLedgerOptions? options = null, TimeProvider? timeProvider = null)
        : this(dataSource, options, timeProvider, ownsDataSource: false)
    {
    }

    internal PostgreSqlLedgerStore(NpgsqlDataSource dataSource, PostgreSqlLedgerOptions? options, TimeProvider? timeProvider, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgreSqlLedgerOptions();
        if (OptionsCheck.Problem(options) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _options = new PostgreSqlLedgerOptions
        {
            Schema = options.Schema,
            RunMigrationsAtStartup = options.RunMigrationsAtStartup,
            MaxRetries = options.MaxRetries,
            SystemAccountBuckets = options.SystemAccountBuckets,
            Batching = options.Batching,
            MaxBatchSize = options.MaxBatchSize,
        };
        _batcher = options.Batching ? new WriteBatcher(dataSource, Migrations.Quote(options.Schema), options.MaxBatchSize, WriteBatcher.BatchesInFlight, options.BatchLoneWrites) : null;
        _schema = Migrations.Quote(options.Schema);
        _sql = new Sql(_schema);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The schema (unquoted) this store keeps its ledger in.</summary>
    public string Schema => _options.Schema;

    /// <summary>The clock the store waits on between retries.</summary>
    internal TimeProvider Time => _time;

    /// <summary>How many writes wait for the next batch (0 with batching off).</summary>
    internal int WritesWaitingForBatch => _batcher?.Waiting ?? 0;

    /// <summary>The pool the store connects through (for its health check).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>
    /// Creates or brings up to date the store's schema: applies every embedded migration not yet applied, in one
    /// transaction under an advisory lock, so it is safe to call from several servers at once and to call again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration (which then applies nothing).</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="NpgsqlException">The database refused or could not be reached.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await Migrations.ApplyAsync(_dataSource, _options.Schema, cancellationToken).ConfigureAwait(false);
        _migrated = true;
    }

    /// <summary>Releases the connection pool when the store created it (see <c>UsePostgreSql(connectionString)</c>).</summary>
    /// <returns>A task that completes when released.</returns>
    public async ValueTask DisposeAsync()
    {
        _migrateGate.Dispose();
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Releases the connection pool when the store created it (see <c>UsePostgreSql(connectionString)</c>).</summary>
    public void Dispose()
    {
        _migrateGate.Dispose();
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private ValueTask EnsureSchemaAsync(CancellationToken cancellationToken)
        => _migrated || !_options.RunMigrationsAtStartup ? ValueTask.CompletedTask : new(MigrateOnceAsync(cancellationToken));

    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        await _migrateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _migrateGate.Release();
        }
    }

    /// <summary>
    /// Runs a write on a pooled connection, again after a deadlock or serialization failure (waiting a little, on
    /// the store's clock, from the second retry on), and maps refusals and outages.
    /// </summary>
    private ValueTask<T> WriteAsync<T>(StoreErrors.Context context, Func<NpgsqlConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
        => RetryAsync(
            context,
            async (attempt, ct) =>
            {
                var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    // The body's first round trip may already carry the write (a prepared statement is parsed once
                    // per connection), so from here a lost connection leaves the outcome unknown.
                    attempt.Sent = true;
                    return await body(connection, ct).ConfigureAwait(false);
                }
            },
            cancellationToken);

    /// <summary>
    /// Runs a write in the next batch (group commit, see <see cref="WriteBatcher"/>) when batching is on, else alone
    /// on a pooled connection; retried and mapped the same either way. Each attempt is a new write.
    /// </summary>
    private ValueTask<T> WriteAsync<T>(
        StoreErrors.Context context,
        Func<BatchedWrite<T>> batched,
        Func<NpgsqlConnection, CancellationToken, Task<T>> alone,
        CancellationToken cancellationToken)
        => _batcher is { } batcher
            ? RetryAsync(context, (_, ct) => batcher.RunAsync(batched().Alone(alone), ct), cancellationToken)
            : WriteAsync(context, alone, cancellationToken);

    /// <summary>Whether an attempt's write may have reached the server (from then on a lost connection leaves its outcome unknown).</summary>
    private sealed class Attempt
    {
        public bool Sent { get; set; }
    }

    /// <summary>
    /// Runs a write's attempts: again after a deadlock or serialization failure (waiting a little, on the store's
    /// clock, from the second retry on), and maps refusals and outages.
    /// </summary>
    private async ValueTask<T> RetryAsync<T>(StoreErrors.Context context, Func<Attempt, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = new Attempt();
            try
            {
                await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
                return await run(state, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (StoreErrors.IsRetryable(e))
            {
                if (attempt >= _options.MaxRetries)
                {
                    throw StoreErrors.GaveUp(e);
                }

                if (attempt > 0)
                {
                    await Task.Delay(Backoff(attempt), _time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (PostgresException e) when (StoreErrors.Map(e, context) is { } refused)
            {
                throw refused;
            }
            catch (NpgsqlException e) when (cancellationToken.IsCancellationRequested)
            {
                throw Cancelled(e, cancellationToken);
            }
            catch (NpgsqlException e) when (StoreErrors.Outage(e, state.Sent) is { } outage)
            {
                throw outage;
            }
        }
    }

    /// <summary>Runs a read on a pooled connection; an outage is <see cref="LoyaltyErrorCode.StoreUnavailable"/>, since a read writes nothing.</summary>
    private async ValueTask<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await body(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException e) when (cancellationToken.IsCancellationRequested)
        {
            throw Cancelled(e, cancellationToken);
        }
        catch (NpgsqlException e) when (StoreErrors.Outage(e, sent: false) is { } outage)
        {
            throw outage;
        }
    }

    /// <summary>
    /// Reads back what a write just committed. The caller has no result until this read answers, so an outage now
    /// leaves the outcome unknown to it (a retry with the same key returns the original).
    /// </summary>
    private static async ValueTask<T> ReadBackAsync<T>(ValueTask<T> read)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.StoreUnavailable)
        {
            throw LedgerErrors.OutcomeUnknown(e.InnerException ?? e);
        }
    }

    /// <summary>Npgsql sometimes reports the caller's cancellation as a broken connection; the caller asked to stop, so say that.</summary>
    private static OperationCanceledException Cancelled(NpgsqlException e, CancellationToken cancellationToken)
        => new("The operation was cancelled.", e, cancellationToken);

    /// <summary>Up to 2, 4, ... 32 ms, at random, so writers that collided do not collide again in step.</summary>
    private static TimeSpan Backoff(int attempt)
    {
#pragma warning disable CA5394 // Not security-relevant.
        return TimeSpan.FromMilliseconds(Random.Shared.Next(1, 1 << Math.Min(attempt + 1, 6)));
#pragma warning restore CA5394
    }

    private static void Add(NpgsqlParameterCollection parameters, object? value, NpgsqlDbType type)
        => Arguments.Add(parameters, value, type);
}
