using System.Text;
using System.Text.Json;
using Akinon.Loyalty.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

/// <summary>Every error under the prefix is an RFC 7807 problem with a code, whatever went wrong and wherever.</summary>
public sealed class RouteErrorTests : RefusalTest
{
    [Theory]
    [InlineData("/api/v1/remote/1/nothing/")]
    [InlineData("/api/v1/remote/1/loyalty_account/5/extra/")]
    [InlineData("/api/v1/remote/1/loyalty-transactions/")]
    [InlineData("/api/v1/remote/9/nothing/")]
    [InlineData("/api/v1/remote/")]
    public async Task An_unknown_path_under_the_prefix_is_a_404_problem(string path)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete })
        {
            await Refused(() => Server.Client.SendAsync(new HttpRequestMessage(method, path)), HttpStatusCode.NotFound, "route_not_found");
        }
    }

    [Theory]
    [InlineData("DELETE", "loyalty_account/", "GET, POST")]
    [InlineData("PUT", "loyalty_account/", "GET, POST")]
    [InlineData("POST", "loyalty_account/5/", "GET, PATCH")]
    [InlineData("DELETE", "loyalty_account/5/", "GET, PATCH")]
    [InlineData("GET", "loyalty_account/5/create_transfer/", "POST")]
    [InlineData("PATCH", "loyalty_transfer/", "GET")]
    [InlineData("GET", "loyalty-transactions/refund/", "POST")]
    [InlineData("GET", "loyalty-transactions/cross-refund/", "POST")]
    [InlineData("PUT", "loyalty-transactions/order-payment/", "POST")]
    [InlineData("GET", "loyalty_gift_card/", "POST")]
    [InlineData("DELETE", "loyalty_account/abc/", "GET, PATCH")]
    public async Task A_method_a_route_does_not_serve_is_a_405_problem_with_Allow(string method, string route, string allow)
    {
        HttpResponseMessage? seen = null;
        await Refused(
            async () => seen = await Server.SendAsync(new HttpMethod(method), "1", route, method is "GET" or "DELETE" ? null : "{}", null),
            HttpStatusCode.MethodNotAllowed,
            "method_not_allowed");
        string.Join(", ", seen!.Content.Headers.Allow).Should().Be(allow);
    }

    [Theory]
    [InlineData("loyalty_account/abc/")]
    [InlineData("loyalty_account/-3/")]
    [InlineData("loyalty_account/1e3/")]
    public async Task A_path_value_that_is_no_id_is_a_400_problem_on_every_route_that_takes_one(string route)
    {
        await Refused(() => Server.GetAsync("1", route), HttpStatusCode.BadRequest, "invalid_argument");
        await Refused(() => Server.PatchAsync("1", route, """{"debit_allowed": true}"""), HttpStatusCode.BadRequest, "invalid_argument");
        await RefusedPost(route + "create_transfer/", $$"""{"amount": "1", "source_account": {{Alice}}, "destination_account": {{AliceSecond}}}""", HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task A_channel_id_that_no_channel_can_have_is_a_400_problem_and_one_not_served_a_404()
    {
        var problem = await Refused(() => Server.Client.GetAsync("/api/v1/remote/%20/loyalty_account/"), HttpStatusCode.BadRequest, "invalid_argument");
        problem.Str("detail").Should().Contain("'commerce_channel_id'");
        await Refused(() => Server.Client.GetAsync($"/api/v1/remote/{new string('7', 65)}/loyalty_account/"), HttpStatusCode.BadRequest, "invalid_argument");
        await Refused(() => Server.GetAsync("abc", "loyalty_account/"), HttpStatusCode.NotFound, "channel_not_found");
    }

    [Theory]
    [InlineData(200)]
    [InlineData(0)]
    public async Task A_bad_Idempotency_Key_is_a_400_problem_naming_the_header(int length)
    {
        var key = length == 0 ? "   " : new string('k', length);
        var problem = await RefusedPost("loyalty_gift_card/", """{"amount": "1", "currency": "eur"}""", HttpStatusCode.BadRequest, "invalid_argument", key: key);
        problem.Str("detail").Should().Contain("Idempotency-Key");
    }

    [Fact]
    public async Task An_Idempotency_Key_given_twice_is_a_400_problem_and_changes_nothing()
    {
        var before = await Server.SnapshotAsync();
        const string body = """{"amount": "1", "currency": "eur"}""";
        var (head, problem) = await RawHttp.SendAsync(
            Server.Address,
            $"POST /api/v1/remote/1/loyalty_gift_card/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token {TestKeys.Admin}\r\nContent-Type: application/json\r\nIdempotency-Key: one\r\nIdempotency-Key: two\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        head.Should().StartWith("HTTP/1.1 400").And.Contain("Content-Type: application/problem+json");
        problem.Str("code").Should().Be("invalid_argument");
        problem.Str("detail").Should().Contain("Idempotency-Key");
        (await Server.SnapshotAsync()).Should().Be(before);
    }
}

/// <summary>A body that stops arriving is a timeout, not malformed JSON; the server's minimum data rate decides when.</summary>
public sealed class StalledBodyTests : ServerTest
{
    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(kestrel: k => k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2)));

    [Fact]
    public async Task A_body_that_stops_arriving_is_a_408_request_timeout_problem_and_changes_nothing()
    {
        var before = await Server.SnapshotAsync();

        // Headers and a part of the body, then nothing: the server gives up at its minimum data rate and answers.
        var (head, problem) = await RawHttp.SendAsync(
            Server.Address,
            "POST /api/v1/remote/1/loyalty_account/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token " + TestKeys.Admin + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"currency\": \"eur\", \"user\": ");
        head.Should().StartWith("HTTP/1.1 408").And.Contain("Content-Type: application/problem+json");
        problem.Str("code").Should().Be("request_timeout");
        problem.GetProperty("status").GetInt32().Should().Be(408);
        (await Server.SnapshotAsync()).Should().Be(before);
    }
}

