using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Tests.Storage;

/// <summary>The in-memory store's append-only row log: every row where it was put, in chunks the collector never copies.</summary>
public sealed class RowLogTests
{
    [Fact]
    public void Rows_stay_where_they_were_put_while_the_first_chunk_grows_and_after_it()
    {
        var log = new RowLog<long>();
        var rows = (RowLog<long>.ChunkSize * 2) + 3;
        for (var i = 0; i < rows; i++)
        {
            log.Add(i * 7L);

            // Each growth of the first chunk (256, 512, ... rows) and each new chunk keeps what came before.
            if (i == RowLog<long>.FirstCapacity || i == RowLog<long>.ChunkSize || i == rows - 1)
            {
                for (var j = 0; j <= i; j++)
                {
                    log[j].Should().Be(j * 7L);
                }
            }
        }

        log.Count.Should().Be(rows);
        log[rows - 1] = 1;
        log[rows - 1].Should().Be(1, "a row is reached by reference, so it can be changed in place");
        var outside = () => log[rows];
        outside.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(32, 4_096)]
    [InlineData(16, 8_192)]
    [InlineData(8, 16_384)]
    [InlineData(136, 4_096)]
    public void A_chunk_holds_at_least_4096_rows_and_at_least_the_large_object_threshold(int rowBytes, int expected)
    {
        var rows = RowLog<long>.ChunkSizeFor(rowBytes);

        rows.Should().Be(expected);
        ((long)rows * rowBytes).Should().BeGreaterThanOrEqualTo(85_000);
    }

    [Fact]
    public void Whole_chunks_are_born_in_the_oldest_generation()
    {
        // The large-object heap is collected with gen2 and never compacted by default: a chunk there is never copied.
        var chunk = new long[RowLog<long>.ChunkSize];

        GC.GetGeneration(chunk).Should().Be(GC.MaxGeneration);
    }
}
