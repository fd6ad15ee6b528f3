namespace Akinon.Loyalty.Storage;

/// <summary>
/// The part of an order payment that a refund draft gives back. The store applies the draft only when the
/// payment exists, exactly <see cref="RefundedBefore"/> of it had been refunded (otherwise
/// <see cref="LoyaltyErrorCode.ConcurrencyConflict"/>), and the new total stays within what was paid
/// (otherwise <see cref="LoyaltyErrorCode.RefundExceedsPayment"/>).
/// </summary>
/// <param name="PaymentUuid">The order payment transaction.</param>
/// <param name="RefundedBefore">The refunded total, in minor units, the draft was computed from.</param>
/// <param name="Amount">The amount refunded now, in minor units.</param>
public readonly record struct RefundClaim(Guid PaymentUuid, long RefundedBefore, long Amount);
