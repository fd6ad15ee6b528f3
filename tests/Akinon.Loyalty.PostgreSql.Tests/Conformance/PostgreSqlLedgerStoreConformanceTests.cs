using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;
using Akinon.Loyalty.Testing;

namespace Akinon.Loyalty.PostgreSql.Tests.Conformance;

/// <summary>The whole store contract, against PostgreSQL: every ledger the suite asks for is a new schema.</summary>
public sealed class PostgreSqlLedgerStoreConformanceTests : LedgerConformanceTests
{
    /// <summary>Each property run opens a new schema (tables, functions), so fewer runs than in memory.</summary>
    protected override int DefaultPropertyRuns => 200;

    /// <summary>As many parallel writers as the concurrency test in this project uses.</summary>
    protected override int ConcurrentWorkers => 16;

    protected override ILedgerStore CreateStore()
        => new PostgreSqlLedgerStore(
            PostgresServer.DataSourceAsync().GetAwaiter().GetResult(),
            new PostgreSqlLedgerOptions { Schema = PgStores.NewSchema(), SystemAccountBuckets = 4 });
}
