namespace Akinon.Loyalty;

/// <summary>
/// A request to pay (part of) an order with the user's loyalty money. One payment per order number: a
/// retry with the same request returns the first payment; a different request for the same order is an
/// <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.
/// </summary>
public sealed record OrderPaymentRequest : LedgerRequest
{
    /// <summary>The order number (the payment's natural idempotency key).</summary>
    public required string OrderNumber { get; init; }

    /// <summary>The order's id in the host's commerce system, when known.</summary>
    public long? OrderId { get; init; }

    /// <summary>The order owner, whose accounts pay.</summary>
    public required long UserId { get; init; }

    /// <summary>The owner's email, recorded with the payment.</summary>
    public string? UserEmail { get; init; }

    /// <summary>The order total; its currency selects the accounts that pay.</summary>
    public required Money Amount { get; init; }

    /// <summary>The most loyalty money to use; no cap when <see langword="null"/>.</summary>
    public Money? MaxAmount { get; init; }

    /// <summary>The order to draw accounts in; the ledger's <see cref="LoyaltyOptions.AllocationOrder"/> when <see langword="null"/>.</summary>
    public AllocationOrder? AllocationOrder { get; init; }
}
