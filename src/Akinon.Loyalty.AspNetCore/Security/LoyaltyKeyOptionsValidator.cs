using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Every key has a name (an audit trail actor), a SHA-256 hash in hexadecimal (never the key itself) and at least one channel.</summary>
internal sealed class LoyaltyKeyOptionsValidator : IValidateOptions<LoyaltyKeyOptions>
{
    public static readonly LoyaltyKeyOptionsValidator Instance = new();

    public static bool IsHash(string? hash) => hash is { Length: 64 } && hash.All(Uri.IsHexDigit);

    public ValidateOptionsResult Validate(string? name, LoyaltyKeyOptions options)
    {
        var failures = new List<string>();
        if (options.BindingFailure is { } failure)
        {
            failures.Add("The loyalty keys in configuration do not bind: " + failure);
        }

        foreach (var keyName in options.UnboundKeys)
        {
            failures.Add($"Loyalty key '{keyName}' does not bind (is Permissions one of None, Read, Write, Refund, All, or a list of them?).");
        }

        foreach (var (keyName, key) in options.Keys)
        {
            Check(keyName, key, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds what is wrong with one entry to <paramref name="failures"/>; returns whether the entry is valid.</summary>
    public static bool Check(string keyName, LoyaltyKey? key, List<string> failures)
    {
        var before = failures.Count;
        if (string.IsNullOrWhiteSpace(keyName))
        {
            failures.Add("Every loyalty key needs a name.");
        }
        else if (!LoyaltyAudit.IsActor(keyName))
        {
            // The name is the actor of every transaction the key posts.
            failures.Add($"Loyalty key names are at most {LedgerRequest.MaxActorLength} characters, without control characters.");
        }

        if (key is null)
        {
            failures.Add($"Loyalty key '{keyName}' is empty.");
            return false;
        }

        if (!IsHash(key.Hash))
        {
            failures.Add($"Loyalty key '{keyName}' needs Hash: the SHA-256 of the key as 64 hexadecimal digits (LoyaltyKeys.Hash), never the key itself.");
        }

        if (key.Channels.Count == 0 || key.Channels.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"Loyalty key '{keyName}' needs at least one channel in Channels, none blank.");
        }

        return failures.Count == before;
    }
}
