using System.Runtime.InteropServices;

namespace Akinon.Loyalty;

/// <summary>
/// The authorisations this ledger posted or read lately, by order number, kept for their capture or void: a hold is
/// never changed once posted (its settlement is another transaction, judged by the store under the settlement key),
/// and an order number names one hold for ever, so a settlement that finds its hold here needs no read of it, and an
/// authorisation and its capture cost two round trips, as a payment costs one. Bounded: at most
/// <see cref="DefaultCapacity"/> holds and a ring of as many order numbers, whatever has been settled; the oldest
/// arrival is dropped first, and a hold not found here (dropped, or authorised by another process) is read from the store.
/// </summary>
internal sealed class RecentHolds
{
    /// <summary>How many holds are kept at most.</summary>
    public const int DefaultCapacity = 10_000;

#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly Dictionary<string, Transaction> _holds = new(StringComparer.Ordinal);

    // The order numbers in the order they arrived, as a ring: the slot the next arrival takes names the oldest one kept.
    // A settled hold leaves its number here until the ring comes round (a queue that only shrank on eviction grew by
    // one number per hold settled, for ever).
    private readonly string?[] _arrivals;
    private int _next;

    /// <summary>A cache of at most <paramref name="capacity"/> holds.</summary>
    public RecentHolds(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _arrivals = new string?[capacity];
    }

    /// <summary>How many holds are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _holds.Count;
            }
        }
    }

    /// <summary>How many order numbers the arrival ring names: never more than the capacity.</summary>
    public int Arrivals
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.Count(static n => n is not null);
            }
        }
    }

    /// <summary>The hold of <paramref name="orderNumber"/>, if it is kept here.</summary>
    public Transaction? Find(string orderNumber)
    {
        lock (_gate)
        {
            return _holds.GetValueOrDefault(orderNumber);
        }
    }

    /// <summary>Keeps an authorisation for its settlement, dropping the oldest arrival when full; anything else is ignored.</summary>
    public void Remember(Transaction? transaction)
    {
        if (transaction is not { Kind: TransactionKind.Authorization, OrderNumber: { } orderNumber })
        {
            return;
        }

        lock (_gate)
        {
            ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(_holds, orderNumber, out var known);
            if (known)
            {
                return;
            }

            kept = transaction;

            // The slot's number may be this very one (remembered, settled, and now read again): it stays.
            if (_arrivals[_next] is { } oldest && !string.Equals(oldest, orderNumber, StringComparison.Ordinal))
            {
                _holds.Remove(oldest);
            }

            _arrivals[_next] = orderNumber;
            _next = _next + 1 == _arrivals.Length ? 0 : _next + 1;
        }
    }

    /// <summary>Drops the hold of a settled order (a later settlement reads it, to replay or conflict).</summary>
    public void Forget(string orderNumber)
    {
        lock (_gate)
        {
            _holds.Remove(orderNumber);
        }
    }
}
