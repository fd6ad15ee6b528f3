using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;
using Akinon.Loyalty.Testing;

namespace Akinon.Loyalty.PostgreSql.Tests.Conformance;

/// <summary>
/// The whole store contract, against PostgreSQL with every write alone (group commit off): every ledger the suite
/// asks for is a new schema.
/// </summary>
public class PostgreSqlLedgerStoreConformanceTests : LedgerConformanceTests
{
    /// <summary>Whether the stores commit concurrent writes in groups (<see cref="PostgreSqlLedgerOptions.Batching"/>).</summary>
    protected virtual bool Batching => false;

    /// <summary>Each property run opens a new schema (tables, functions), so far fewer runs than in memory (50 keeps CI under its budget); LOYALTY_PROPERTY_RUNS sets more.</summary>
    protected override int DefaultPropertyRuns => 50;

    /// <summary>As many parallel writers as the concurrency test in this project uses.</summary>
    protected override int ConcurrentWorkers => 16;

    protected override ILedgerStore CreateStore()
        => new PostgreSqlLedgerStore(
            PostgresServer.DataSourceAsync().GetAwaiter().GetResult(),
            new PostgreSqlLedgerOptions { Schema = PgStores.NewSchema(), SystemAccountBuckets = 4, Batching = Batching });
}

/// <summary>
/// The whole store contract (the model property included) with group commit on: concurrent writes of one ledger share
/// a round trip and a database transaction, and every outcome is still the reference store's.
/// </summary>
public sealed class BatchedPostgreSqlLedgerStoreConformanceTests : PostgreSqlLedgerStoreConformanceTests
{
    protected override bool Batching => true;
}
