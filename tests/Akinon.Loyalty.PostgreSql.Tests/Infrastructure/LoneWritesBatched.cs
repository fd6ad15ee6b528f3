using System.Runtime.CompilerServices;

namespace Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

/// <summary>
/// In this assembly a batched store sends even a lone write through the batch functions (<c>*_in_batch</c>,
/// <c>finish_batch</c>), so the batched runs of the conformance suite, the model property and the fault tests,
/// mostly one client, exercise them; <see cref="Store.LoneBatchedWritesTests"/> covers the shipped default.
/// </summary>
internal static class LoneWritesBatched
{
#pragma warning disable CA2255 // A test assembly's own setting, before any test makes a store.
    [ModuleInitializer]
    internal static void Initialize() => PostgreSqlLedgerOptions.BatchLoneWritesByDefault = true;
#pragma warning restore CA2255
}
