namespace Akinon.Loyalty;

/// <summary>
/// What the shop owes in store credit in one currency at an instant (<see cref="ILoyaltyLedger.GetLiabilityAsync"/>):
/// the balances as of <see cref="AsOf"/> (every transfer posted at or before it) by account kind, what is held for
/// orders not yet captured, what of it expires soon, and the breakage to date. This is the figure a finance team books.
/// </summary>
/// <remarks>
/// Expiry is judged by each account's <see cref="Account.ExpiresAt"/> as it is now (an extension moves an account out
/// of the window). Money held for an order is owed (a void gives it back) but is no longer on an account, so it counts
/// in <see cref="Held"/> and not in the expiry windows.
/// </remarks>
public sealed record LoyaltyLiability
{
    /// <summary>The currency.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The instant, to the microsecond.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>On customer accounts that had not expired at <see cref="AsOf"/>.</summary>
    public required Money Customer { get; init; }

    /// <summary>On gift cards (redeemed or not) that had not expired at <see cref="AsOf"/>.</summary>
    public required Money GiftCard { get; init; }

    /// <summary>On invoice accounts that had not expired at <see cref="AsOf"/>.</summary>
    public required Money Invoice { get; init; }

    /// <summary>Held for authorised orders (the Hold account's balance): owed until captured, given back if voided.</summary>
    public required Money Held { get; init; }

    /// <summary>What the shop owes: <see cref="Customer"/> + <see cref="GiftCard"/> + <see cref="Invoice"/> + <see cref="Held"/>.</summary>
    public Money Outstanding => Customer + GiftCard + Invoice + Held;

    /// <summary>Of the credit on accounts, what expires after <see cref="AsOf"/> and within 30 days of it.</summary>
    public required Money ExpiringWithin30Days { get; init; }

    /// <summary>Of the credit on accounts, what expires after <see cref="AsOf"/> and within 60 days of it (the 30 days included).</summary>
    public required Money ExpiringWithin60Days { get; init; }

    /// <summary>Of the credit on accounts, what expires after <see cref="AsOf"/> and within 90 days of it (the 60 days included).</summary>
    public required Money ExpiringWithin90Days { get; init; }

    /// <summary>Left on accounts that had expired by <see cref="AsOf"/> and that no expiry run had swept yet: never spendable, so not owed; the next run moves it to breakage.</summary>
    public required Money AwaitingExpiry { get; init; }

    /// <summary>Breakage to date: what expiry runs had moved to the Breakage account by <see cref="AsOf"/>.</summary>
    public required Money Breakage { get; init; }
}
