using System.Net.Http.Json;
using Akinon.Loyalty.AspNetCore.Wire;

namespace Akinon.Loyalty.AspNetCore.Tests.EndToEnd;

/// <summary>A client of one channel as a commerce back end would write it, on the library's wire types and <see cref="LoyaltyJson.Options"/>.</summary>
public sealed class LoyaltyApiClient(HttpClient http, string channel)
{
    private string Base => $"/api/v1/remote/{channel}/";

    public Task<AccountResponse> OpenAccountAsync(CreateAccountBody body, string idempotencyKey)
        => SendAsync<CreateAccountBody, AccountResponse>(HttpMethod.Post, "loyalty_account/", body, HttpStatusCode.Created, idempotencyKey);

    public Task<AccountResponse> IssueGiftCardAsync(GiftCardBody body)
        => SendAsync<GiftCardBody, AccountResponse>(HttpMethod.Post, "loyalty_gift_card/", body, HttpStatusCode.Created);

    public Task<AccountResponse> GetAccountAsync(long pk)
        => GetAsync<AccountResponse>($"loyalty_account/{pk}/");

    public Task<PageResponse<AccountResponse>> ListAccountsAsync(string query)
        => GetAsync<PageResponse<AccountResponse>>($"loyalty_account/?{query}");

    public Task<PageResponse<TransferResponse>> ListTransfersAsync(string query)
        => GetAsync<PageResponse<TransferResponse>>($"loyalty_transfer/?{query}");

    public Task<OrderPaymentResponse> PayOrderAsync(OrderPaymentBody body, HttpStatusCode expected)
        => SendAsync<OrderPaymentBody, OrderPaymentResponse>(HttpMethod.Post, "loyalty-transactions/order-payment/", body, expected);

    public Task<RefundResponse> RefundAsync(RefundBody body, string idempotencyKey)
        => SendAsync<RefundBody, RefundResponse>(HttpMethod.Post, "loyalty-transactions/refund/", body, HttpStatusCode.Created, idempotencyKey);

    public Task<RefundResponse> CrossRefundAsync(CrossRefundBody body)
        => SendAsync<CrossRefundBody, RefundResponse>(HttpMethod.Post, "loyalty-transactions/cross-refund/", body, HttpStatusCode.Created);

    /// <summary>Sends a request that must be refused and returns the problem.</summary>
    public async Task<LoyaltyProblem> RefusedAsync<TBody>(string route, TBody body, HttpStatusCode expected)
    {
        using var response = await SendRawAsync(HttpMethod.Post, route, body, null);
        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be(LoyaltyProblem.ContentType);
        return (await response.Content.ReadFromJsonAsync<LoyaltyProblem>(LoyaltyJson.Options))!;
    }

    private async Task<TResponse> GetAsync<TResponse>(string route)
    {
        using var response = await http.GetAsync(Base + route);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TResponse>(LoyaltyJson.Options))!;
    }

    private async Task<TResponse> SendAsync<TBody, TResponse>(HttpMethod method, string route, TBody body, HttpStatusCode expected, string? idempotencyKey = null)
    {
        using var response = await SendRawAsync(method, route, body, idempotencyKey);
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TResponse>(LoyaltyJson.Options))!;
    }

    private async Task<HttpResponseMessage> SendRawAsync<TBody>(HttpMethod method, string route, TBody body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, Base + route) { Content = JsonContent.Create(body, options: LoyaltyJson.Options) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }
}
