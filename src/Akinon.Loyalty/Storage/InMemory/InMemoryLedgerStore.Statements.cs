namespace Akinon.Loyalty.Storage;

/// <summary>Balances as of an instant and statement pages, from each account's history ordered by time.</summary>
public sealed partial class InMemoryLedgerStore
{
    /// <inheritdoc />
    public ValueTask<long?> GetBalanceAsync(long accountId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return new(TryGet(accountId) is { } state ? BalanceAsOf(state, asOf) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Transfer>> ReadAccountTransfersAsync(long accountId, TransferPosition resumeAfter, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (TryGet(accountId) is not { } state)
            {
                return new(Array.Empty<Transfer>());
            }

            var history = state.History;
            var page = new List<Transfer>(Math.Min(limit, 256));
            for (var i = FirstAfter(in history, resumeAfter); i < history.Count && page.Count < limit; i++)
            {
                if (CreatedAt(history[i]) > until)
                {
                    break;
                }

                page.Add(TransferAt(history[i]));
            }

            return new(page);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<BalanceGroup>> SumBalancesAsync(Currency currency, DateTimeOffset asOf, DateTimeOffset expiringBy, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var sums = new Dictionary<(AccountKind Kind, DateTimeOffset? ExpiresAt), long>();
            foreach (var state in _accounts)
            {
                if (state.Currency != currency || BalanceAsOf(state, asOf) is not (var balance and not 0))
                {
                    continue;
                }

                var group = (state.Kind, state.ExpiresAt is { } at && at <= expiringBy ? at : (DateTimeOffset?)null);
                sums[group] = LedgerErrors.Add(sums.GetValueOrDefault(group), balance);
            }

            return new(sums.Select(static s => new BalanceGroup(s.Key.Kind, s.Key.ExpiresAt, s.Value)).ToArray());
        }
    }

    /// <summary>The balance now, less what came after the instant: the work is proportional to the transfers after it.</summary>
    private long BalanceAsOf(AccountState state, DateTimeOffset asOf)
    {
        var balance = state.Balance;
        var history = state.History;
        for (var i = history.Count - 1; i >= 0 && CreatedAt(history[i]) > asOf; i--)
        {
            balance -= _transfers[history[i]].Amount;
        }

        return balance;
    }

    private DateTimeOffset CreatedAt(int transfer) => _transactions[_transfers[transfer].Transaction].CreatedAt;

    private int Compare(int transfer, TransferPosition position)
    {
        var byTime = CreatedAt(transfer).CompareTo(position.CreatedAt);
        return byTime != 0 ? byTime : (transfer + 1L).CompareTo(position.Id);
    }

    /// <summary>The first index of <paramref name="history"/> whose transfer is positioned after <paramref name="position"/> (binary search).</summary>
    private int FirstAfter(in TransferHistory history, TransferPosition position)
    {
        int low = 0, high = history.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (Compare(history[middle], position) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// Adds a transfer row to its account's history in (time, index) order. Times come from the ledger's clock when a
    /// write is prepared, so a write that waited may carry an earlier time than one posted before it: it moves back
    /// past those few; otherwise it is appended.
    /// </summary>
    private void AddToHistory(AccountState state, int transfer, DateTimeOffset createdAt)
    {
        var at = state.History.Count;
        if (at > 0 && state.History.LastPostedTicks > createdAt.UtcTicks)
        {
            while (at > 0 && CreatedAt(state.History[at - 1]) > createdAt)
            {
                at--;
            }
        }

        state.History.Insert(at, transfer, createdAt.UtcTicks);
    }
}
