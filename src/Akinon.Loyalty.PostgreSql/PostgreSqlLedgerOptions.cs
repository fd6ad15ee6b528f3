namespace Akinon.Loyalty.PostgreSql;

/// <summary>Settings of a <see cref="PostgreSqlLedgerStore"/>.</summary>
/// <remarks>Read once, when the store is created; later changes have no effect on that store.</remarks>
public sealed class PostgreSqlLedgerOptions
{
    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "loyalty";

    /// <summary>
    /// The PostgreSQL schema that holds the ledger's tables. Each ledger (commerce channel) sharing one database uses
    /// its own schema and sees nothing of the others. A lowercase letter or underscore, then up to 62 lowercase
    /// letters, digits or underscores. Default <c>loyalty</c>.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Whether the store brings its schema up to date on first use (once, thread-safe, safe with several servers
    /// starting at once). When <see langword="false"/>, call <see cref="PostgreSqlLedgerStore.MigrateAsync"/> yourself
    /// (for example from a deployment step). Default <see langword="true"/>.
    /// </summary>
    public bool RunMigrationsAtStartup { get; set; } = true;

    /// <summary>
    /// How many times a write that PostgreSQL aborted for a deadlock or a serialization failure is run again before
    /// the store gives up with <see cref="LoyaltyErrorCode.ConcurrencyConflict"/>. 0 to 1000; default 10. The first
    /// retry runs at once, later ones after a short random wait on the store's <see cref="TimeProvider"/>; a
    /// cancelled call stops between attempts. Outages (see <see cref="LoyaltyErrorCode.StoreUnavailable"/>) are not
    /// retried by the store.
    /// </summary>
    public int MaxRetries { get; set; } = 10;

    /// <summary>
    /// Into how many rows the balance of each new system account (Sale, Bank, Refund) is spread, so concurrent
    /// payments and gift cards do not queue on one row. 1 to 1024; default 16. Existing accounts keep their count.
    /// </summary>
    public int SystemAccountBuckets { get; set; } = 16;

    /// <summary>
    /// Whether concurrent payments and postings of this ledger are committed in groups (group commit): while one batch
    /// is in flight the next gathers, up to <see cref="MaxBatchSize"/> writes, and goes as one round trip and one
    /// database transaction, each write with its own outcome (a refused one changes nothing and fails no other).
    /// A write that finds the store idle goes at once, and a batch of one write runs it as the unbatched store would
    /// (its own function, its own transaction), so a lone client pays nothing for batching. Account creations and
    /// updates always run alone. Default
    /// <see langword="false"/>: on the 2-core benchmark machine (PostgreSQL with <c>fsync=off</c>, so a commit
    /// costs little) batching measured slower than one transaction per write; see the README's Group commit section.
    /// </summary>
    public bool Batching { get; set; }

    /// <summary>The most writes one batch carries (see <see cref="Batching"/>). 1 to 1000; default 64.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// Test seam: a batch of one write still goes through the batch functions (<c>*_in_batch</c>, <c>finish_batch</c>)
    /// instead of running alone, so the tests of the batched store exercise them with one client too. Its default is
    /// <see cref="BatchLoneWritesByDefault"/>, which the PostgreSQL test assembly turns on.
    /// </summary>
    internal bool BatchLoneWrites { get; set; } = BatchLoneWritesByDefault;

    /// <summary>The default of <see cref="BatchLoneWrites"/>; off, except in the PostgreSQL test assembly.</summary>
    internal static bool BatchLoneWritesByDefault { get; set; }
}
