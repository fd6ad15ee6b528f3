namespace Akinon.Loyalty;

/// <summary>A request to capture an order's hold (see <see cref="ILoyaltyLedger.CaptureOrderAsync(CaptureOrderRequest, CancellationToken)"/>).</summary>
public sealed record CaptureOrderRequest : LedgerRequest
{
    /// <summary>The order number whose hold to capture.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>What to capture, in major units of the hold's currency; everything held when <see langword="null"/>.</summary>
    public decimal? Amount { get; init; }
}
