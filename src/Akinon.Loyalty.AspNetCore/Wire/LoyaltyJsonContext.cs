using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>Source-generated metadata of every wire type; reached through <see cref="LoyaltyJson"/>.</summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = LoyaltyJson.MaxDepth)]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(PageResponse<AccountResponse>))]
[JsonSerializable(typeof(TransferResponse))]
[JsonSerializable(typeof(PageResponse<TransferResponse>))]
[JsonSerializable(typeof(RefundResponse))]
[JsonSerializable(typeof(PageResponse<RefundResponse>))]
[JsonSerializable(typeof(OrderPaymentResponse))]
[JsonSerializable(typeof(LoyaltyProblem))]
[JsonSerializable(typeof(BalanceResponse))]
[JsonSerializable(typeof(TransactionResponse))]
[JsonSerializable(typeof(PageResponse<TransactionResponse>))]
[JsonSerializable(typeof(CreateAccountBody))]
[JsonSerializable(typeof(UpdateAccountBody))]
[JsonSerializable(typeof(CreateTransferBody))]
[JsonSerializable(typeof(RefundBody))]
[JsonSerializable(typeof(CrossRefundBody))]
[JsonSerializable(typeof(OrderPaymentBody))]
[JsonSerializable(typeof(GiftCardBody))]
[JsonSerializable(typeof(OrderAuthorizationBody))]
[JsonSerializable(typeof(OrderAuthorizationResponse))]
[JsonSerializable(typeof(HoldCaptureBody))]
[JsonSerializable(typeof(HoldVoidBody))]
[JsonSerializable(typeof(HoldSettlementResponse))]
[JsonSerializable(typeof(StatementResponse))]
internal sealed partial class LoyaltyJsonContext : JsonSerializerContext;
