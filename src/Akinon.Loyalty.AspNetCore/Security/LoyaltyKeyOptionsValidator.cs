using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Every key has a name (an audit trail actor), a SHA-256 hash in hexadecimal (never the key itself) and at least one channel.</summary>
internal sealed class LoyaltyKeyOptionsValidator : IValidateOptions<LoyaltyKeyOptions>
{
    public static bool IsHash(string? hash) => hash is { Length: 64 } && hash.All(Uri.IsHexDigit);

    public ValidateOptionsResult Validate(string? name, LoyaltyKeyOptions options)
    {
        var failures = new List<string>();
        foreach (var (keyName, key) in options.Keys)
        {
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
                continue;
            }

            if (!IsHash(key.Hash))
            {
                failures.Add($"Loyalty key '{keyName}' needs Hash: the SHA-256 of the key as 64 hexadecimal digits (LoyaltyKeys.Hash), never the key itself.");
            }

            if (key.Channels.Count == 0 || key.Channels.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"Loyalty key '{keyName}' needs at least one channel in Channels, none blank.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
