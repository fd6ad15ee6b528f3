namespace Akinon.Loyalty;

/// <summary>
/// A refund of an order paid by other means, given as store credit: the Refund system account pays the
/// order owner. The host supplies owner, currency and amount; the caller key makes retries safe.
/// </summary>
public sealed record RefundToLoyaltyRequest : LedgerRequest
{
    /// <summary>The order number.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>The order id, when known.</summary>
    public long? OrderId { get; init; }

    /// <summary>The order owner, who receives the credit.</summary>
    public required long UserId { get; init; }

    /// <summary>The owner's email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>The credit; greater than zero.</summary>
    public required Money Amount { get; init; }

    /// <summary>An invoice number: when given, the credit lands on an account numbered with it (created if missing).</summary>
    public string? InvoiceNumber { get; init; }

    /// <summary>
    /// When the credit expires: it then lands on a new customer account of the owner of its own, which expires at that
    /// instant (later than now, else <see cref="LoyaltyErrorCode.InvalidArgument"/>), never on an existing account;
    /// not with <see cref="InvoiceNumber"/> (<see cref="LoyaltyErrorCode.InvalidArgument"/>). Never when absent.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// The caller's key for this refund, in the ledger's one key namespace: it identifies the whole request, order number
    /// included, so a retry replays and the same key with another order or amount is <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.
    /// </summary>
    public required string IdempotencyKey { get; init; }
}
