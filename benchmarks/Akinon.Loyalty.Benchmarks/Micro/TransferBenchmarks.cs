using Akinon.Loyalty.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Akinon.Loyalty.Benchmarks.Micro;

/// <summary>
/// Manual transfers on <see cref="LoyaltyLedger"/> over <see cref="InMemoryLedgerStore"/>, against the plain
/// <see cref="TransferFloor"/> as the baseline. Each iteration starts from a fresh ledger (the store keeps every
/// transaction, so a long run would otherwise measure a growing heap); requests are built outside the timed region,
/// as a caller builds them.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
public class TransferBenchmarks
{
    private const int Invocations = 16_384;
    private const int AccountCount = 1_024;

    private LoyaltyLedger _ledger = null!;
    private TransferFloor _floor = null!;
    private long[] _accounts = [];
    private TransferRequest[] _requests = [];
    private TransferRequest[] _keyedRequests = [];
    private int _next;
    private int _iteration;

    [IterationSetup]
    public void Setup()
    {
        _ledger = Ledgers.NewInMemory();
        _accounts = Ledgers.OpenTransferAccountsAsync(_ledger, AccountCount).GetAwaiter().GetResult();
        _floor = new TransferFloor(_accounts, 100_000_000);
        _requests = Ledgers.TransferRequests(_accounts, Invocations);
        _keyedRequests = Ledgers.TransferRequests(_accounts, Invocations, keyPrefix: "bdn-" + _iteration++ + "-");
        _next = 0;
    }

    [Benchmark(Baseline = true, Description = "Floor: 2 lookups, 2 updates, 1 record")]
    public bool Floor()
    {
        var request = _requests[_next++];
        return _floor.Transfer(request.SourceAccountId, request.DestinationAccountId, 1);
    }

    [Benchmark(Description = "LoyaltyLedger.TransferAsync")]
    public ValueTask<Transaction> Transfer() => _ledger.TransferAsync(_requests[_next++]);

    [Benchmark(Description = "LoyaltyLedger.TransferAsync, idempotency key")]
    public ValueTask<Transaction> TransferWithKey() => _ledger.TransferAsync(_keyedRequests[_next++]);
}
