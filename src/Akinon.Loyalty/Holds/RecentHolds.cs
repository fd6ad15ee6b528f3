using System.Collections.Concurrent;

namespace Akinon.Loyalty;

/// <summary>
/// The authorisations this ledger posted or read lately, by order number, kept for their capture or void: a hold is
/// never changed once posted (its settlement is another transaction, judged by the store under the settlement key),
/// and an order number names one hold for ever, so a settlement that finds its hold here needs no read of it, and an
/// authorisation and its capture cost two round trips, as a payment costs one. Bounded: the oldest are dropped first,
/// and a hold not found here (dropped, or authorised by another process) is read from the store.
/// </summary>
internal sealed class RecentHolds(int capacity = RecentHolds.DefaultCapacity)
{
    /// <summary>How many holds are kept at most.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Transaction> _holds = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _arrivals = new();

    // Counted here, not by the dictionary's Count, which takes every one of its locks (up to 1,024 once it has grown):
    // that made an in-memory authorisation cost three payments.
    private int _count;

    /// <summary>The hold of <paramref name="orderNumber"/>, if it is kept here.</summary>
    public Transaction? Find(string orderNumber) => _holds.TryGetValue(orderNumber, out var hold) ? hold : null;

    /// <summary>Keeps an authorisation for its settlement; anything else is ignored.</summary>
    public void Remember(Transaction? transaction)
    {
        if (transaction is not { Kind: TransactionKind.Authorization, OrderNumber: { } orderNumber })
        {
            return;
        }

        if (_holds.TryAdd(orderNumber, transaction))
        {
            _arrivals.Enqueue(orderNumber);
            Interlocked.Increment(ref _count);
            while (Volatile.Read(ref _count) > capacity && _arrivals.TryDequeue(out var oldest))
            {
                Forget(oldest);
            }
        }
    }

    /// <summary>Drops the hold of a settled order (a later settlement reads it, to replay or conflict).</summary>
    public void Forget(string orderNumber)
    {
        if (_holds.TryRemove(orderNumber, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
