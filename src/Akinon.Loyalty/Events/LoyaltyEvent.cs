namespace Akinon.Loyalty;

/// <summary>
/// A posted transaction as an entry of the ledger's event feed: every posted transaction is exactly one event,
/// and its <see cref="Position"/> is greater than that of every event committed before it.
/// </summary>
public sealed record LoyaltyEvent
{
    /// <summary>The first position a feed can be read after: before any event.</summary>
    public const long Start = 0;

    /// <summary>The most events one read returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Where the event stands in its ledger's feed: 1 for the first, then one more for each (no gaps).</summary>
    public required long Position { get; init; }

    /// <summary>The posted transaction, with its transfers.</summary>
    public required Transaction Transaction { get; init; }
}
