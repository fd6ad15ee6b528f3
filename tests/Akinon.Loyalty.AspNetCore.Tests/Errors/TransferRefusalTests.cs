namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

public sealed class TransferRefusalTests : RefusalTest
{
    private Task<System.Text.Json.JsonElement> RefusedTransfer(long pk, string body, HttpStatusCode status, string code)
        => RefusedPost($"loyalty_account/{pk}/create_transfer/", body, status, code);

    [Fact]
    public async Task A_transfer_that_does_not_involve_the_path_account_is_refused()
        => await RefusedTransfer(Bob, $$"""{"amount": "1", "source_account": {{Alice}}, "destination_account": {{AliceSecond}}}""", HttpStatusCode.BadRequest, "invalid_argument");

    [Fact]
    public async Task A_transfer_from_an_unknown_account_is_not_found()
        => await RefusedTransfer(Alice, $$"""{"amount": "1", "source_account": 9999, "destination_account": {{Alice}}}""", HttpStatusCode.NotFound, "account_not_found");

    [Fact]
    public async Task A_transfer_to_an_unknown_account_is_not_found()
        => await RefusedTransfer(Alice, $$"""{"amount": "1", "source_account": {{Alice}}, "destination_account": 9999}""", HttpStatusCode.NotFound, "account_not_found");

    [Fact]
    public async Task A_transfer_on_an_unknown_path_account_is_not_found()
        => await RefusedTransfer(9999, $$"""{"amount": "1", "source_account": 9999, "destination_account": {{Alice}}}""", HttpStatusCode.NotFound, "account_not_found");

    [Fact]
    public async Task A_transfer_larger_than_the_balance_is_refused()
    {
        var problem = await RefusedTransfer(Bob, $$"""{"amount": "10.01", "source_account": {{Bob}}, "destination_account": {{Alice}}}""", HttpStatusCode.BadRequest, "insufficient_funds");
        problem.Str("detail").Should().Contain("10.00");
    }

    [Fact]
    public async Task A_transfer_between_currencies_is_refused()
        => await RefusedTransfer(Bob, $$"""{"amount": "1", "source_account": {{Bob}}, "destination_account": {{BobLira}}}""", HttpStatusCode.BadRequest, "currency_mismatch");

    [Fact]
    public async Task A_transfer_to_the_same_account_is_refused()
        => await RefusedTransfer(Bob, $$"""{"amount": "1", "source_account": {{Bob}}, "destination_account": {{Bob}}}""", HttpStatusCode.BadRequest, "same_account");

    [Theory]
    [InlineData("\"0\"", "invalid_amount")]
    [InlineData("0", "invalid_amount")]
    [InlineData("\"-1\"", "invalid_amount")]
    [InlineData("\"1.001\"", "invalid_amount")]
    [InlineData("\"twenty\"", "invalid_amount")]
    [InlineData("\"NaN\"", "invalid_amount")]
    [InlineData("null", "invalid_argument")]
    [InlineData("[1]", "invalid_argument")]
    public async Task A_transfer_with_a_bad_amount_is_refused(string amount, string code)
        => await RefusedTransfer(Bob, $$"""{"amount": {{amount}}, "source_account": {{Bob}}, "destination_account": {{Alice}}}""", HttpStatusCode.BadRequest, code);

    [Theory]
    [InlineData("{\"source_account\": 1, \"destination_account\": 2}")]
    [InlineData("{\"amount\": \"1\", \"destination_account\": 2}")]
    [InlineData("{\"amount\": \"1\", \"source_account\": \"x\", \"destination_account\": 2}")]
    [InlineData("{\"amount\": \"1\", \"source_account\": 1, \"destination_account\": 2, \"note\": \"hi\"}")]
    public async Task A_transfer_with_a_bad_body_is_refused(string body)
        => await RefusedTransfer(Bob, body, HttpStatusCode.BadRequest, "invalid_argument");

    [Theory]
    [InlineData("account=abc", "invalid_argument")]
    [InlineData("user=1.5", "invalid_argument")]
    [InlineData("limit=5000", "invalid_argument")]
    [InlineData("page=0", "invalid_argument")]
    [InlineData("currency=euro", "invalid_currency")]
    public async Task Listing_transfers_with_a_bad_query_is_refused(string query, string code)
        => await Refused(() => Server.GetAsync("1", $"loyalty_transfer/?{query}"), HttpStatusCode.BadRequest, code);
}
