using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The body of <c>POST loyalty-transactions/order-authorization/capture/</c> (an extension route of this library).</summary>
public sealed record HoldCaptureBody
{
    /// <summary>The order number of the hold. Required.</summary>
    [JsonPropertyName("order_number")]
    public string? OrderNumber { get; init; }

    /// <summary>How much of the hold to capture (positive, at most what it holds, in its currency); all of it when absent.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? Amount { get; init; }

    /// <summary>The capture's amount, checked against the hold's currency when it is known.</summary>
    /// <param name="holdCurrency">The hold's currency, or <see langword="null"/> when the order has no hold (then only the amount's form is checked and the ledger reports the missing hold).</param>
    /// <returns>The amount, or <see langword="null"/> for the whole hold.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidAmount"/>.</exception>
    public decimal? ToAmount(Currency? holdCurrency)
        => Amount is null ? null : WireValues.Amount(Amount, holdCurrency, "amount");
}
