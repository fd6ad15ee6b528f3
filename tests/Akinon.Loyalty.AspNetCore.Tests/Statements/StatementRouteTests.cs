using System.Net.Http.Headers;
using System.Text.Json;

namespace Akinon.Loyalty.AspNetCore.Tests.Statements;

/// <summary>
/// The statement extension route (<c>loyalty_account/{pk}/statement/</c>) over HTTP, JSON and CSV, and
/// <c>balance_after</c> on transfer objects.
/// </summary>
public sealed class StatementRouteTests : ServerTest
{
    private long _alice;
    private long _bob;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _alice = await OpenAsync(100, "100.00", number: "ALICE");
        _bob = await OpenAsync(200, "0", number: "BOB");
        Server.At("2023-10-24T10:00:00.000000Z");
        await TransferAsync(_alice, _bob, "30.00");
        Server.At("2023-10-25T10:00:00.000000Z");
        await PayAsync("ORD,\\\"7\\\"", 100, "50.00");
        Server.At("2023-10-26T10:00:00.000000Z");
        await TransferAsync(_alice, _bob, "1.50");
    }

    private async Task TransferAsync(long source, long destination, string amount)
    {
        using var response = await Server.PostAsync("1", $"loyalty_account/{source}/create_transfer/", $$"""{"source_account": {{source}}, "destination_account": {{destination}}, "amount": "{{amount}}"}""");
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> StatementAsync(long pk, string query, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, LoyaltyServer.Path("1", $"loyalty_account/{pk}/statement/{query}"));
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return Server.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_statement_is_the_opening_balance_the_periods_transfers_with_balance_after_and_the_closing_balance()
    {
        using var response = await StatementAsync(_alice, "?from=2023-10-23T00:00:00Z&to=2023-10-25T10:00:00Z");
        var statement = await Expect.Json(response, HttpStatusCode.OK);

        Expect.Fields(statement, "account", "number", "currency", "from", "to", "opening_balance", "closing_balance", "transfers");
        statement.Long("account").Should().Be(_alice);
        statement.Str("number").Should().Be("ALICE");
        statement.Str("currency").Should().Be("eur");
        statement.Str("from").Should().Be("2023-10-23T00:00:00.000000Z");
        statement.Str("to").Should().Be("2023-10-25T10:00:00.000000Z");
        statement.Str("opening_balance").Should().Be("100.00", "the opening balance was posted at the period's start, which is exclusive");
        var transfers = statement.GetProperty("transfers").EnumerateArray().ToArray();
        transfers.Select(t => (t.Str("amount"), t.Str("balance_after"))).Should().Equal(("-30.00", "70.00"), ("-50.00", "20.00"));
        transfers[1].GetProperty("transaction").GetProperty("order").GetString().Should().Be("ORD,\"7\"");
        statement.Str("closing_balance").Should().Be("20.00", "the payment at the period's end is in it");

        using var all = await StatementAsync(_alice, "");
        var whole = await Expect.Json(all, HttpStatusCode.OK);
        whole.Str("to").Should().Be("2023-10-26T10:00:00.000000Z", "without an end the statement runs to the server's clock");
        whole.Str("opening_balance").Should().Be("0.00");
        whole.GetProperty("transfers").GetArrayLength().Should().Be(4);
        whole.Str("closing_balance").Should().Be("18.50");
    }

    [Fact]
    public async Task With_accept_text_csv_the_statement_is_rfc_4180_csv_with_two_decimal_amounts()
    {
        using var response = await StatementAsync(_alice, "?from=2023-10-23T00:00:00Z", "text/csv");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Headers.GetValues("Loyalty-Opening-Balance").Should().Equal("100.00");
        response.Headers.GetValues("Loyalty-Closing-Balance").Should().Equal("18.50");
        text.Should().EndWith("\r\n").And.NotContain("\n\n");
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("id,created_date,transaction,transaction_type,order_number,amount,balance_after,currency");
        lines.Should().HaveCount(4, "a header line and one line per transfer");
        lines[1].Should().MatchRegex(@"^\d+,2023-10-24T10:00:00\.000000Z,[0-9a-f-]{36},transfer,,-30\.00,70\.00,eur$");
        lines[2].Should().MatchRegex(@"^\d+,2023-10-25T10:00:00\.000000Z,[0-9a-f-]{36},order_payment,""ORD,""""7"""""",-50\.00,20\.00,eur$", "a field with a comma or a quote is quoted, its quotes doubled");
        lines[3].Should().EndWith(",-1.50,18.50,eur");

        using var preferJson = await StatementAsync(_alice, "", "application/json, text/csv;q=0.5");
        await Expect.Json(preferJson, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Transfer_objects_carry_balance_after_on_customer_accounts_and_omit_it_on_system_accounts()
    {
        using var response = await Server.GetAsync("1", "loyalty_transfer/?limit=100");
        var page = await Expect.Json(response, HttpStatusCode.OK);
        var transfers = page.GetProperty("results").EnumerateArray().ToArray();
        var customers = new[] { _alice, _bob };
        transfers.Where(t => customers.Contains(t.Long("account"))).Should().OnlyContain(t => Expect.TwoDecimalAmount().IsMatch(t.Str("balance_after")));
        transfers.Where(t => !customers.Contains(t.Long("account"))).Should().NotBeEmpty().And.OnlyContain(t => !t.EnumerateObject().Any(p => p.Name == "balance_after"));
        transfers.First(t => t.Long("account") == _bob).Str("balance_after").Should().Be("31.50", "the newest transfer of Bob's account");
    }

    [Theory]
    [InlineData("?from=yesterday", "invalid_argument")]
    [InlineData("?to=2023-13-01", "invalid_argument")]
    [InlineData("?from=2023-10-25T00:00:00Z&to=2023-10-24T00:00:00Z", "invalid_argument")]
    [InlineData("?from=2023-10-25&from=2023-10-26", "invalid_argument")]
    public async Task Bad_dates_are_a_400_problem_and_change_nothing(string query, string code)
    {
        var before = await Server.SnapshotAsync();
        using var response = await StatementAsync(_alice, query);
        await Expect.Problem(response, HttpStatusCode.BadRequest, code);
        using var csv = await StatementAsync(_alice, query, "text/csv");
        await Expect.Problem(csv, HttpStatusCode.BadRequest, code);
        (await Server.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task An_unknown_account_is_a_404_problem_and_a_bad_pk_a_400()
    {
        using var unknown = await StatementAsync(_alice + 1000, "");
        await Expect.Problem(unknown, HttpStatusCode.NotFound, "account_not_found");
        using var bad = await Server.GetAsync("1", "loyalty_account/abc/statement/");
        await Expect.Problem(bad, HttpStatusCode.BadRequest, "invalid_argument");
    }
}
