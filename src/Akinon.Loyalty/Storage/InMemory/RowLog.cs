namespace Akinon.Loyalty.Storage;

/// <summary>
/// An append-only list of rows kept in fixed-size chunks below the large-object threshold. Unlike a
/// <see cref="List{T}"/>, growing never copies what is stored nor allocates one ever-larger array on the
/// large-object heap, so a long history costs the garbage collector nothing when it grows.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
/// <remarks>Not thread-safe; the in-memory store uses it under its lock.</remarks>
internal sealed class RowLog<T>
    where T : struct
{
    private const int Shift = 8;
    private const int ChunkSize = 1 << Shift;
    private const int Mask = ChunkSize - 1;

    private readonly List<T[]> _chunks = [];

    /// <summary>How many rows are stored.</summary>
    public int Count { get; private set; }

    /// <summary>The row at an index, by reference.</summary>
    /// <param name="index">The index, 0 to <see cref="Count"/> − 1.</param>
    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return ref _chunks[index >> Shift][index & Mask];
        }
    }

    /// <summary>Appends a row.</summary>
    /// <param name="row">The row.</param>
    public void Add(in T row)
    {
        if ((Count & Mask) == 0)
        {
            _chunks.Add(new T[ChunkSize]);
        }

        _chunks[Count >> Shift][Count & Mask] = row;
        Count++;
    }
}
