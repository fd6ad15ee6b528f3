namespace Akinon.Loyalty;

/// <summary>
/// An account's statement for a period (<see cref="ILoyaltyLedger.ReadStatementAsync"/>): the balance as of
/// <see cref="From"/>, the transfers posted after <see cref="From"/> and at or before <see cref="To"/>, and the balance
/// as of <see cref="To"/>, so that <see cref="OpeningBalance"/> plus the sum of <see cref="Transfers"/> is
/// <see cref="ClosingBalance"/>. Consecutive periods (a, b] and (b, c] cover every transfer exactly once.
/// </summary>
/// <remarks>
/// <see cref="Transfers"/> is read from the store a page at a time as it is enumerated (it may be enumerated more than
/// once, each time afresh), oldest first by (<see cref="Transfer.CreatedAt"/>, <see cref="Transfer.Id"/>), so an
/// account with a million transfers is never loaded whole. Thread-safe to share; each enumeration is independent.
/// </remarks>
public sealed record AccountStatement
{
    /// <summary>The account, as it was when the statement was opened.</summary>
    public required Account Account { get; init; }

    /// <summary>The start of the period, exclusive: a transfer posted exactly at this instant is in <see cref="OpeningBalance"/>.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The end of the period, inclusive: the requested end, or the ledger's clock when that was later (never before <see cref="From"/>).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>The balance as of <see cref="From"/> (every transfer posted at or before it).</summary>
    public required Money OpeningBalance { get; init; }

    /// <summary>The balance as of <see cref="To"/> (every transfer posted at or before it).</summary>
    public required Money ClosingBalance { get; init; }

    /// <summary>The transfers of the period, oldest first, streamed from the store in pages.</summary>
    public required IAsyncEnumerable<Transfer> Transfers { get; init; }
}
