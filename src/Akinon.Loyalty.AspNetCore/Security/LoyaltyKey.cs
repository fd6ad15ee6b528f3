namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// One API key, as configuration holds it: the SHA-256 of the key (never the key itself), the channels it
/// grants and what it may do there. Its name is its entry's name in <see cref="LoyaltyKeyOptions.Keys"/>.
/// </summary>
public sealed class LoyaltyKey
{
    /// <summary>The SHA-256 of the key's UTF-8 text, 64 hexadecimal digits (<see cref="LoyaltyKeys.Hash"/> computes it).</summary>
    public string? Hash { get; set; }

    /// <summary>The channel entry that grants every channel, served or not (an operator's key); a channel id never is <c>*</c>.</summary>
    public const string EveryChannel = "*";

    /// <summary>The commerce channels the key grants (or <see cref="EveryChannel"/>); a request to any other channel is 403.</summary>
    public IList<string> Channels { get; } = [];

    /// <summary>What the key may do on its channels; <see cref="LoyaltyPermissions.Read"/> by default.</summary>
    public LoyaltyPermissions Permissions { get; set; } = LoyaltyPermissions.Read;
}
