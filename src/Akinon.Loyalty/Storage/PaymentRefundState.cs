namespace Akinon.Loyalty.Storage;

/// <summary>How much of an order payment has been refunded, in minor units.</summary>
/// <param name="Paid">What the payment moved to the Sale account.</param>
/// <param name="Refunded">What refunds have given back so far.</param>
public readonly record struct PaymentRefundState(long Paid, long Refunded);
