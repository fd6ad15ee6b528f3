using System.Security.Cryptography;
using System.Text;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Makes API keys and the hashes configuration keeps of them.</summary>
public static class LoyaltyKeys
{
    /// <summary>The authentication scheme, and the word before the key in <c>Authorization: Token &lt;key&gt;</c>.</summary>
    public const string Scheme = "Token";

    /// <summary>A new random key: 32 bytes from the system's cryptographic generator, as 64 hexadecimal digits. Thread-safe.</summary>
    /// <returns>The key; store only its <see cref="Hash"/>.</returns>
    public static string Generate() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    /// <summary>The SHA-256 of a key's UTF-8 text in lowercase hexadecimal, the form <see cref="LoyaltyKey.Hash"/> takes. Thread-safe.</summary>
    /// <param name="key">The key.</param>
    /// <returns>64 hexadecimal digits.</returns>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    public static string Hash(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToLowerInvariant();
    }
}
