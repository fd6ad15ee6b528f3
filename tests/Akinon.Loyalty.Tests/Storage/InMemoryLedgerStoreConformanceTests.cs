using Akinon.Loyalty.Storage;
using Akinon.Loyalty.Testing;

namespace Akinon.Loyalty.Tests.Storage;

/// <summary>The whole store contract, against the in-memory store.</summary>
public sealed class InMemoryLedgerStoreConformanceTests : LedgerConformanceTests
{
    protected override ILedgerStore CreateStore() => new InMemoryLedgerStore();
}
