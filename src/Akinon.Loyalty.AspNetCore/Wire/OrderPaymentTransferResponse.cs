using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>What one account gave to an order payment: <c>{account, number, amount}</c>.</summary>
public sealed record OrderPaymentTransferResponse
{
    /// <summary>The account id.</summary>
    [JsonPropertyName("account")]
    public required long Account { get; init; }

    /// <summary>The account number.</summary>
    [JsonPropertyName("number")]
    public required string Number { get; init; }

    /// <summary>The amount taken from the account (positive), with the currency's decimals.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Amount { get; init; }

    /// <summary>The allocation of a payment or a hold, in the order the accounts were drawn.</summary>
    internal static OrderPaymentTransferResponse[] From(IReadOnlyList<Allocation> allocations)
    {
        var transfers = new OrderPaymentTransferResponse[allocations.Count];
        for (var i = 0; i < transfers.Length; i++)
        {
            var allocation = allocations[i];
            transfers[i] = new OrderPaymentTransferResponse { Account = allocation.AccountId, Number = allocation.Number, Amount = allocation.Amount.ToAmountString() };
        }

        return transfers;
    }
}
