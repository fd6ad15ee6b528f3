using System.Security.Cryptography;

namespace Akinon.Loyalty.Internal;

/// <summary>
/// Random (version 4) UUIDs from a per-thread buffer of cryptographic random bytes. Filling 4 KiB at a time
/// makes one system call per 256 UUIDs instead of one per UUID, which on some kernels costs most of a write.
/// </summary>
internal static class Uuids
{
    private const int BufferSize = 4096;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_offset;

    public static Guid NewV4()
    {
        var buffer = t_buffer;
        if (buffer is null || t_offset == BufferSize)
        {
            buffer = t_buffer ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(buffer);
            t_offset = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        buffer.AsSpan(t_offset, 16).CopyTo(bytes);

        // Consumed bytes are wiped, so no UUID can be read back from the buffer later.
        buffer.AsSpan(t_offset, 16).Clear();
        t_offset += 16;

        // RFC 9562: version 4 in the high nibble of octet 6, variant 10 in the top bits of octet 8.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
