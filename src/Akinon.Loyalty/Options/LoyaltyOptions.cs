namespace Akinon.Loyalty;

/// <summary>
/// Settings of a ledger. <see cref="Enabled"/> is read at every call, so a host that binds it to a
/// reloadable source (a dynamic setting in Akinon's API) switches loyalty money on and off without a restart.
/// </summary>
public sealed class LoyaltyOptions
{
    /// <summary>The default number of the Sale account in Akinon's API (<c>LOYALTY_SALE_ACCOUNT_UUID</c>).</summary>
    public const string DefaultSaleAccountNumber = "71c07edb-d531-49f1-aec6-b26a971104e4";

    /// <summary>The default number of the Bank account in Akinon's API (<c>LOYALTY_BANK_ACCOUNT_UUID</c>).</summary>
    public const string DefaultBankAccountNumber = "Bank";

    /// <summary>The default number of the Refund account in Akinon's API (<c>LOYALTY_REFUND_ACCOUNT_UUID</c>).</summary>
    public const string DefaultRefundAccountNumber = "ae73f88d-0fea-42d6-a695-36217b9b091b";

    /// <summary>The default number of the Hold account (an extension: Akinon has no holds).</summary>
    public const string DefaultHoldAccountNumber = "Hold";

    /// <summary>The default number of the Breakage account, which expired credit moves to.</summary>
    public const string DefaultBreakageAccountNumber = "Breakage";

    /// <summary>Whether loyalty money is on (<c>LOYALTY_MONEY_ENABLED</c> in Akinon's API). When off, new payments, transfers and gift cards are refused with <see cref="LoyaltyErrorCode.LoyaltyDisabled"/>; reads, refunds and replays of keyed requests made before still work. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The number of the Sale account in every currency, reserved (ignoring case) for it; an account number of 1 to 128 printable ASCII characters (<c>LOYALTY_SALE_ACCOUNT_UUID</c>).</summary>
    public string SaleAccountNumber { get; set; } = DefaultSaleAccountNumber;

    /// <summary>The number of the Bank account in every currency, reserved (ignoring case) for it; an account number of 1 to 128 printable ASCII characters (<c>LOYALTY_BANK_ACCOUNT_UUID</c>).</summary>
    public string BankAccountNumber { get; set; } = DefaultBankAccountNumber;

    /// <summary>The number of the Refund account in every currency, reserved (ignoring case) for it; an account number of 1 to 128 printable ASCII characters (<c>LOYALTY_REFUND_ACCOUNT_UUID</c>).</summary>
    public string RefundAccountNumber { get; set; } = DefaultRefundAccountNumber;

    /// <summary>The number of the Hold account in every currency, where authorised order payments wait, reserved (ignoring case) for it; an account number of 1 to 128 printable ASCII characters.</summary>
    public string HoldAccountNumber { get; set; } = DefaultHoldAccountNumber;

    /// <summary>How long an authorisation holds the money when its request names no timeout; capturing it later is refused with <see cref="LoyaltyErrorCode.AuthorizationExpired"/>. Default 7 days; positive.</summary>
    public TimeSpan AuthorizationTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The number of the Breakage account in every currency. Default <see cref="DefaultBreakageAccountNumber"/>; reserved like the others.</summary>
    public string BreakageAccountNumber { get; set; } = DefaultBreakageAccountNumber;

    /// <summary>The order in which order payments draw on a user's accounts. Default <see cref="AllocationOrder.SoonestExpiringFirst"/> (oldest first when nothing expires); required.</summary>
    public AllocationOrder AllocationOrder { get; set; } = AllocationOrder.SoonestExpiringFirst;

    /// <summary>How many times an operation that collided with concurrent writers is prepared again before it gives up with <see cref="LoyaltyErrorCode.ConcurrencyConflict"/>. Default 32.</summary>
    public int MaxConcurrencyRetries { get; set; } = 32;

    /// <summary>Copies every setting onto another instance (a named ledger's options start as the host's); a new setting is added here too.</summary>
    internal void CopyTo(LoyaltyOptions target)
    {
        target.Enabled = Enabled;
        target.SaleAccountNumber = SaleAccountNumber;
        target.BankAccountNumber = BankAccountNumber;
        target.RefundAccountNumber = RefundAccountNumber;
        target.HoldAccountNumber = HoldAccountNumber;
        target.AuthorizationTimeout = AuthorizationTimeout;
        target.BreakageAccountNumber = BreakageAccountNumber;
        target.AllocationOrder = AllocationOrder;
        target.MaxConcurrencyRetries = MaxConcurrencyRetries;
    }
}
