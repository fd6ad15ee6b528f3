using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>The configured keys, parsed once per configuration version: a reload makes a new ring, so rotation needs no restart.</summary>
internal sealed partial class LoyaltyKeyRing(IOptionsMonitor<LoyaltyKeyOptions> options, ILogger<LoyaltyKeyRing> logger)
{
    private (LoyaltyKeyOptions? Source, Entry[] Entries) _current;

    public sealed record Entry(string Name, byte[] Hash, HashSet<string> Channels, LoyaltyPermissions Permissions);

    /// <summary>The key whose hash matches; every configured hash is compared, in constant time, whichever matches.</summary>
    public Entry? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented);
        SHA256.HashData(bytes, hash);
        Entry? found = null;
        foreach (var entry in Entries())
        {
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, hash) && found is null)
            {
                found = entry;
            }
        }

        return found;
    }

    private Entry[] Entries()
    {
        LoyaltyKeyOptions value;
        try
        {
            value = options.CurrentValue;
        }
        catch (OptionsValidationException e)
        {
            // A reload brought an invalid key list: accept no key rather than guess (fail closed).
            LogInvalidKeys(logger, e.Message);
            return [];
        }

        var current = _current;
        if (ReferenceEquals(current.Source, value))
        {
            return current.Entries;
        }

        var entries = new List<Entry>(value.Keys.Count);
        foreach (var (name, key) in value.Keys)
        {
            if (LoyaltyKeyOptionsValidator.IsHash(key.Hash))
            {
                entries.Add(new Entry(name, Convert.FromHexString(key.Hash!), new HashSet<string>(key.Channels, StringComparer.Ordinal), key.Permissions));
            }
        }

        var ring = entries.ToArray();
        _current = (value, ring);
        return ring;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The loyalty API keys are invalid, so no key is accepted: {Reason}")]
    private static partial void LogInvalidKeys(ILogger logger, string reason);
}
