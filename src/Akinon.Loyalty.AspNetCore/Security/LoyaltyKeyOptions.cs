namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// The API keys the loyalty endpoints accept in <c>Authorization: Token &lt;key&gt;</c>, by name. Bound from the
/// configuration section <c>Loyalty</c> (<c>Loyalty:Keys:checkout:Hash</c>, <c>Loyalty:Keys:checkout:Channels:0</c>,
/// <c>Loyalty:Keys:checkout:Permissions</c>; as environment variables <c>Loyalty__Keys__checkout__Hash</c>, ...) and
/// re-read when the configuration reloads, so a key is added or revoked without a restart. Validated on start.
/// </summary>
public sealed class LoyaltyKeyOptions
{
    /// <summary>The keys by name; the name is what logs and the audit trail show of the caller.</summary>
    public IDictionary<string, LoyaltyKey> Keys { get; } = new Dictionary<string, LoyaltyKey>(StringComparer.Ordinal);

    /// <summary>Why the configuration did not bind, when it did not (a word for a number, an unknown permission); the validator reports it.</summary>
    internal string? BindingFailure { get; set; }

    /// <summary>The entries configuration names that did not bind (the binder drops such an entry silently); the validator reports them.</summary>
    internal IReadOnlyList<string> UnboundKeys { get; set; } = [];
}
