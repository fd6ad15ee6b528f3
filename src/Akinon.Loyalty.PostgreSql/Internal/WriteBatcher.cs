using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// Group commit for one ledger (one store, one schema): writes that arrive while a batch is in flight wait for the
/// next one, which takes up to <see cref="PostgreSqlLedgerOptions.MaxBatchSize"/> of them, in arrival order, as one
/// <see cref="NpgsqlBatch"/>: one round trip, one implicit database transaction, one commit. There is no timer: a
/// write that finds the store idle goes at once, alone, so a lone client waits no longer than unbatched.
/// </summary>
/// <remarks>
/// <para>
/// Each write is a call of a <c>*_in_batch</c> function, which runs the unbatched function in its own subtransaction
/// and returns its error instead of raising it, so a refused write rolls back alone and the others go on (see
/// Functions/pay_order_in_batch.sql). A write's outcome is handed to its caller only after the batch committed: a
/// connection that dies before the commit's answer leaves every write of the batch
/// <see cref="LoyaltyErrorCode.OutcomeUnknown"/>, and retrying each with its key applies it once.
/// </para>
/// <para>
/// Lock order: within a batch, the writes run one after another in one transaction, and each keeps the locks it took
/// until the batch commits; taken write by write, they would not follow the one lock order (write 2's customer
/// account after write 1's Sale bucket), and two batches on one schema (two processes, two hosts of one shop) would
/// wait on each other in a cycle until <c>deadlock_timeout</c> aborted one write. So the batch's first statement
/// (Functions/lock_batch.sql) takes every lock its writes will need, in the one order post_draft.sql states, from
/// what each write declares (<see cref="BatchedWrite.Locks"/>): keys, plain accounts, buckets, payment rows. A lock
/// it could not foresee comes out of order; PostgreSQL detects a deadlock it causes and aborts the statement of the
/// one that detected it, on the batch's side one write's subtransaction, whose locks go with it, and the store
/// retries that write as it retries any deadlock, in a later batch. This store still runs one batch at a time
/// (<see cref="BatchesInFlight"/>).
/// </para>
/// </remarks>
internal sealed class WriteBatcher(NpgsqlDataSource dataSource, string schema, int maxBatchSize, int maxInFlight, bool batchLoneWrites = false)
{
    /// <summary>
    /// How many batches of one ledger run at once: one. Two batches of one store deadlocked each other (the benchmark's
    /// 64-client run hung): each keeps every write's locks until it commits, so batch A's first write can hold a Bank
    /// bucket that batch B's second write needs while B holds one A needs; PostgreSQL breaks each cycle only after
    /// <c>deadlock_timeout</c> (1 s), by aborting one write's subtransaction, and the batch's earlier locks stay, so
    /// the cycles repeat. With one batch at a time a store's batches never wait on each other. Since batches take
    /// their locks first, in lock order (lock_batch.sql), two of them no longer wait in a cycle (two stores on one
    /// schema do not); whether a second batch in flight would pay (it would wait on the first's locks of the same
    /// users and Sale bucket) is not measured yet, so this stays one.
    /// </summary>
    public const int BatchesInFlight = 1;

    private readonly object _gate = new();
    private readonly Queue<BatchedWrite> _waiting = new();
    private readonly string _start = $"SELECT {schema}.lock_batch($1, $2, $3, $4, $5)";
    private readonly string _finish = $"SELECT o_events FROM {schema}.finish_batch()";
    private int _inFlight;

    /// <summary>How many writes wait for the next batch (for tests that need a batch of a known size).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Queues a write for the next batch and waits for its outcome. A caller that finds a batch slot free leads: it
    /// runs the batch (its own write in it) on its own thread, so a lone client pays no thread hop and no timer,
    /// and hands whatever gathered meanwhile to a background drainer.
    /// </summary>
    /// <param name="write">The write; a new one per attempt.</param>
    /// <param name="cancellationToken">
    /// Stops the wait: a write not yet in a batch is dropped; one in flight may still commit (retry it with its key).
    /// </param>
    public async Task<T> RunAsync<T>(BatchedWrite<T> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool lead;
        lock (_gate)
        {
            _waiting.Enqueue(write);
            lead = _inFlight < maxInFlight;
            if (lead)
            {
                _inFlight++;
            }
        }

        if (lead)
        {
            await LeadAsync(write).ConfigureAwait(false);
        }

        using (cancellationToken.UnsafeRegister(static (state, token) => ((BatchedWrite)state!).Cancel(token), write))
        {
            return await write.Outcome.ConfigureAwait(false);
        }
    }

    /// <summary>Runs batches until the leader's own write has its outcome, then hands the slot on or frees it.</summary>
    private async Task LeadAsync(BatchedWrite own)
    {
        while (Take() is { } batch)
        {
            await RunBatchAsync(batch).ConfigureAwait(false);
            if (own.IsDone)
            {
                bool handOff;
                lock (_gate)
                {
                    handOff = _waiting.Count > 0;
                    if (!handOff)
                    {
                        _inFlight--;
                    }
                }

                if (handOff)
                {
                    _ = Task.Run(DrainAsync);
                }

                return;
            }
        }
    }

