namespace Akinon.Loyalty;

/// <summary>Why a transaction was posted.</summary>
public enum TransactionKind
{
    /// <summary>A manual transfer between two accounts (<c>create_transfer</c> in Akinon's API).</summary>
    Transfer = 0,

    /// <summary>An opening balance or a balance change, against the Bank account.</summary>
    Adjustment = 1,

    /// <summary>Loyalty money paying for an order: the user's accounts to Sale.</summary>
    OrderPayment = 2,

    /// <summary>Loyalty money given back for an order it paid: Sale to the owner.</summary>
    Refund = 3,

    /// <summary>A refund of an order paid by other means, given as store credit: Refund account to the owner.</summary>
    RefundToLoyalty = 4,

    /// <summary>A gift card funded from the Bank account.</summary>
    GiftCardIssue = 5,

    /// <summary>An authorised order payment (a hold): the user's accounts to the Hold account, until captured (an <see cref="OrderPayment"/> from Hold) or voided (<see cref="AuthorizationVoid"/>).</summary>
    Authorization = 6,

    /// <summary>A hold given back in full: the Hold account to the accounts it was drawn from.</summary>
    AuthorizationVoid = 7,

    /// <summary>What was left on an expired account, moved to the currency's Breakage account by an expiry run.</summary>
    Expiry = 8,
}
