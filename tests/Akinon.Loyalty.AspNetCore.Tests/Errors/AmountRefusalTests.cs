namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

/// <summary>
/// Every body that carries an amount refuses the same texts, because every one reads it through
/// <see cref="Money.Parse(string, Currency)"/>: control characters anywhere, and more decimals than the
/// currency has, trailing zeros included.
/// </summary>
public sealed class AmountRefusalTests : RefusalTest
{
    public static TheoryData<string> ControlCharacters => new() { "\"1.5\\u0000\"", "\"5\\u0000\\u0000\\u0000\"", "\"\\u00001\"", "\"1\\n\"", "\"1\\u0000.5\"" };

    public static TheoryData<string, string> ExtraDecimals => new() { { "\"1.000\"", "eur" }, { "\"100.0\"", "jpy" }, { "\"1.0000\"", "kwd" }, { "1.000", "eur" } };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task An_amount_with_a_control_character_is_refused_on_every_route(string amount)
    {
        foreach (var (route, body) in RoutesCarrying(amount, "eur"))
        {
            var problem = await RefusedPost(route, body, HttpStatusCode.BadRequest, "invalid_amount");
            problem.Str("detail").Should().Contain("'amount'", "the route {0} names the field", route);
        }

        await Refused(() => Server.PatchAsync("1", $"loyalty_account/{Alice}/", $$"""{"balance": {{amount}}}"""), HttpStatusCode.BadRequest, "invalid_amount");
        await RefusedPost("loyalty_account/", $$"""{"currency": "eur", "user": 9, "balance": {{amount}}}""", HttpStatusCode.BadRequest, "invalid_amount");
    }

    [Theory]
    [MemberData(nameof(ExtraDecimals))]
    public async Task An_amount_with_more_decimals_than_its_currency_is_refused_on_every_route_even_as_zeros(string amount, string currency)
    {
        var account = await OpenAsync(100, "1", currency: currency);
        var payment = await PayAsync("ORDER-" + currency, 100, "1", currency);
        foreach (var (route, body) in RoutesCarrying(amount, currency, account, payment.Str("uuid"), "ORDER-" + currency))
        {
            var problem = await RefusedPost(route, body, HttpStatusCode.BadRequest, "invalid_amount");
            problem.Str("detail").Should().Contain("'amount'", "the route {0} names the field", route);
        }

        await Refused(() => Server.PatchAsync("1", $"loyalty_account/{account}/", $$"""{"balance": {{amount}}}"""), HttpStatusCode.BadRequest, "invalid_amount");
        await RefusedPost("loyalty_account/", $$"""{"currency": "{{currency}}", "user": 9, "balance": {{amount}}}""", HttpStatusCode.BadRequest, "invalid_amount");
        await RefusedPost(
            "loyalty-transactions/order-payment/",
            $$"""{"order_number": "O-MAX", "user": 100, "currency": "{{currency}}", "amount": "1", "max_amount": {{amount}}}""",
            HttpStatusCode.BadRequest,
            "invalid_amount");
    }

    [Fact]
    public async Task An_amount_with_exactly_the_currency_decimals_is_accepted_by_a_refund()
    {
        using var response = await Server.PostAsync("1", "loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{PaymentUuid}}", "amount": "1.00"}""");
        (await Expect.Json(response, HttpStatusCode.Created)).Str("amount").Should().Be("1.00");
    }

    private IEnumerable<(string Route, string Body)> RoutesCarrying(string amount, string currency, long? account = null, string? paymentUuid = null, string? orderNumber = null)
    {
        var source = account ?? Alice;
        yield return ($"loyalty_account/{source}/create_transfer/", $$"""{"amount": {{amount}}, "source_account": {{source}}, "destination_account": {{(account is null ? AliceSecond : Bob)}}}""");
        yield return ("loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{paymentUuid ?? PaymentUuid}}", "amount": {{amount}}}""");
        yield return ("loyalty-transactions/cross-refund/", $$"""{"order_number": "{{orderNumber ?? "ORDER-1"}}", "amount": {{amount}}}""");
        yield return ("loyalty-transactions/order-payment/", $$"""{"order_number": "O-NEW", "user": 100, "currency": "{{currency}}", "amount": {{amount}}}""");
        yield return ("loyalty_gift_card/", $$"""{"currency": "{{currency}}", "amount": {{amount}}}""");
    }
}