    /// <summary>Runs batches until nothing waits.</summary>
    private async Task DrainAsync()
    {
        while (Take() is { } batch)
        {
            await RunBatchAsync(batch).ConfigureAwait(false);
        }
    }

    /// <summary>The next batch, or <see langword="null"/> (and the slot freed) when nothing waits.</summary>
    private List<BatchedWrite>? Take()
    {
        lock (_gate)
        {
            var batch = new List<BatchedWrite>(Math.Min(maxBatchSize, _waiting.Count));
            while (batch.Count < maxBatchSize && _waiting.TryDequeue(out var next))
            {
                if (next.Take())
                {
                    batch.Add(next);
                }
            }

            if (batch.Count == 0)
            {
                _inFlight--;
                return null;
            }

            return batch;
        }
    }

    /// <summary>
    /// The batch's first statement: every lock its writes will take, taken at once in the one lock order (see
    /// Functions/lock_batch.sql), so two batches never wait on each other in a cycle; and the batch's setting on.
    /// </summary>
    private NpgsqlBatchCommand Start(List<BatchedWrite> writes)
    {
        var keys = new List<string>(writes.Count);
        var accounts = new List<long>();
        var users = new List<long>();
        var credits = new List<long>();
        var payments = new List<Guid>();
        foreach (var write in writes)
        {
            var locks = write.Locks;
            if (locks.Key is { } key)
            {
                keys.Add(key);
            }

            accounts.AddRange(locks.Accounts);
            if (locks.User is { } user)
            {
                users.Add(user);
            }

            if (locks.Credit is { } credit)
            {
                credits.Add(credit);
            }

            if (locks.Payment is { } payment)
            {
                payments.Add(payment);
            }
        }

        var command = new NpgsqlBatchCommand(_start);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = accounts.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = users.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = credits.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = payments.ToArray() });
        return command;
    }

    private async Task RunBatchAsync(List<BatchedWrite> writes)
    {
        if (writes is [var lone] && lone.CanRunAlone && !batchLoneWrites)
        {
            await RunAloneAsync(lone).ConfigureAwait(false);
            return;
        }

        var sent = false;
        try
        {
            var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // One implicit transaction up to the batch's end: first every lock the writes need, in lock order;
                // the batch's setting tells pay_order and record_event to leave the hot rows (Sale's buckets, the
                // event counter) to finish_batch, taken once, last.
                await using var batch = new NpgsqlBatch(connection);
                batch.BatchCommands.Add(Start(writes));
                foreach (var write in writes)
                {
                    batch.BatchCommands.Add(write.Command());
                }

                batch.BatchCommands.Add(new NpgsqlBatchCommand(_finish));

                await batch.PrepareAsync().ConfigureAwait(false);
                sent = true;
                var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.NextResultAsync().ConfigureAwait(false);
                    foreach (var write in writes)
                    {
                        if (!await reader.ReadAsync().ConfigureAwait(false))
                        {
                            throw new InvalidOperationException("A batched write returned no row.");
                        }

                        write.Read(reader);
                        await reader.NextResultAsync().ConfigureAwait(false);
                    }

                    // The implicit transaction commits at the batch's end; its answer comes with the reader's close.
                    await reader.CloseAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            var failure = e is NpgsqlException n && StoreErrors.Outage(n, sent) is { } outage ? outage : e;
            foreach (var write in writes)
            {
                write.Fail(failure);
            }

            return;
        }

        BatchMetrics.Record(writes.Count, schema);
        foreach (var write in writes)
        {
            write.Complete();
        }
    }

    /// <summary>
    /// A batch of one write: the write as the unbatched store runs it (its own function and transaction, no batch
    /// setting, no subtransaction, no <c>finish_batch</c>), its outcome handed over as a batch's would be.
    /// </summary>
    private async Task RunAloneAsync(BatchedWrite write)
    {
        var sent = false;
        try
        {
            var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // As the unbatched store: once the connection is open the write may have been sent.
                sent = true;
                await write.RunAloneAsync(connection).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            write.Fail(e is NpgsqlException n && StoreErrors.Outage(n, sent) is { } outage ? outage : e);
            return;
        }

        BatchMetrics.Record(1, schema);
        write.Complete();
    }
}

