using System.Text.Json;

namespace Akinon.Loyalty.AspNetCore.Tests.Seed;

/// <summary>The routes the issue adds to the seed: order payments and gift cards, and account creation defaults.</summary>
public sealed class OrderPaymentAndGiftCardTests : ServerTest
{
    [Fact]
    public async Task An_order_payment_draws_oldest_accounts_first_and_reports_what_remains()
    {
        var oldest = await OpenAsync(414185, "10.00", currency: "try", number: "OLD");
        var newer = await OpenAsync(414185, "50.00", currency: "try", number: "NEW");
        await OpenAsync(414185, "99.00", currency: "eur");

        using var response = await Server.PostAsync("1", "loyalty-transactions/order-payment/", """
            {
                "order_number": "2428483542614519",
                "order": 189,
                "user": 414185,
                "user_email": "john.doe@akinon.com",
                "currency": "TRY",
                "amount": 138.4,
                "max_amount": "30"
            }
            """);

        var payment = await Expect.Json(response, HttpStatusCode.Created);
        Expect.Fields(payment, "uuid", "order", "reference", "user", "user_email", "currency", "amount", "remaining", "transfers");
        Guid.TryParse(payment.Str("uuid"), out _).Should().BeTrue();
        payment.Long("order").Should().Be(189);
        payment.Str("reference").Should().Be("2428483542614519");
        payment.Long("user").Should().Be(414185);
        payment.Str("user_email").Should().Be("john.doe@akinon.com");
        payment.Str("currency").Should().Be("try");
        payment.Str("amount").Should().Be("30.00");
        payment.Str("remaining").Should().Be("108.40");
        var transfers = payment.GetProperty("transfers").EnumerateArray().ToArray();
        transfers.Should().HaveCount(2);
        Expect.Fields(transfers[0], "account", "number", "amount");
        transfers[0].Long("account").Should().Be(oldest);
        transfers[0].Str("number").Should().Be("OLD");
        transfers[0].Str("amount").Should().Be("10.00");
        transfers[1].Long("account").Should().Be(newer);
        transfers[1].Str("amount").Should().Be("20.00");
        (await AccountAsync(newer)).Str("balance").Should().Be("30.00");
    }

    [Fact]
    public async Task An_order_payment_without_loyalty_money_covers_nothing()
    {
        var payment = await PayAsync("O-0", 5, "20");

        payment.GetProperty("uuid").ValueKind.Should().Be(JsonValueKind.Null);
        payment.GetProperty("order").ValueKind.Should().Be(JsonValueKind.Null);
        payment.Str("amount").Should().Be("0.00");
        payment.Str("remaining").Should().Be("20.00");
        payment.GetProperty("transfers").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_gift_card_is_an_account_funded_from_the_bank()
    {
        Server.At("2023-10-24T10:57:04.761432Z");
        using var response = await Server.PostAsync("1", "loyalty_gift_card/", """{"amount": 25, "currency": "Eur", "user": 414185, "user_email": "john.doe@akinon.com"}""");

        var card = await Expect.Json(response, HttpStatusCode.Created);
        Expect.AccountShape(card);
        card.Str("number").Should().MatchRegex("^[34679ACDEFGHJKMNPQRTUVWXY]{16}$");
        card.Str("balance").Should().Be("25.00");
        card.GetProperty("debit_allowed").GetBoolean().Should().BeFalse();
        card.Long("user").Should().Be(414185);
        card.Str("currency").Should().Be("eur");
        card.Str("created_date").Should().Be("2023-10-24T10:57:04.761432Z");
        response.Headers.Location!.OriginalString.Should().Be($"/api/v1/remote/1/loyalty_account/{card.Long("pk")}/");

        using var bank = await Server.GetAsync("1", "loyalty_account/?number=Bank&currency=eur");
        (await Expect.Json(bank, HttpStatusCode.OK)).GetProperty("results")[0].Str("balance").Should().Be("-25.00");
    }

    [Fact]
    public async Task An_account_opened_with_only_a_user_and_a_currency_gets_a_uuid_number_and_defaults()
    {
        using var response = await Server.PostAsync("1", "loyalty_account/", """{"currency": "JPY", "user": 7, "balance": 1500}""");

        var account = await Expect.Json(response, HttpStatusCode.Created);
        Expect.AccountShape(account);
        Guid.TryParseExact(account.Str("number"), "D", out _).Should().BeTrue();
        account.Str("balance").Should().Be("1500", "yen has no minor units");
        account.Long("user").Should().Be(7);
        account.GetProperty("user_email").ValueKind.Should().Be(JsonValueKind.Null);
        account.GetProperty("debit_allowed").GetBoolean().Should().BeFalse();
        account.Str("currency").Should().Be("jpy");
    }

    [Fact]
    public async Task Patching_debit_rule_and_email_returns_the_whole_account()
    {
        var pk = await OpenAsync(1, "5.00", email: "old@example.com");

        using var response = await Server.PatchAsync("1", $"loyalty_account/{pk}/", """{"debit_allowed": true, "user_email": "new+tag@example.com"}""");

        var account = await Expect.Json(response, HttpStatusCode.OK);
        Expect.AccountShape(account);
        account.GetProperty("debit_allowed").GetBoolean().Should().BeTrue();
        account.Str("user_email").Should().Be("new+tag@example.com");
        account.Str("balance").Should().Be("5.00");
        (await response.Content.ReadAsStringAsync()).Should().Contain("new+tag@example.com", "emails are written without escaping '+'");
    }
}
