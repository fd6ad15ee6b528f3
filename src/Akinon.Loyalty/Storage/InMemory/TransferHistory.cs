namespace Akinon.Loyalty.Storage;

/// <summary>
/// The indexes of one account's transfer rows, ordered by (time posted, index). The first is held inline and the rest in
/// an array made only once there is a second, so an account with a single transfer (an imported opening) costs the
/// garbage collector no object of its own.
/// </summary>
/// <remarks>A mutable struct: kept as a field of <see cref="AccountState"/> and changed only through it, under the store's lock.</remarks>
internal struct TransferHistory
{
    private int _first;
    private int[]? _rest;

    /// <summary>How many transfers the account has.</summary>
    public int Count { get; private set; }

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

            return position == 0 ? _first : _rest![position - 1];
        }
    }

    /// <summary>Inserts a transfer row at a position, 0 to <see cref="Count"/>; those from it on move one up.</summary>
    /// <param name="position">Where it goes.</param>
    /// <param name="transfer">The transfer row's index.</param>
    public void Insert(int position, int transfer)
    {
        if ((uint)position > (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }

        if (Count == 0)
        {
            _first = transfer;
            Count = 1;
            return;
        }

        // _rest holds positions 1 to Count - 1; it needs room for one more.
        var rest = _rest;
        if (rest is null || rest.Length < Count)
        {
            var grown = new int[Math.Max(4, Count * 2)];
            rest?.AsSpan(0, Count - 1).CopyTo(grown);
            _rest = rest = grown;
        }

        if (position == 0)
        {
            rest.AsSpan(0, Count - 1).CopyTo(rest.AsSpan(1));
            rest[0] = _first;
            _first = transfer;
        }
        else
        {
            rest.AsSpan(position - 1, Count - position).CopyTo(rest.AsSpan(position));
            rest[position - 1] = transfer;
        }

        Count++;
    }
}
