namespace Akinon.Loyalty.Benchmarks.Infrastructure;

/// <summary>
/// The least work any ledger must do for a transfer, written plainly: two dictionary lookups, a funds check,
/// two integer balance updates and one appended record. Every ledger figure is compared with this one,
/// measured in the same run on the same machine.
/// </summary>
/// <remarks>Thread-safe through one lock, as the in-memory store is: no correct shared ledger does less.</remarks>
internal sealed class TransferFloor
{
    private readonly object _gate = new();
    private readonly Dictionary<long, Balance> _balances = [];
    private readonly List<Record> _records = [];

    public TransferFloor(long[] accounts, long opening)
    {
        foreach (var id in accounts)
        {
            _balances.Add(id, new Balance { Minor = opening });
        }
    }

    public int Count => _records.Count;

    public bool Transfer(long from, long to, long amount)
    {
        lock (_gate)
        {
            var source = _balances[from];
            var destination = _balances[to];
            if (source.Minor < amount)
            {
                return false;
            }

            source.Minor -= amount;
            destination.Minor += amount;
            _records.Add(new Record(from, to, amount));
            return true;
        }
    }

    private sealed class Balance
    {
        public long Minor { get; set; }
    }

    private sealed record Record(long From, long To, long Amount);
}
