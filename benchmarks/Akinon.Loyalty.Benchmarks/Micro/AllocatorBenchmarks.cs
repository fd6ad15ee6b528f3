using Akinon.Loyalty.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Akinon.Loyalty.Benchmarks.Micro;

/// <summary><see cref="OrderAllocator.Allocate"/> over a user's accounts, each of which pays part of the order.</summary>
[MemoryDiagnoser]
public class AllocatorBenchmarks
{
    private Account[] _accounts = [];
    private Money _target;

    [Params(1, 3, 10)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var eur = Ledgers.Eur;
        var created = DateTimeOffset.UnixEpoch;

        // Listed newest first, as a store might return them, so the allocator's sort has work to do.
        _accounts = Enumerable.Range(1, Accounts)
            .Reverse()
            .Select(i => new Account
            {
                Id = i,
                Number = Guid.NewGuid().ToString("D"),
                Currency = eur,
                Kind = AccountKind.Customer,
                UserId = 42,
                DebitAllowed = false,
                Balance = Money.Of(1m, eur),
                CreatedAt = created,
                ModifiedAt = created,
                Version = 2,
            })
            .ToArray();
        _target = Money.Of(Accounts + 0.5m, eur);
    }

    [Benchmark(Description = "OrderAllocator.Allocate, oldest first")]
    public IReadOnlyList<Allocation> OldestFirst() => OrderAllocator.Allocate(_accounts, 42, _target, AllocationOrder.OldestFirst);

    [Benchmark(Description = "OrderAllocator.Allocate, smallest balance first")]
    public IReadOnlyList<Allocation> SmallestBalanceFirst() => OrderAllocator.Allocate(_accounts, 42, _target, AllocationOrder.SmallestBalanceFirst);
}
