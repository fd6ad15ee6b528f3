using System.Runtime.CompilerServices;

namespace Akinon.Loyalty.Storage;

/// <summary>
/// An append-only list of rows kept in fixed-size chunks on the large-object heap. Unlike a <see cref="List{T}"/>,
/// growing never copies what is stored nor allocates one ever-larger array.
/// </summary>
/// <remarks>
/// <para>
/// Each chunk holds at least 4,096 rows and at least 85,000 bytes, so it is allocated on the large-object heap,
/// which the collector marks but never copies. Chunks of 256 rows (under the threshold, as this log once had) were
/// born in gen0 like any small array and copied twice as the ledger kept them (gen0 to gen1 to gen2), every row of
/// every transaction. Two full in-memory runs of the throughput runner each, alternating: collector pauses 1,550–1,840
/// → 840–880 ns per payment, payments 191,000–225,000 → 256,000–295,000 per second, authorise + capture / payment
/// 1.91x–1.94x → 1.58x–1.66x.
/// </para>
/// <para>
/// A short log (a test's ledger, a ledger just opened) does not pay for a large chunk: the first chunk starts at
/// <see cref="FirstCapacity"/> rows and doubles, copying what it holds, until it is a whole chunk; the ones after it
/// are whole from the start. Not thread-safe; the in-memory store uses it under its lock.
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
internal sealed class RowLog<T>
    where T : struct
{
    /// <summary>The rows the first chunk holds when the log is new.</summary>
    public const int FirstCapacity = 256;

    /// <summary>Rows per chunk, a power of two: at least 4,096, and at least what fills 85,000 bytes (the large-object threshold).</summary>
    public static readonly int ChunkSize = ChunkSizeFor(Unsafe.SizeOf<T>());

    private static readonly int Shift = System.Numerics.BitOperations.Log2((uint)ChunkSize);
    private static readonly int Mask = ChunkSize - 1;

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
        var chunk = Count >> Shift;
        var slot = Count & Mask;
        if (chunk == _chunks.Count)
        {
            _chunks.Add(new T[chunk == 0 ? Math.Min(FirstCapacity, ChunkSize) : ChunkSize]);
        }
        else if (chunk == 0 && slot == _chunks[0].Length)
        {
            // The first chunk doubles until it is whole; rows move only while the log is shorter than one chunk.
            var grown = new T[Math.Min(slot * 2, ChunkSize)];
            _chunks[0].AsSpan().CopyTo(grown);
            _chunks[0] = grown;
        }

        _chunks[chunk][slot] = row;
        Count++;
    }

    /// <summary>Rows per chunk for rows of <paramref name="rowBytes"/> bytes (see <see cref="ChunkSize"/>).</summary>
    internal static int ChunkSizeFor(int rowBytes)
    {
        const int LargeObjectBytes = 85_000;
        var rows = 4_096;
        while ((long)rows * rowBytes < LargeObjectBytes)
        {
            rows *= 2;
        }

        return rows;
    }
}
