using System.Security.Cryptography;

namespace Akinon.Loyalty;

/// <summary>Random gift card codes from an alphabet without look-alike characters (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).</summary>
public static class GiftCardCode
{
    /// <summary>The characters codes are made of.</summary>
    public const string Alphabet = "34679ACDEFGHJKMNPQRTUVWXY";

    /// <summary>The length of a generated code: 16 characters of a 25-letter alphabet, about 74 bits.</summary>
    public const int DefaultLength = 16;

    /// <summary>Makes a new random code with a cryptographic random source.</summary>
    /// <param name="length">The length, at least <see cref="DefaultLength"/>.</param>
    /// <returns>The code.</returns>
    public static string New(int length = DefaultLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, DefaultLength);
        return RandomNumberGenerator.GetString(Alphabet, length);
    }
}
