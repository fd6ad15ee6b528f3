namespace Akinon.Loyalty.AspNetCore.Tests.Channels;

/// <summary>Each channel is its own ledger: nothing of one is visible or changeable through another.</summary>
public sealed class ChannelIsolationTests : Errors.RefusalTest
{
    public static TheoryData<string, string, string?> EveryRoute => new()
    {
        { "POST", "loyalty_account/", """{"currency": "eur", "user": 9}""" },
        { "GET", "loyalty_account/", null },
        { "GET", "loyalty_account/4/", null },
        { "PATCH", "loyalty_account/4/", """{"balance": "1.00"}""" },
        { "POST", "loyalty_account/4/create_transfer/", """{"amount": "1", "source_account": 4, "destination_account": 5}""" },
        { "GET", "loyalty_transfer/", null },
        { "POST", "loyalty-transactions/refund/", """{"transaction_uuid": "51536d0f-10de-4ba3-98b6-6df05ede5b16", "amount": "1"}""" },
        { "POST", "loyalty-transactions/cross-refund/", """{"order_number": "ORDER-1", "amount": "1"}""" },
        { "POST", "loyalty-transactions/order-payment/", """{"order_number": "O-5", "user": 100, "currency": "eur", "amount": "1"}""" },
        { "POST", "loyalty_gift_card/", """{"amount": "1", "currency": "eur"}""" },
    };

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task Every_route_of_an_unknown_channel_is_not_found(string method, string route, string? body)
    {
        var problem = await Refused(() => Server.SendAsync(new HttpMethod(method), "3", route, body, null), HttpStatusCode.NotFound, "channel_not_found");
        problem.Str("detail").Should().Contain("'3'");
    }

    [Fact]
    public async Task An_account_of_channel_1_is_not_found_through_channel_2()
    {
        await Refused(() => Server.GetAsync("2", $"loyalty_account/{Bob}/"), HttpStatusCode.NotFound, "account_not_found");
        await Refused(() => Server.PatchAsync("2", $"loyalty_account/{Bob}/", """{"balance": "500.00"}"""), HttpStatusCode.NotFound, "account_not_found");
        await Refused(
            () => Server.PostAsync("2", $"loyalty_account/{Bob}/create_transfer/", $$"""{"amount": "1", "source_account": {{Bob}}, "destination_account": {{OtherChannelAccount}}}"""),
            HttpStatusCode.NotFound,
            "account_not_found");
    }

    [Fact]
    public async Task A_payment_of_channel_1_cannot_be_refunded_through_channel_2()
    {
        await RefusedPost("loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{PaymentUuid}}", "amount": "1"}""", HttpStatusCode.NotFound, "payment_not_found", channel: "2");
        await RefusedPost("loyalty-transactions/cross-refund/", """{"order_number": "ORDER-1", "amount": "1"}""", HttpStatusCode.NotFound, "payment_not_found", channel: "2");
    }

    [Fact]
    public async Task Listings_of_a_channel_show_only_its_own_accounts_and_transfers()
    {
        using var accounts = await Server.GetAsync("2", "loyalty_account/?user=100");
        (await Expect.Json(accounts, HttpStatusCode.OK)).Long("count").Should().Be(0);
        using var transfers = await Server.GetAsync("2", "loyalty_transfer/?order=ORDER-1");
        (await Expect.Json(transfers, HttpStatusCode.OK)).Long("count").Should().Be(0);
        using var own = await Server.GetAsync("2", "loyalty_account/?user=300");
        var page = await Expect.Json(own, HttpStatusCode.OK);
        page.Long("count").Should().Be(1);
        page.GetProperty("results")[0].Long("pk").Should().Be(OtherChannelAccount);
    }

    [Fact]
    public async Task The_same_order_number_pays_independently_in_each_channel()
    {
        await OpenAsync(100, "8.00", channel: "2");
        var payment = await PayAsync("ORDER-1", 100, "30.00", order: 7, channel: "2");
        payment.Str("amount").Should().Be("8.00");
        payment.Str("remaining").Should().Be("22.00");
        payment.Str("uuid").Should().NotBe(PaymentUuid);
    }
}
