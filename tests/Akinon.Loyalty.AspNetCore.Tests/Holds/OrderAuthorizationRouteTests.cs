using System.Text.Json;

namespace Akinon.Loyalty.AspNetCore.Tests.Holds;

/// <summary>
/// The hold extension routes (<c>loyalty-transactions/order-authorization/</c>, <c>capture/</c>, <c>void/</c>) over HTTP:
/// what they move, how they replay and conflict, and that every refusal is a problem that changes nothing.
/// </summary>
public sealed class OrderAuthorizationRouteTests : ServerTest
{
    private const string Authorize = "loyalty-transactions/order-authorization/";
    private const string Capture = "loyalty-transactions/order-authorization/capture/";
    private const string Void = "loyalty-transactions/order-authorization/void/";

    private long _older;
    private long _newer;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _older = await OpenAsync(100, "30.00", number: "OLDER");
        _newer = await OpenAsync(100, "50.00", number: "NEWER");
    }

    private static string AuthorizeBody(string order, string amount = "60.00", string? extra = null)
        => $$"""{"order_number": "{{order}}", "order": 7, "user": 100, "user_email": "a@example.com", "currency": "eur", "amount": "{{amount}}"{{(extra is null ? "" : ", " + extra)}}}""";

    private async Task<JsonElement> AuthorizedAsync(string order, string amount = "60.00", string? extra = null)
    {
        using var response = await Server.PostAsync("1", Authorize, AuthorizeBody(order, amount, extra));
        return await Expect.Json(response, HttpStatusCode.Created);
    }

    private async Task<string> BalanceAsync(long pk) => (await AccountAsync(pk)).Str("balance");

    private async Task<string> SystemBalanceAsync(string number)
    {
        using var response = await Server.GetAsync("1", $"loyalty_account/?number={number}&currency=eur");
        var page = await Expect.Json(response, HttpStatusCode.OK);
        return page.GetProperty("results")[0].Str("balance");
    }

    private async Task<JsonElement> RefusedAsync(string route, string body, HttpStatusCode status, string code)
    {
        var before = await Server.SnapshotAsync();
        using var response = await Server.PostAsync("1", route, body);
        var problem = await Expect.Problem(response, status, code);
        (await Server.SnapshotAsync()).Should().Be(before, "a refused request changes nothing");
        return problem;
    }

    [Fact]
    public async Task An_authorisation_holds_the_money_and_a_partial_capture_gives_the_rest_back_last_drawn_first()
    {
        var hold = await AuthorizedAsync("H-1");

        Expect.Fields(hold, "uuid", "order", "reference", "user", "user_email", "currency", "amount", "remaining", "expires_at", "transfers");
        hold.Str("amount").Should().Be("60.00");
        hold.Str("remaining").Should().Be("0.00");
        hold.Long("order").Should().Be(7);
        hold.Str("reference").Should().Be("H-1");
        hold.Str("user_email").Should().Be("a@example.com");
        hold.Str("expires_at").Should().Be("2023-10-30T00:00:00.000000Z", "the default timeout is 7 days from the server's clock");
        var transfers = hold.GetProperty("transfers").EnumerateArray().ToArray();
        transfers.Select(t => (t.Long("account"), t.Str("amount"))).Should().Equal((_older, "30.00"), (_newer, "30.00"));
        (await BalanceAsync(_older)).Should().Be("0.00");
        (await BalanceAsync(_newer)).Should().Be("20.00");
        (await SystemBalanceAsync("Hold")).Should().Be("60.00");

        using var response = await Server.PostAsync("1", Capture, """{"order_number": "H-1", "amount": "40"}""");
        var capture = await Expect.Json(response, HttpStatusCode.Created);

        Expect.Fields(capture, "uuid", "transaction_type", "authorization", "order", "reference", "currency", "authorized", "captured", "released", "created_date");
        capture.Str("transaction_type").Should().Be("order_payment");
        capture.Str("authorization").Should().Be(hold.Str("uuid"));
        capture.Str("authorized").Should().Be("60.00");
        capture.Str("captured").Should().Be("40.00");
        capture.Str("released").Should().Be("20.00");
        capture.Str("created_date").Should().MatchRegex(Expect.Timestamp());
        (await BalanceAsync(_newer)).Should().Be("40.00", "the 20.00 not captured went back to the account drawn last");
        (await BalanceAsync(_older)).Should().Be("0.00");
        (await SystemBalanceAsync("Hold")).Should().Be("0.00");
        (await SystemBalanceAsync(LoyaltyOptions.DefaultSaleAccountNumber)).Should().Be("40.00");

        // The capture is the order's payment: a refund by its UUID works on it unchanged.
        using var refund = await Server.PostAsync("1", "loyalty-transactions/refund/", $$"""{"transaction_uuid": "{{capture.Str("uuid")}}", "amount": "10"}""");
        (await Expect.Json(refund, HttpStatusCode.Created)).Str("amount").Should().Be("10.00");
        (await BalanceAsync(_newer)).Should().Be("50.00");
    }

    [Fact]
    public async Task A_void_gives_everything_back()
    {
        var hold = await AuthorizedAsync("H-2", "45.50", "\"timeout_seconds\": 900");
        hold.Str("expires_at").Should().Be("2023-10-23T00:15:00.000000Z");

        using var response = await Server.PostAsync("1", Void, """{"order_number": "H-2"}""");
        var voided = await Expect.Json(response, HttpStatusCode.Created);

        voided.Str("transaction_type").Should().Be("authorization_void");
        voided.Str("captured").Should().Be("0.00");
        voided.Str("released").Should().Be("45.50");
        (await BalanceAsync(_older)).Should().Be("30.00");
        (await BalanceAsync(_newer)).Should().Be("50.00");
        (await SystemBalanceAsync("Hold")).Should().Be("0.00");
    }

    [Fact]
    public async Task An_authorisation_with_no_loyalty_money_holds_nothing()
    {
        using var response = await Server.PostAsync("1", Authorize, """{"order_number": "H-0", "user": 999, "currency": "eur", "amount": "20"}""");
        var hold = await Expect.Json(response, HttpStatusCode.Created);

        hold.GetProperty("uuid").ValueKind.Should().Be(JsonValueKind.Null);
        hold.GetProperty("expires_at").ValueKind.Should().Be(JsonValueKind.Null);
        hold.Str("amount").Should().Be("0.00");
        hold.Str("remaining").Should().Be("20.00");
    }

    [Fact]
    public async Task Replays_with_the_same_request_answer_200_with_the_first_result_and_write_nothing()
    {
        var hold = await AuthorizedAsync("H-3");
        using var captured = await Server.PostAsync("1", Capture, """{"order_number": "H-3", "amount": "25.00"}""");
        var capture = await Expect.Json(captured, HttpStatusCode.Created);
        var before = await Server.SnapshotAsync();

        using var holdAgain = await Server.PostAsync("1", Authorize, AuthorizeBody("H-3"));
        (await Expect.Json(holdAgain, HttpStatusCode.OK)).Str("uuid").Should().Be(hold.Str("uuid"));
        using var captureAgain = await Server.PostAsync("1", Capture, """{"order_number": "H-3", "amount": 25}""");
        var replay = await Expect.Json(captureAgain, HttpStatusCode.OK);
        replay.Str("uuid").Should().Be(capture.Str("uuid"));
        replay.Str("captured").Should().Be("25.00");

        (await Server.SnapshotAsync()).Should().Be(before, "a replay writes nothing");
    }

    [Fact]
    public async Task A_void_replays_and_a_capture_after_it_conflicts()
    {
        await AuthorizedAsync("H-4");
        using var voided = await Server.PostAsync("1", Void, """{"order_number": "H-4"}""");
        var first = await Expect.Json(voided, HttpStatusCode.Created);

        using var again = await Server.PostAsync("1", Void, """{"order_number": "H-4"}""");
        (await Expect.Json(again, HttpStatusCode.OK)).Str("uuid").Should().Be(first.Str("uuid"));
        await RefusedAsync(Capture, """{"order_number": "H-4"}""", HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Theory]
    [InlineData(Authorize, "{\"order_number\": \"H-5\", \"order\": 7, \"user\": 100, \"user_email\": \"a@example.com\", \"currency\": \"eur\", \"amount\": \"61.00\"}")]
    [InlineData(Authorize, "{\"order_number\": \"H-5\", \"order\": 7, \"user\": 100, \"user_email\": \"a@example.com\", \"currency\": \"eur\", \"amount\": \"60.00\", \"timeout_seconds\": 60}")]
    [InlineData("loyalty-transactions/order-payment/", "{\"order_number\": \"H-5\", \"order\": 7, \"user\": 100, \"user_email\": \"a@example.com\", \"currency\": \"eur\", \"amount\": \"60.00\"}")]
    [InlineData(Capture, "{\"order_number\": \"H-5\", \"amount\": \"10.00\"}")]
    [InlineData(Capture, "{\"order_number\": \"H-5\"}")]
    [InlineData(Void, "{\"order_number\": \"H-5\"}")]
    public async Task A_different_request_for_a_settled_or_held_order_is_a_409_problem_and_changes_nothing(string route, string body)
    {
        await AuthorizedAsync("H-5");
        using (var captured = await Server.PostAsync("1", Capture, """{"order_number": "H-5", "amount": "20.00"}"""))
        {
            captured.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await RefusedAsync(route, body, HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task An_order_paid_in_one_step_cannot_be_authorised()
    {
        await PayAsync("P-1", 100, "10.00");
        await RefusedAsync(Authorize, AuthorizeBody("P-1", "10.00"), HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Theory]
    [InlineData(Authorize, "{\"user\": 100, \"currency\": \"eur\", \"amount\": \"10\"}", "invalid_argument")]
    [InlineData(Authorize, "{\"order_number\": \"B-1\", \"currency\": \"eur\", \"amount\": \"10\"}", "invalid_argument")]
    [InlineData(Authorize, "{\"order_number\": \"B-1\", \"user\": 100, \"currency\": \"xxx\", \"amount\": \"10\"}", "invalid_currency")]
    [InlineData(Authorize, "{\"order_number\": \"B-1\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"0\"}", "invalid_amount")]
    [InlineData(Authorize, "{\"order_number\": \"B-1\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10.001\"}", "invalid_amount")]
    [InlineData(Authorize, "{\"order_number\": \"B-1\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10\", \"timeout_seconds\": 0}", "invalid_argument")]
    [InlineData(Authorize, "{\"order_number\": \"B-1\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10\", \"timeout_seconds\": -60}", "invalid_argument")]
    [InlineData(Authorize, "{\"order_number\": \"B-1\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10\", \"timeout_seconds\": \"60\"}", "invalid_argument")]
    [InlineData(Authorize, "{\"order_number\": \"B-1\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10\", \"timeout_seconds\": 99999999999}", "invalid_argument")]
    [InlineData(Authorize, "{\"order_number\": \"B-1\", \"user\": 100, \"currency\": \"eur\", \"amount\": \"10\", \"coupon\": \"X\"}", "invalid_argument")]
    [InlineData(Capture, "{\"amount\": \"10\"}", "invalid_argument")]
    [InlineData(Capture, "{\"order_number\": \"HELD\", \"amount\": \"0\"}", "invalid_amount")]
    [InlineData(Capture, "{\"order_number\": \"HELD\", \"amount\": \"-5\"}", "invalid_amount")]
    [InlineData(Capture, "{\"order_number\": \"HELD\", \"amount\": \"5.001\"}", "invalid_amount")]
    [InlineData(Capture, "{\"order_number\": \"HELD\", \"amount\": \"5.000\"}", "invalid_amount")]
    [InlineData(Capture, "{\"order_number\": \"HELD\", \"amount\": \"60.01\"}", "invalid_amount")]
    [InlineData(Capture, "{\"order_number\": \"HELD\", \"amount\": \"ten\"}", "invalid_amount")]
    [InlineData(Capture, "{\"order_number\": \"HELD\", \"amount\": true}", "invalid_argument")]
    [InlineData(Capture, "{\"order_number\": \"HELD\", \"currency\": \"eur\"}", "invalid_argument")]
    [InlineData(Capture, "{\"order_number\": \"\"}", "invalid_argument")]
    [InlineData(Void, "{}", "invalid_argument")]
    [InlineData(Void, "{\"order_number\": 5}", "invalid_argument")]
    [InlineData(Void, "{\"order_number\": \"HELD\", \"amount\": \"5\"}", "invalid_argument")]
    [InlineData(Void, "[]", "invalid_argument")]
    public async Task Bad_input_is_a_400_problem_and_changes_nothing(string route, string body, string code)
    {
        await AuthorizedAsync("HELD");
        var problem = await RefusedAsync(route, body, HttpStatusCode.BadRequest, code);
        problem.Str("detail").Should().NotContain("orderNumber").And.NotContain("'timeout'");
    }

    [Theory]
    [InlineData(Capture)]
    [InlineData(Void)]
    public async Task Settling_an_order_without_a_hold_is_404(string route)
    {
        await PayAsync("PAID", 100, "10.00");
        await RefusedAsync(route, """{"order_number": "NO-SUCH-ORDER"}""", HttpStatusCode.NotFound, "payment_not_found");
        await RefusedAsync(route, """{"order_number": "PAID"}""", HttpStatusCode.NotFound, "payment_not_found");
    }

    [Fact]
    public async Task A_capture_at_the_holds_expiry_is_refused_with_authorization_expired_and_a_void_still_works()
    {
        await AuthorizedAsync("H-6", extra: "\"timeout_seconds\": 60");
        Server.Clock.Advance(TimeSpan.FromSeconds(60));

        var problem = await RefusedAsync(Capture, """{"order_number": "H-6", "amount": "1"}""", HttpStatusCode.UnprocessableEntity, "authorization_expired");
        problem.Str("detail").Should().Contain("H-6");

        using var voided = await Server.PostAsync("1", Void, """{"order_number": "H-6"}""");
        (await Expect.Json(voided, HttpStatusCode.Created)).Str("released").Should().Be("60.00");
        (await BalanceAsync(_older)).Should().Be("30.00");
    }

    [Fact]
    public async Task A_capture_racing_a_void_of_the_same_hold_over_HTTP_exactly_one_wins()
    {
        const int Rounds = 12;
        for (var round = 0; round < Rounds; round++)
        {
            var order = $"RACE-{round}";
            await AuthorizedAsync(order, "10.00");
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            async Task<HttpResponseMessage> Send(string route, string body)
            {
                await start.Task;
                return await Server.PostAsync("1", route, body);
            }

            var requests = new List<Task<HttpResponseMessage>>();
            for (var copy = 0; copy < 3; copy++)
            {
                requests.Add(Send(Capture, $$"""{"order_number": "{{order}}", "amount": "4.00"}"""));
                requests.Add(Send(Void, $$"""{"order_number": "{{order}}"}"""));
            }

            start.SetResult();
            var responses = await Task.WhenAll(requests);
            var answers = new List<(string Route, HttpStatusCode Status, string Body)>();
            for (var i = 0; i < responses.Length; i++)
            {
                answers.Add((i % 2 == 0 ? "capture" : "void", responses[i].StatusCode, await responses[i].Content.ReadAsStringAsync()));
                responses[i].Dispose();
            }

            answers.Count(a => a.Status == HttpStatusCode.Created).Should().Be(1, "exactly one settlement is posted: {0}", string.Join(" | ", answers));
            var winner = answers.Single(a => a.Status == HttpStatusCode.Created).Route;
            answers.Where(a => a.Route == winner).Should().OnlyContain(a => a.Status == HttpStatusCode.Created || a.Status == HttpStatusCode.OK, "copies of the winner replay it");
            answers.Where(a => a.Route != winner).Should().OnlyContain(a => a.Status == HttpStatusCode.Conflict && a.Body.Contains("idempotency_conflict"), "the other settlement conflicts");
            (await SystemBalanceAsync("Hold")).Should().Be("0.00");
        }

        (await SystemBalanceAsync(LoyaltyOptions.DefaultSaleAccountNumber)).Should().Match(s => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture) % 4m == 0m);
        var total = decimal.Parse(await BalanceAsync(_older), System.Globalization.CultureInfo.InvariantCulture)
            + decimal.Parse(await BalanceAsync(_newer), System.Globalization.CultureInfo.InvariantCulture)
            + decimal.Parse(await SystemBalanceAsync(LoyaltyOptions.DefaultSaleAccountNumber), System.Globalization.CultureInfo.InvariantCulture);
        total.Should().Be(80m, "no money was lost or made");
    }
}
