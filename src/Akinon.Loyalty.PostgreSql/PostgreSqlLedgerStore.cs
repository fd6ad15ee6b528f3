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
/// Thread-safe; create one per ledger (schema) and share it. It behaves as the in-memory reference store does: the
/// same results, refusals (<see cref="LoyaltyException"/> codes), listing orders and idempotency rules. Database and
/// network failures that are not business outcomes surface as <see cref="NpgsqlException"/>; when one interrupts a
/// write, the write either committed whole or not at all.
/// </remarks>
public sealed partial class PostgreSqlLedgerStore : ILedgerStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlLedgerOptions _options;
    private readonly string _schema;
    private readonly SemaphoreSlim _migrateGate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Creates a store over a data source (a connection pool) that the caller owns and disposes.</summary>
    /// <param name="dataSource">Where to connect.</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>. Copied: later changes have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range (for example an invalid schema name).</exception>
    public PostgreSqlLedgerStore(NpgsqlDataSource dataSource, PostgreSqlLedgerOptions? options = null)
        : this(dataSource, options, ownsDataSource: false)
    {
    }

    internal PostgreSqlLedgerStore(NpgsqlDataSource dataSource, PostgreSqlLedgerOptions? options, bool ownsDataSource)
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
        };
        _schema = Migrations.Quote(options.Schema);
        _sql = new Sql(_schema);
    }

    /// <summary>The schema (unquoted) this store keeps its ledger in.</summary>
    public string Schema => _options.Schema;

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

    /// <summary>Runs a write on a pooled connection, again after a deadlock or serialization failure, and maps refusals.</summary>
    private async ValueTask<T> WriteAsync<T>(StoreErrors.Context context, Func<NpgsqlConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await body(connection, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (PostgresException e) when (StoreErrors.IsRetryable(e))
            {
                if (attempt >= _options.MaxRetries)
                {
                    throw StoreErrors.GaveUp(e);
                }

                if (attempt > 0)
                {
                    // Jitter, so writers that collided do not collide again in step.
#pragma warning disable CA5394 // Not security-relevant.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 1 << Math.Min(attempt + 1, 6))), cancellationToken).ConfigureAwait(false);
#pragma warning restore CA5394
                }
            }
            catch (PostgresException e) when (StoreErrors.Map(e, context) is { } refused)
            {
                throw refused;
            }
        }
    }

    private async ValueTask<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await body(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Add(NpgsqlParameterCollection parameters, object? value, NpgsqlDbType type)
        => parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });

    /// <summary>PostgreSQL keeps microseconds in UTC; what the store returns is what it will read back later.</summary>
    private static DateTimeOffset Stored(DateTimeOffset time)
        => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);
}
