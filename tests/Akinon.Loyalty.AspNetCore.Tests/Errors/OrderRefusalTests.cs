namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

public sealed class OrderRefusalTests : RefusalTest
{
    [Fact]
    public async Task A_refund_of_an_unknown_payment_is_not_found()
        => await RefusedPost("loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{Guid.NewGuid()}}", "amount": "1"}""", HttpStatusCode.NotFound, "payment_not_found");

    [Fact]
    public async Task A_refund_larger_than_the_payment_is_refused()
    {
        var problem = await RefusedPost("loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{PaymentUuid}}", "amount": "30.01"}""", HttpStatusCode.BadRequest, "refund_exceeds_payment");
        problem.Str("detail").Should().Contain("30.00");
    }

    [Theory]
    [InlineData("\"0\"", "invalid_amount")]
    [InlineData("\"-5\"", "invalid_amount")]
    [InlineData("\"1.005\"", "invalid_amount")]
    [InlineData("\"abc\"", "invalid_amount")]
    [InlineData("false", "invalid_argument")]
    public async Task A_refund_with_a_bad_amount_is_refused(string amount, string code)
        => await RefusedPost("loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{PaymentUuid}}", "amount": {{amount}}}""", HttpStatusCode.BadRequest, code);

    [Theory]
    [InlineData("{\"amount\": \"1\"}")]
    [InlineData("{\"transaction_uuid\": \"not-a-uuid\", \"amount\": \"1\"}")]
    [InlineData("{\"transaction_uuid\": 12, \"amount\": \"1\"}")]
    public async Task A_refund_with_a_bad_body_is_refused(string body)
        => await RefusedPost("loyalty-transactions/refund/", body, HttpStatusCode.BadRequest, "invalid_argument");

    [Fact]
    public async Task A_refund_onto_another_users_invoice_account_is_refused()
    {
        await OpenAsync(200, "0", number: "INV-BOB");
        await RefusedPost("loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{PaymentUuid}}", "amount": "1", "invoice_number": "INV-BOB"}""", HttpStatusCode.BadRequest, "duplicate_account_number");
    }

    [Fact]
    public async Task A_refund_replayed_with_another_amount_under_the_same_invoice_is_a_conflict()
    {
        using (var first = await Server.PostAsync("1", "loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{PaymentUuid}}", "amount": "5", "invoice_number": "IN-1"}"""))
        {
            first.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await RefusedPost("loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{PaymentUuid}}", "amount": "6", "invoice_number": "IN-1"}""", HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task A_cross_refund_of_an_order_loyalty_did_not_pay_is_not_found()
        => await RefusedPost("loyalty-transactions/cross-refund/", """{"order_number": "NO-SUCH-ORDER", "amount": "1"}""", HttpStatusCode.NotFound, "payment_not_found");

    [Fact]
    public async Task A_cross_refund_larger_than_the_payment_is_refused()
        => await RefusedPost("loyalty-transactions/cross-refund/", """{"order_number": "ORDER-1", "amount": 31}""", HttpStatusCode.BadRequest, "refund_exceeds_payment");

    [Theory]
    [InlineData("{\"amount\": \"1\"}", "invalid_argument")]
    [InlineData("{\"order_number\": 1, \"amount\": \"1\"}", "invalid_argument")]
    [InlineData("{\"order_number\": \"ORDER-1\"}", "invalid_argument")]
    [InlineData("{\"order_number\": \"ORDER-1\", \"amount\": \"x\"}", "invalid_amount")]
    [InlineData("{\"order_number\": \"ORDER-1\", \"amount\": \"1\", \"invoice_number\": \"\"}", "invalid_argument")]
    public async Task A_cross_refund_with_a_bad_body_is_refused(string body, string code)
        => await RefusedPost("loyalty-transactions/cross-refund/", body, HttpStatusCode.BadRequest, code);

    [Fact]
    public async Task A_second_different_payment_for_the_same_order_is_a_conflict()
        => await RefusedPost("loyalty-transactions/order-payment/", """{"order_number": "ORDER-1", "order": 7, "user": 100, "currency": "eur", "amount": "31.00"}""", HttpStatusCode.Conflict, "idempotency_conflict");

    [Theory]
    [InlineData("{\"user\": 100, \"currency\": \"eur\", \"amount\": \"10\"}", "invalid_argument")]
    [InlineData("{\"order_number\": \"O-2\", \"currency\": \"eur\", \"amount\": \"10\"}", "invalid_argument")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": 100, \"amount\": \"10\"}", "invalid_argument")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": 100, \"currency\": \"eur\"}", "invalid_argument")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": 100, \"currency\": \"xxx\", \"amount\": \"10\"}", "invalid_currency")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"0\"}", "invalid_amount")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10.999\"}", "invalid_amount")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10\", \"max_amount\": \"-1\"}", "invalid_amount")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10\", \"max_amount\": \"x\"}", "invalid_amount")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10\", \"order\": \"seven\"}", "invalid_argument")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": -4, \"currency\": \"eur\", \"amount\": \"10\"}", "invalid_argument")]
    [InlineData("{\"order_number\": \"O-2\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10\", \"coupon\": \"X\"}", "invalid_argument")]
    public async Task An_order_payment_with_a_bad_body_is_refused(string body, string code)
        => await RefusedPost("loyalty-transactions/order-payment/", body, HttpStatusCode.BadRequest, code);

    [Fact]
    public async Task An_order_payment_with_an_over_long_order_number_is_refused()
        => await RefusedPost("loyalty-transactions/order-payment/", $$"""{"order_number": "{{new string('9', 500)}}", "user": 100, "currency": "eur", "amount": "10"}""", HttpStatusCode.BadRequest, "invalid_argument");
}
