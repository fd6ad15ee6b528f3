namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

public sealed class GiftCardRefusalTests : RefusalTest
{
    [Theory]
    [InlineData("{\"currency\": \"eur\"}", "invalid_argument")]
    [InlineData("{\"amount\": \"10\"}", "invalid_argument")]
    [InlineData("{\"amount\": \"0\", \"currency\": \"eur\"}", "invalid_amount")]
    [InlineData("{\"amount\": \"-10\", \"currency\": \"eur\"}", "invalid_amount")]
    [InlineData("{\"amount\": \"10.5\", \"currency\": \"jpy\"}", "invalid_amount")]
    [InlineData("{\"amount\": \"10\", \"currency\": \"zzz\"}", "invalid_currency")]
    [InlineData("{\"amount\": \"10\", \"currency\": \"eur\", \"code\": 5}", "invalid_argument")]
    [InlineData("{\"amount\": \"10\", \"currency\": \"eur\", \"code\": \"\"}", "invalid_argument")]
    [InlineData("{\"amount\": \"10\", \"currency\": \"eur\", \"balance\": \"5\"}", "invalid_argument")]
    public async Task A_gift_card_with_a_bad_body_is_refused(string body, string code)
        => await RefusedPost("loyalty_gift_card/", body, HttpStatusCode.BadRequest, code);

    [Fact]
    public async Task A_gift_card_code_reused_for_another_value_is_a_conflict()
    {
        using (var first = await Server.PostAsync("1", "loyalty_gift_card/", """{"amount": "10", "currency": "eur", "code": "GIFT-1"}"""))
        {
            first.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await RefusedPost("loyalty_gift_card/", """{"amount": "20", "currency": "eur", "code": "GIFT-1"}""", HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task A_gift_card_code_naming_a_customer_account_is_refused()
    {
        await OpenAsync(100, "0", number: "TAKEN");
        await RefusedPost("loyalty_gift_card/", """{"amount": "20", "currency": "eur", "code": "TAKEN"}""", HttpStatusCode.BadRequest, "duplicate_account_number");
    }

    [Fact]
    public async Task An_idempotency_key_without_a_code_is_refused_rather_than_risking_two_cards()
    {
        var problem = await RefusedPost("loyalty_gift_card/", """{"amount": "20", "currency": "eur"}""", HttpStatusCode.BadRequest, "invalid_argument", key: "card-1");
        problem.Str("detail").Should().Contain("code");
    }
}
