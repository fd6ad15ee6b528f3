namespace Akinon.Loyalty.Storage;

/// <summary>The event feed: the history itself, an event's position being its transaction's index plus one.</summary>
public sealed partial class InMemoryLedgerStore
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LoyaltyEvent>> ReadEventsAsync(long afterPosition, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var first = (int)Math.Clamp(afterPosition, 0, _transactions.Count);
            var count = Math.Min(limit, _transactions.Count - first);
            var events = new LoyaltyEvent[count];
            for (var i = 0; i < count; i++)
            {
                events[i] = new LoyaltyEvent { Position = first + i + 1, Transaction = TransactionAt(first + i) };
            }

            return new(events);
        }
    }
}
