namespace Akinon.Loyalty.AspNetCore;

/// <summary>What a key may do on the channels it grants; combine with <c>|</c> (in configuration, <c>"Read, Write"</c>).</summary>
[Flags]
public enum LoyaltyPermissions
{
    /// <summary>Nothing: the key authenticates but every route answers 403.</summary>
    None = 0,

    /// <summary>The GET routes: accounts and transfers.</summary>
    Read = 1,

    /// <summary>The writes that are not refunds: open or change accounts, transfers, order payments, holds (authorise, capture, void), gift cards.</summary>
    Write = 2,

    /// <summary>The refund routes (<c>refund/</c>, <c>cross-refund/</c>).</summary>
    Refund = 4,

    /// <summary>Every permission.</summary>
    All = Read | Write | Refund,
}