/// <summary>A failing store is a 503 (retry later) or, for a bug, a 500; either way a problem without the server's internals.</summary>
public sealed class StoreFailureTests : IAsyncLifetime
{
    private FailingStore _failing = null!;
    private LoyaltyServer _server = null!;

    public async Task InitializeAsync()
    {
        _failing = FailingStore.Create(out var store);
        _server = await LoyaltyServer.StartAsync(
            channels: loyalty => loyalty.AddChannel("1", _ => store),
            configureServices: services => services.Configure<LoyaltyEndpointOptions>(o => o.RetryAfter = TimeSpan.FromSeconds(4.2)));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<LoyaltyErrorCode, string> StoreFailures => new()
    {
        { LoyaltyErrorCode.StoreUnavailable, "store_unavailable" },
        { LoyaltyErrorCode.OutcomeUnknown, "outcome_unknown" },
    };

    [Theory]
    [MemberData(nameof(StoreFailures))]
    public async Task A_store_failure_is_a_503_problem_with_Retry_After_on_reads_and_writes(LoyaltyErrorCode failure, string code)
    {
        _failing.Failure = method => method.Name is nameof(ILedgerStore.CreateAccountAsync) or nameof(ILedgerStore.ListAccountsAsync)
            ? new LoyaltyException(failure, "The store failed; retry with the same idempotency key.")
            : null;

        using var write = await _server.PostAsync("1", "loyalty_account/", """{"currency": "eur", "user": 5}""", "k-1");
        await Expect.Problem(write, HttpStatusCode.ServiceUnavailable, code);
        write.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5), "Retry-After is whole seconds, rounded up");

        using var read = await _server.GetAsync("1", "loyalty_account/");
        await Expect.Problem(read, HttpStatusCode.ServiceUnavailable, code);
        read.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5), "reads get the same Retry-After");
    }

    [Fact]
    public async Task A_refusal_other_than_a_store_failure_carries_no_Retry_After()
    {
        using var response = await _server.GetAsync("1", "loyalty_account/9999/");
        await Expect.Problem(response, HttpStatusCode.NotFound, "account_not_found");
        response.Headers.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_that_shows_nothing_of_it()
    {
        _failing.Failure = method => method.Name == nameof(ILedgerStore.GetAccountAsync) ? new InvalidOperationException("secret connection string Host=db;Password=hunter2") : null;

        using var response = await _server.GetAsync("1", "loyalty_account/1/");
        var problem = await Expect.Problem(response, HttpStatusCode.InternalServerError, "internal_error");
        problem.GetRawText().Should().NotContain("hunter2").And.NotContain("InvalidOperation");
    }
}