/// <summary>One write waiting for, or in, a batch of <see cref="WriteBatcher"/>.</summary>
internal abstract class BatchedWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Dropped = 2;
    private int _state;

    /// <summary>What the write will lock, for the batch to lock first, in lock order (see Functions/lock_batch.sql).</summary>
    public BatchLocks Locks { get; init; } = BatchLocks.None;

    /// <summary>The call of the write's <c>*_in_batch</c> function, its arguments bound.</summary>
    public abstract NpgsqlBatchCommand Command();

    /// <summary>Reads the write's row (its result, or its error), to be handed over once the batch committed.</summary>
    public abstract void Read(NpgsqlDataReader reader);

    /// <summary>Hands the outcome read over: the batch committed.</summary>
    public abstract void Complete();

    /// <summary>The batch failed as a whole: this write's outcome is <paramref name="failure"/>.</summary>
    public abstract void Fail(Exception failure);

    /// <summary>Ends the caller's wait with a cancellation.</summary>
    protected abstract void Cancelled(CancellationToken token);

    /// <summary>Whether the write has its outcome (or its caller stopped waiting).</summary>
    public abstract bool IsDone { get; }

    /// <summary>Whether the write knows how to run alone (see <see cref="RunAloneAsync"/>).</summary>
    public abstract bool CanRunAlone { get; }

    /// <summary>
    /// Runs the write as the unbatched store does, on <paramref name="connection"/>, keeping its result or its refusal
    /// (a <see cref="PostgresException"/>, mapped later as the unbatched call's) for <see cref="Complete"/>; any other
    /// failure is thrown.
    /// </summary>
    public abstract Task RunAloneAsync(NpgsqlConnection connection);

    /// <summary>Claims the write for a batch; false when its caller stopped waiting first.</summary>
    public bool Take() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>The caller stopped waiting: a queued write is dropped (never sent); one in a batch may still commit.</summary>
    public void Cancel(CancellationToken token)
    {
        Interlocked.CompareExchange(ref _state, Dropped, Queued);
        Cancelled(token);
    }
}

/// <summary>A batched write with its result type.</summary>
/// <typeparam name="T">What the write returns.</typeparam>
/// <param name="sql">The call, numbered as <paramref name="bind"/> binds it.</param>
/// <param name="bind">Binds the write's arguments.</param>
/// <param name="read">Reads the write's result from its row (the error columns are read here).</param>
internal sealed class BatchedWrite<T>(string sql, Action<NpgsqlParameterCollection> bind, Func<NpgsqlDataReader, T> read) : BatchedWrite
{
    private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<NpgsqlConnection, CancellationToken, Task<T>>? _alone;
    private T? _result;
    private Exception? _error;

    public Task<T> Outcome => _outcome.Task;

    public override bool IsDone => _outcome.Task.IsCompleted;

    public override bool CanRunAlone => _alone is not null;

    /// <summary>How the unbatched store runs this write, for a batch of one.</summary>
    public BatchedWrite<T> Alone(Func<NpgsqlConnection, CancellationToken, Task<T>> alone)
    {
        _alone = alone;
        return this;
    }

    public override async Task RunAloneAsync(NpgsqlConnection connection)
    {
        try
        {
            // Taken into a batch, a write is no longer the caller's to cancel (as in a batch of many).
            _result = await _alone!(connection, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PostgresException e) when (!StoreErrors.IsOutage(e))
        {
            // A refusal or a retryable conflict: the caller's retry loop judges it as the unbatched call's.
            _error = e;
        }
    }

    public override NpgsqlBatchCommand Command()
    {
        var command = new NpgsqlBatchCommand(sql);
        bind(command.Parameters);
        return command;
    }

    public override void Read(NpgsqlDataReader reader)
    {
        var state = reader.GetOrdinal("o_error_state");
        if (reader.IsDBNull(state))
        {
            _result = read(reader);
            return;
        }

        // The same exception the unbatched call would have raised, so it is retried or mapped the same way.
        _error = new PostgresException(
            messageText: Rows.Text(reader, "o_error_message") ?? "",
            severity: "ERROR",
            invariantSeverity: "ERROR",
            sqlState: reader.GetString(state),
            constraintName: Rows.Text(reader, "o_error_constraint"));
    }

    public override void Complete()
    {
        if (_error is { } error)
        {
            _outcome.TrySetException(error);
        }
        else
        {
            _outcome.TrySetResult(_result!);
        }
    }

    public override void Fail(Exception failure) => _outcome.TrySetException(failure);

    protected override void Cancelled(CancellationToken token) => _outcome.TrySetCanceled(token);
}

/// <summary>What one batched write will lock, declared so that its batch can take every lock first, in lock order.</summary>
/// <param name="Key">Its idempotency key.</param>
/// <param name="Accounts">The accounts a post moves (plain ones locked by row, bucketed ones every bucket).</param>
/// <param name="User">The user a payment draws on (each of the user's plain accounts).</param>
/// <param name="Credit">The bucketed account a payment credits at the batch's end (Sale, or Hold for an authorisation).</param>
/// <param name="Payment">The payment a refund claims.</param>
internal readonly record struct BatchLocks(string? Key, long[] Accounts, long? User, long? Credit, Guid? Payment)
{
    /// <summary>Nothing declared: the write takes its locks as it goes.</summary>
    public static BatchLocks None => new(null, [], null, null, null);
}
