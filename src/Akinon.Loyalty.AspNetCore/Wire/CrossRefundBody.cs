using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The body of <c>POST loyalty-transactions/cross-refund/</c>.</summary>
public sealed record CrossRefundBody
{
    /// <summary>The order number the loyalty payment was made for. Required.</summary>
    [JsonPropertyName("order_number")]
    public string? OrderNumber { get; init; }

    /// <summary>The amount to give back, greater than zero, in the payment's currency. Required.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public string? Amount { get; init; }

    /// <summary>An invoice number: the money lands on an account numbered with it for the order owner.</summary>
    [JsonPropertyName("invoice_number")]
    public string? InvoiceNumber { get; init; }

    /// <summary>Turns the body into a ledger request.</summary>
    /// <param name="paymentCurrency">
    /// The payment's currency (<see cref="ILoyaltyLedger.GetTransactionAsync"/>, <see cref="ILoyaltyLedger.GetOrderPaymentAsync"/>):
    /// the amount may have no more decimals than it. <see langword="null"/> when no such payment exists; then only
    /// the amount's form is checked and the ledger reports the missing payment.
    /// </param>
    /// <param name="idempotencyKey">The request's <c>Idempotency-Key</c>, if any (the invoice number is the key when given).</param>
    /// <returns>The request.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> (a field missing), <see cref="LoyaltyErrorCode.InvalidAmount"/>.</exception>
    public CrossRefundRequest ToRequest(Currency? paymentCurrency, string? idempotencyKey = null)
        => new()
        {
            OrderNumber = WireValues.Required(OrderNumber, "order_number"),
            Amount = WireValues.Amount(Amount, paymentCurrency, "amount"),
            InvoiceNumber = InvoiceNumber,
            IdempotencyKey = idempotencyKey,
        };
}
