namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

public sealed class AccountRefusalTests : RefusalTest
{
    [Theory]
    [InlineData("{\"currency\": \"eur\", \"user\": 9,", "malformed_json")]
    [InlineData("", "malformed_json")]
    [InlineData("not json", "malformed_json")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9} {}", "malformed_json")]
    [InlineData("[]", "invalid_argument")]
    [InlineData("null", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"colour\": \"red\"}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"currency\": \"try\"}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": \"abc\"}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 1.5}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 99999999999999999999}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 0}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"debit_allowed\": \"yes\"}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"number\": 12}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"number\": \"\"}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": true}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": {\"amount\": 1}}", "invalid_argument")]
    [InlineData("{\"user\": 5}", "invalid_argument")]
    [InlineData("{\"currency\": \"xyz\"}", "invalid_currency")]
    [InlineData("{\"currency\": \"eu\"}", "invalid_currency")]
    [InlineData("{\"currency\": 978}", "invalid_argument")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": \"abc\"}", "invalid_amount")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": \"1e3\"}", "invalid_amount")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": 1e3}", "invalid_amount")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": \"10.001\"}", "invalid_amount")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": \"1,50\"}", "invalid_amount")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": \"\"}", "invalid_amount")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": \"99999999999999999999999\"}", "invalid_amount")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": \"-5.00\"}", "insufficient_funds")]
    [InlineData("{\"currency\": \"eur\", \"user\": 9, \"balance\": \"5\", \"number\": \"Bank\"}", "duplicate_account_number")]
    public async Task Opening_an_account_with_a_bad_body_is_refused(string body, string code)
        => await RefusedPost("loyalty_account/", body, HttpStatusCode.BadRequest, code);

    [Theory]
    [InlineData("{\"currency\": \"eur\"}")]
    [InlineData("{\"currency\": \"eur\", \"balance\": \"10.00\", \"number\": \"ORPHAN\"}")]
    [InlineData("{\"currency\": \"eur\", \"user\": null}")]
    public async Task Opening_a_customer_account_without_its_user_is_refused_naming_the_user_field(string body)
    {
        var problem = await RefusedPost("loyalty_account/", body, HttpStatusCode.BadRequest, "invalid_argument");
        problem.Str("detail").Should().Contain("'user'");
    }

    [Fact]
    public async Task Opening_an_account_with_a_taken_number_is_refused()
    {
        using (var first = await Server.PostAsync("1", "loyalty_account/", """{"currency": "eur", "user": 8, "number": "N-1"}"""))
        {
            first.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var problem = await RefusedPost("loyalty_account/", """{"currency": "eur", "number": "N-1", "user": 9}""", HttpStatusCode.BadRequest, "duplicate_account_number");
        problem.Str("detail").Should().Contain("N-1");
    }

    [Fact]
    public async Task Over_long_strings_are_refused()
    {
        var number = new string('n', 200);
        var email = new string('e', 300) + "@example.com";
        await RefusedPost("loyalty_account/", $$"""{"currency": "eur", "user": 9, "number": "{{number}}"}""", HttpStatusCode.BadRequest, "invalid_argument");
        await RefusedPost("loyalty_account/", $$"""{"currency": "eur", "user": 9, "user_email": "{{email}}"}""", HttpStatusCode.BadRequest, "invalid_argument");
        await RefusedPost("loyalty_account/", $$"""{"currency": "{{new string('e', 5000)}}", "user": 9}""", HttpStatusCode.BadRequest, "invalid_currency");
        await RefusedPost("loyalty_account/", $$"""{"currency": "eur", "user": 9, "balance": "{{new string('1', 5000)}}"}""", HttpStatusCode.BadRequest, "invalid_amount");
    }

    [Fact]
    public async Task A_body_larger_than_64_KiB_is_refused()
        => await RefusedPost("loyalty_account/", $$"""{"currency": "eur", "user": 9, "number": "{{new string('n', 70_000)}}"}""", HttpStatusCode.RequestEntityTooLarge, "request_too_large");

    [Fact]
    public async Task Deeply_nested_json_is_refused()
        => await RefusedPost("loyalty_account/", "{\"user\": 9, \"currency\": " + new string('[', 100) + new string(']', 100) + "}", HttpStatusCode.BadRequest, "malformed_json");

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_as_unsupported()
        => await Refused(() => Server.SendAsync(HttpMethod.Post, "1", "loyalty_account/", "currency=eur", null, "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

    [Fact]
    public async Task A_bad_idempotency_key_header_is_refused()
        => await RefusedPost("loyalty_account/", """{"currency": "eur", "user": 9}""", HttpStatusCode.BadRequest, "invalid_argument", key: new string('k', 200));

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=-1")]
    [InlineData("page=abc")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("user=abc")]
    [InlineData("debit_allowed=maybe")]
    public async Task Listing_accounts_with_a_bad_query_is_refused(string query)
        => await Refused(() => Server.GetAsync("1", $"loyalty_account/?{query}"), HttpStatusCode.BadRequest, "invalid_argument");

    [Fact]
    public async Task Listing_accounts_of_an_unknown_currency_is_refused()
        => await Refused(() => Server.GetAsync("1", "loyalty_account/?currency=zzz"), HttpStatusCode.BadRequest, "invalid_currency");

    [Fact]
    public async Task Reading_an_unknown_account_is_not_found()
        => await Refused(() => Server.GetAsync("1", "loyalty_account/9999/"), HttpStatusCode.NotFound, "account_not_found");

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public async Task Reading_an_account_by_a_path_value_that_is_no_id_is_a_bad_request(string pk)
    {
        var problem = await Refused(() => Server.GetAsync("1", $"loyalty_account/{pk}/"), HttpStatusCode.BadRequest, "invalid_argument");
        problem.Str("detail").Should().Contain("'pk'");
    }

    [Theory]
    [InlineData("{\"number\": \"x\"}")]
    [InlineData("{\"currency\": \"try\"}")]
    [InlineData("{\"user\": 5}")]
    [InlineData("{\"balance\": \"10.00\", \"user\": 100}")]
    [InlineData("{\"user_email\": null}")]
    [InlineData("{\"balance\": null}")]
    [InlineData("{\"pk\": 1}")]
    [InlineData("{\"debit_allowed\": 1}")]
    [InlineData("{\"balance\": ")]
    public async Task Patching_fields_that_cannot_change_or_with_bad_values_is_refused(string body)
    {
        var problem = await Refused(() => Server.PatchAsync("1", $"loyalty_account/{Alice}/", body), HttpStatusCode.BadRequest, body.EndsWith(' ') ? "malformed_json" : "invalid_argument");
        (await AccountAsync(Alice)).Str("balance").Should().Be("15.00");
        problem.Str("detail").Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("{\"balance\": \"abc\"}", "invalid_amount")]
    [InlineData("{\"balance\": \"1.234\"}", "invalid_amount")]
    [InlineData("{\"balance\": \"-1.00\"}", "insufficient_funds")]
    public async Task Patching_a_bad_balance_is_refused(string body, string code)
        => await Refused(() => Server.PatchAsync("1", $"loyalty_account/{Alice}/", body), HttpStatusCode.BadRequest, code);

    [Fact]
    public async Task Patching_an_unknown_account_is_not_found()
        => await Refused(() => Server.PatchAsync("1", "loyalty_account/9999/", """{"balance": "1.00"}"""), HttpStatusCode.NotFound, "account_not_found");

    [Fact]
    public async Task Patching_a_system_account_is_refused()
        => await Refused(() => Server.PatchAsync("1", "loyalty_account/1/", """{"balance": "1000.00"}"""), HttpStatusCode.BadRequest, "operation_not_allowed");
}
