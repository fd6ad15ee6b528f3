namespace Akinon.Loyalty;

/// <summary>What an account is for.</summary>
public enum AccountKind
{
    /// <summary>A customer's store-credit account.</summary>
    Customer = 0,

    /// <summary>A gift card: an account numbered with the card's code, funded from <see cref="Bank"/>, assigned to a user when redeemed.</summary>
    GiftCard = 1,

    /// <summary>An account numbered with an invoice number, opened for the order owner by a refund.</summary>
    Invoice = 2,

    /// <summary>The system account that order payments are credited to (<c>SALE_ACCOUNT</c> in Akinon's API). It never goes negative.</summary>
    Sale = 10,

    /// <summary>The system account that gift cards and balance adjustments are funded from (<c>BANK_ACCOUNT</c> in Akinon's API). It may go negative.</summary>
    Bank = 11,

    /// <summary>The system account that refunds of orders paid by other means are funded from (<c>REFUND_ACCOUNT</c> in Akinon's API). It may go negative.</summary>
    Refund = 12,

    /// <summary>The system account that authorised order payments wait in until they are captured (to <see cref="Sale"/>) or voided (back to the payer). It never goes negative; its balance is the sum of the live holds.</summary>
    Hold = 13,

    /// <summary>
    /// The system account that credit left on expired accounts moves to, one per currency, opened by the first
    /// expiry run that has money to move. Only expiry transactions credit it, so it only grows. It never goes negative.
    /// </summary>
    Breakage = 14,
}
