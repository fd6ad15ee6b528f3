namespace Akinon.Loyalty;

/// <summary>Questions about an <see cref="AccountKind"/>.</summary>
public static class AccountKindExtensions
{
    /// <summary>Whether the kind is one of the system accounts (Sale, Bank, Refund, Hold, Breakage).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> for Sale, Bank, Refund, Hold and Breakage.</returns>
    public static bool IsSystem(this AccountKind kind) => kind is AccountKind.Sale or AccountKind.Bank or AccountKind.Refund or AccountKind.Hold or AccountKind.Breakage;
}
