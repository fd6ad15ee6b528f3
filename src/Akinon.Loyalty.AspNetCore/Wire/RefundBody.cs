using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>The body of <c>POST loyalty-transactions/refund/</c>.</summary>
public sealed record RefundBody
{
    /// <summary>The UUID of the order payment transaction. Required.</summary>
    [JsonPropertyName("transaction_uuid")]
    public string? TransactionUuid { get; init; }

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
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidArgument"/> (a field missing, or not a UUID), <see cref="LoyaltyErrorCode.InvalidAmount"/>.</exception>
    public RefundRequest ToRequest(Currency? paymentCurrency, string? idempotencyKey = null)
        => new()
        {
            TransactionUuid = WireValues.Uuid(TransactionUuid, "transaction_uuid"),
            Amount = WireValues.Amount(Amount, paymentCurrency, "amount"),
            InvoiceNumber = InvoiceNumber,
            IdempotencyKey = idempotencyKey,
        };
}
