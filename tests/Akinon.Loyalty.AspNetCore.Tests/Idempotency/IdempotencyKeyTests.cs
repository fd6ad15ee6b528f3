using System.Text.Json;

namespace Akinon.Loyalty.AspNetCore.Tests.Idempotency;

/// <summary>The Idempotency-Key header, and the natural keys (order number, invoice number, gift card code), make retries safe.</summary>
public sealed class IdempotencyKeyTests : ServerTest
{
    [Fact]
    public async Task Opening_an_account_twice_with_the_same_key_opens_one()
    {
        const string body = """{"currency": "eur", "user": 5, "balance": "10"}""";
        using var first = await Server.PostAsync("1", "loyalty_account/", body, "open-5");
        using var second = await Server.PostAsync("1", "loyalty_account/", body, "open-5");

        var one = await Expect.Json(first, HttpStatusCode.Created);
        var two = await Expect.Json(second, HttpStatusCode.Created);
        two.Long("pk").Should().Be(one.Long("pk"));
        two.Str("number").Should().Be(one.Str("number"));
        (await CountAsync("loyalty_account/?user=5")).Should().Be(1);

        using var conflict = await Server.PostAsync("1", "loyalty_account/", """{"currency": "eur", "user": 5, "balance": "11"}""", "open-5");
        await Expect.Problem(conflict, HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task A_transfer_retried_with_the_same_key_moves_money_once()
    {
        var source = await OpenAsync(1, "10.00");
        var destination = await OpenAsync(2, "0");
        string Body(int amount) => $$"""{"amount": {{amount}}, "source_account": {{source}}, "destination_account": {{destination}}}""";
        var body = Body(4);
        for (var i = 0; i < 3; i++)
        {
            using var response = await Server.PostAsync("1", $"loyalty_account/{destination}/create_transfer/", body, "move-1");
            response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        (await AccountAsync(source)).Str("balance").Should().Be("6.00");
        (await AccountAsync(destination)).Str("balance").Should().Be("4.00");

        using var conflict = await Server.PostAsync("1", $"loyalty_account/{destination}/create_transfer/", Body(5), "move-1");
        await Expect.Problem(conflict, HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task A_refund_without_invoice_retried_with_the_same_key_gives_back_once()
    {
        var account = await OpenAsync(1, "10.00");
        var payment = await PayAsync("O-1", 1, "10.00");
        var body = $$"""{"transaction_uuid": "{{payment.Str("uuid")}}", "amount": "3"}""";
        using var first = await Server.PostAsync("1", "loyalty-transactions/refund/", body, "refund-1");
        using var second = await Server.PostAsync("1", "loyalty-transactions/refund/", body, "refund-1");

        var one = await Expect.Json(first, HttpStatusCode.Created);
        var two = await Expect.Json(second, HttpStatusCode.Created);
        two.Str("uuid").Should().Be(one.Str("uuid"));
        (await AccountAsync(account)).Str("balance").Should().Be("3.00");

        using var other = await Server.PostAsync("1", "loyalty-transactions/refund/", body, "refund-2");
        (await Expect.Json(other, HttpStatusCode.Created)).Str("uuid").Should().NotBe(one.Str("uuid"));
        (await AccountAsync(account)).Str("balance").Should().Be("6.00");
    }

    [Fact]
    public async Task An_order_payment_repeated_identically_answers_200_with_the_first_payment()
    {
        await OpenAsync(1, "10.00");
        var first = await PayAsync("O-1", 1, "25.00", order: 3);

        using var again = await Server.PostAsync("1", "loyalty-transactions/order-payment/", """{"order_number": "O-1", "order": 3, "user": 1, "currency": "eur", "amount": "25.00"}""");

        var replay = await Expect.Json(again, HttpStatusCode.OK);
        replay.GetRawText().Should().Be(first.GetRawText());
    }

    [Fact]
    public async Task A_gift_card_issued_twice_with_the_same_code_is_one_card()
    {
        const string body = """{"amount": "25", "currency": "EUR", "code": "GIFT-25", "user": 9}""";
        using var first = await Server.PostAsync("1", "loyalty_gift_card/", body, "card-25");
        using var second = await Server.PostAsync("1", "loyalty_gift_card/", body, "card-25");

        var one = await Expect.Json(first, HttpStatusCode.Created);
        var two = await Expect.Json(second, HttpStatusCode.Created);
        two.GetRawText().Should().Be(one.GetRawText());
        (await CountAsync("loyalty_account/?number=GIFT-25")).Should().Be(1);
    }

    [Fact]
    public async Task A_gift_card_with_a_generated_code_is_issued_once_per_key()
    {
        const string body = """{"amount": "10", "currency": "eur"}""";
        using var first = await Server.PostAsync("1", "loyalty_gift_card/", body, "card-generated");
        using var second = await Server.PostAsync("1", "loyalty_gift_card/", body, "card-generated");
        using var other = await Server.PostAsync("1", "loyalty_gift_card/", """{"amount": "11", "currency": "eur"}""", "card-generated");

        var one = await Expect.Json(first, HttpStatusCode.Created);
        var two = await Expect.Json(second, HttpStatusCode.Created);
        two.GetRawText().Should().Be(one.GetRawText(), "a retry returns the first card");
        other.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await CountAsync("loyalty_account/?currency=eur")).Should().Be(5, "four system accounts (Sale, Bank, Refund, Hold) and one card");
    }

    private async Task<long> CountAsync(string route)
    {
        using var response = await Server.GetAsync("1", route);
        return (await Expect.Json(response, HttpStatusCode.OK)).Long("count");
    }
}
