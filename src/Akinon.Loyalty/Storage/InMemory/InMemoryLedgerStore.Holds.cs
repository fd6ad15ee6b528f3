namespace Akinon.Loyalty.Storage;

/// <summary>The live holds that expire, so an expiry run reads them without reading the Hold account's history.</summary>
public sealed partial class InMemoryLedgerStore
{
    // By (expiry, transaction index): the front is what has expired first. A hold leaves it in the write that settles it.
    private readonly SortedSet<(DateTimeOffset ExpiresAt, int Index)> _liveHolds = [];

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListExpiredHoldsAsync(DateTimeOffset asOf, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            var expired = new List<string>();
            foreach (var (expiresAt, index) in _liveHolds)
            {
                if (expiresAt > asOf || expired.Count == limit)
                {
                    break;
                }

                expired.Add(_transactions[index].OrderNumber!);
            }

            return new(expired);
        }
    }

    /// <summary>Keeps <see cref="_liveHolds"/> as the transaction just appended at <paramref name="index"/> leaves it: a hold joins, a settlement takes its hold out.</summary>
    private void TrackHold(TransactionDraft draft, int index)
    {
        if (draft.Kind == TransactionKind.Authorization)
        {
            if (draft.ExpiresAt is { } expiresAt)
            {
                _liveHolds.Add((expiresAt, index));
            }
        }
        else if (draft.SettlesHold && _transactionsByUuid.TryGetValue(draft.PaymentUuid!.Value, out var hold) && ExpiresAtOf(hold) is { } holdExpiresAt)
        {
            _liveHolds.Remove((holdExpiresAt, hold));
        }
    }
}
