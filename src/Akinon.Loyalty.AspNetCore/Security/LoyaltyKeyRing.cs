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
        // Binding never throws (LoyaltySecurityConfiguration), so a reload is judged here, once per new value.
        var value = options.CurrentValue;
        var current = _current;
        if (ReferenceEquals(current.Source, value))
        {
            return current.Entries;
        }

        // Fail closed, per entry: a reload that breaks an entry (a malformed hash, no channel, an unknown permission)
        // drops that key, which then gets 401 like a revoked one; the valid entries stay. A list that does not bind at
        // all accepts no key. The start fails on any of these (LoyaltySecurityConfiguration.StartupCheck).
        var failures = new List<string>();
        if (value.BindingFailure is { } failure)
        {
            failures.Add(failure);
        }

        foreach (var name in value.UnboundKeys)
        {
            failures.Add($"Loyalty key '{name}' does not bind.");
        }

        var entries = new List<Entry>(value.Keys.Count);
        foreach (var (name, key) in value.Keys)
        {
            if (LoyaltyKeyOptionsValidator.Check(name, key, failures))
            {
                entries.Add(new Entry(name, Convert.FromHexString(key.Hash!), new HashSet<string>(key.Channels, StringComparer.Ordinal), key.Permissions));
            }
        }

        if (failures.Count > 0)
        {
            LogInvalidKeys(logger, string.Join(" ", failures));
        }

        var ring = entries.ToArray();
        _current = (value, ring);
        return ring;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Some loyalty API keys are invalid and are not accepted until configuration fixes them: {Reason}")]
    private static partial void LogInvalidKeys(ILogger logger, string reason);
}
