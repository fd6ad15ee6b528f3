namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

/// <summary>A problem names the field as the client sent it (<c>user_email</c>), never the ledger's C# member (<c>UserEmail</c>).</summary>
public sealed class FieldNameTests : RefusalTest
{
    private static readonly string LongEmail = new string('e', 300) + "@example.com";

    public static TheoryData<string, string, string, string, string> Refusals => new()
    {
        { "POST", "loyalty_account/", $$"""{"currency": "eur", "user": 9, "user_email": "{{LongEmail}}"}""", "user_email", "UserEmail" },
        { "POST", "loyalty_account/", $$"""{"currency": "eur", "user": 9, "number": "{{new string('n', 200)}}"}""", "number", "Number" },
        { "POST", "loyalty_account/", """{"currency": "eur", "user": 0}""", "user", "UserId" },
        { "PATCH", "loyalty_account/{alice}/", $$"""{"user_email": "{{LongEmail}}"}""", "user_email", "UserEmail" },
        { "POST", "loyalty_account/{alice}/create_transfer/", """{"amount": "0", "source_account": {alice}, "destination_account": {second}}""", "amount", "Amount" },
        { "POST", "loyalty-transactions/refund/", """{"transaction_uuid": "{payment}", "amount": "0"}""", "amount", "Amount" },
        { "POST", "loyalty-transactions/refund/", """{"transaction_uuid": "{payment}", "amount": "1", "invoice_number": ""}""", "invoice_number", "InvoiceNumber" },
        { "POST", "loyalty-transactions/cross-refund/", """{"order_number": "", "amount": "1"}""", "order_number", "orderNumber" },
        { "POST", "loyalty-transactions/cross-refund/", """{"order_number": "ORDER-1", "amount": "1", "invoice_number": " "}""", "invoice_number", "InvoiceNumber" },
        { "POST", "loyalty-transactions/order-payment/", """{"order_number": "", "user": 100, "currency": "eur", "amount": "1"}""", "order_number", "OrderNumber" },
        { "POST", "loyalty-transactions/order-payment/", """{"order_number": "O-9", "user": -4, "currency": "eur", "amount": "1"}""", "user", "UserId" },
        { "POST", "loyalty-transactions/order-payment/", """{"order_number": "O-9", "order": 0, "user": 100, "currency": "eur", "amount": "1"}""", "order", "OrderId" },
        { "POST", "loyalty-transactions/order-payment/", $$"""{"order_number": "O-9", "user": 100, "user_email": "{{LongEmail}}", "currency": "eur", "amount": "1"}""", "user_email", "UserEmail" },
        { "POST", "loyalty_gift_card/", """{"amount": "1", "currency": "eur", "code": " "}""", "code", "Code" },
        { "POST", "loyalty_gift_card/", """{"amount": "0", "currency": "eur"}""", "amount", "Amount" },
        { "POST", "loyalty_gift_card/", $$"""{"amount": "1", "currency": "eur", "user": 3, "user_email": "{{LongEmail}}"}""", "user_email", "UserEmail" },
        { "GET", $"loyalty_account/?user_email={LongEmail}", "", "user_email", "UserEmail" },
        { "GET", $"loyalty_account/?number={new string('n', 200)}", "", "number", "Number" },
        { "GET", $"loyalty_transfer/?order={new string('9', 200)}", "", "order", "OrderNumber" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refusal_names_the_wire_field_not_the_csharp_member(string method, string route, string body, string field, string member)
    {
        route = Fill(route);
        var problem = await Refused(
            () => method == "GET" ? Server.GetAsync("1", route) : Server.SendAsync(new HttpMethod(method), "1", route, Fill(body), null),
            HttpStatusCode.BadRequest,
            body.Contains("\"amount\": \"0\"", StringComparison.Ordinal) ? "invalid_amount" : "invalid_argument");
        var detail = problem.Str("detail");
        detail.Should().Contain($"'{field}'").And.NotContain($"'{member}'");
    }

    private string Fill(string text)
        => text.Replace("{alice}", Alice.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{second}", AliceSecond.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{payment}", PaymentUuid, StringComparison.Ordinal);
}
