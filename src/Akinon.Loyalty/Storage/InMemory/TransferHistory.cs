namespace Akinon.Loyalty.Storage;

/// <summary>
/// The indexes of one account's transfer rows, ordered by (time posted, index). The first two are held inline and the
/// rest in an array made only once there is a third, so an account with one or two transfers (an imported opening, an
/// opening and a payment) costs the garbage collector no object of its own.
/// </summary>
/// <remarks>A mutable struct: kept as a field of <see cref="AccountState"/> and changed only through it, under the store's lock.</remarks>
internal struct TransferHistory
{
    private const int Inline = 2;

    private int _first;
    private int _second;

    // Positions Inline to Count - 1.
    private int[]? _rest;

    /// <summary>How many transfers the account has.</summary>
    public int Count { get; private set; }

    /// <summary>When the last transfer of the history was posted (UTC ticks), so a later one is appended without reading any row.</summary>
    public long LastPostedTicks { get; private set; }

    /// <summary>The transfer row at a position, 0 to <see cref="Count"/> − 1.</summary>
    /// <param name="position">The position in the history.</param>
    public readonly int this[int position]
    {
        get
        {
            if ((uint)position >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(position));
            }

            return position switch
            {
                0 => _first,
                1 => _second,
                _ => _rest![position - Inline],
            };
        }
    }

    /// <summary>Inserts a transfer row at a position, 0 to <see cref="Count"/>; those from it on move one up.</summary>
    /// <param name="position">Where it goes.</param>
    /// <param name="transfer">The transfer row's index.</param>
    /// <param name="postedTicks">When its transaction was posted (UTC ticks).</param>
    public void Insert(int position, int transfer, long postedTicks)
    {
        if ((uint)position > (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }

        if (position == Count)
        {
            LastPostedTicks = postedTicks;
        }

        if (Count >= Inline)
        {
            // The rest needs room for one more, and moves up by one from the position (or from its start).
            var used = Count - Inline;
            var rest = _rest;
            if (rest is null || rest.Length == used)
            {
                var grown = new int[Math.Max(4, used * 2)];
                rest?.AsSpan(0, used).CopyTo(grown);
                _rest = rest = grown;
            }

            var from = Math.Max(position, Inline) - Inline;
            rest.AsSpan(from, used - from).CopyTo(rest.AsSpan(from + 1));
            if (position < Inline)
            {
                rest[0] = _second;
            }
        }

        switch (position)
        {
            case 0:
                _second = _first;
                _first = transfer;
                break;
            case 1:
                _second = transfer;
                break;
            default:
                _rest![position - Inline] = transfer;
                break;
        }

        Count++;
    }
}
