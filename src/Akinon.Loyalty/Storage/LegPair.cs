using System.Collections;

namespace Akinon.Loyalty.Storage;

/// <summary>
/// The two legs of a draft that moves one amount from one account to another (a transfer, an opening, an adjustment):
/// one immutable object, where a collection expression makes two (an array and its read-only wrapper).
/// </summary>
/// <param name="from">The first leg.</param>
/// <param name="to">The second leg.</param>
internal sealed class LegPair(LegDraft from, LegDraft to) : IReadOnlyList<LegDraft>
{
    /// <inheritdoc />
    public int Count => 2;

    /// <inheritdoc />
    public LegDraft this[int index] => index switch
    {
        0 => from,
        1 => to,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <inheritdoc />
    public IEnumerator<LegDraft> GetEnumerator()
    {
        yield return from;
        yield return to;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
