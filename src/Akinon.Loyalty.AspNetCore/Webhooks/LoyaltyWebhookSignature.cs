using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// Signs and verifies webhook deliveries the way Stripe does: the sender sends the header
/// <c>Loyalty-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>, where the HMAC is keyed with the
/// endpoint's shared secret (its UTF-8 bytes) over <c>"&lt;t&gt;." + body</c>. Signing the timestamp with the body
/// lets a receiver refuse a captured delivery replayed later; the receiver checks the exact bytes it received,
/// before parsing them. All members are pure and thread-safe.
/// </summary>
public static class LoyaltyWebhookSignature
{
    /// <summary>The HTTP header that carries the signature: <c>Loyalty-Signature</c>.</summary>
    public const string HeaderName = "Loyalty-Signature";

    /// <summary>How far a delivery's timestamp may be from the receiver's clock by default: five minutes.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Makes the header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    /// <param name="secret">The endpoint's shared secret.</param>
    /// <param name="timestamp">When the delivery is sent (whole seconds are signed).</param>
    /// <param name="body">The exact bytes of the request body.</param>
    /// <returns>The header value, <c>t=…,v1=…</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is null or empty.</exception>
    public static string Create(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var seconds = timestamp.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"t={seconds},v1={Convert.ToHexString(Compute(secret, seconds, body)).ToLowerInvariant()}");
    }

    /// <summary>
    /// Checks a received delivery: the header is well formed, its timestamp is within <paramref name="tolerance"/> of
    /// <paramref name="now"/>, and one of its <c>v1</c> signatures (a sender rotating secrets may send several) is the
    /// HMAC of the timestamp and <paramref name="body"/> under <paramref name="secret"/>, compared in constant time.
    /// </summary>
    /// <param name="header">The <c>Loyalty-Signature</c> header as received; <see langword="null"/> when absent.</param>
    /// <param name="body">The exact bytes of the received body.</param>
    /// <param name="secret">The endpoint's shared secret.</param>
    /// <param name="now">The receiver's clock (for example <c>TimeProvider.GetUtcNow()</c>).</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>, either way (<see cref="DefaultTolerance"/>).</param>
    /// <returns><see langword="true"/> when the body was signed with the secret within the tolerance; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is negative.</exception>
    public static bool Verify(string? header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        long? seconds = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var name = part.AsSpan(0, equals).Trim();
            var value = part.AsSpan(equals + 1).Trim();
            if (name.SequenceEqual("t"))
            {
                if (seconds is not null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                {
                    return false;
                }

                seconds = t;
            }
            else if (name.SequenceEqual("v1"))
            {
                if (value.Length != 2 * HMACSHA256.HashSizeInBytes || !IsHex(value))
                {
                    return false;
                }

                signatures.Add(Convert.FromHexString(value));
            }

            // Other schemes (v0, a future v2) are ignored, as Stripe's receivers do.
        }

        if (seconds is not { } signedAt || signatures.Count == 0
            || signedAt < DateTimeOffset.MinValue.ToUnixTimeSeconds() || signedAt > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(signedAt)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Compute(secret, signedAt, body);
        var match = false;
        foreach (var signature in signatures)
        {
            match |= CryptographicOperations.FixedTimeEquals(signature, expected);
        }

        return match;
    }

    private static byte[] Compute(string secret, long seconds, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(seconds.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool IsHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
