namespace Akinon.Loyalty;

/// <summary>A request to void an order's hold (see <see cref="ILoyaltyLedger.VoidOrderAsync(VoidOrderRequest, CancellationToken)"/>).</summary>
public sealed record VoidOrderRequest : LedgerRequest
{
    /// <summary>The order number whose hold to void.</summary>
    public required string OrderNumber { get; init; }
}
