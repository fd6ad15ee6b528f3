namespace Akinon.Loyalty;

/// <summary>Questions about an <see cref="AccountKind"/>.</summary>
public static class AccountKindExtensions
{
    /// <summary>Whether the kind is one of the system accounts (Sale, Bank, Refund, Breakage).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> for Sale, Bank, Refund and Breakage.</returns>
    public static bool IsSystem(this AccountKind kind) => kind is AccountKind.Sale or AccountKind.Bank or AccountKind.Refund or AccountKind.Breakage;
}
