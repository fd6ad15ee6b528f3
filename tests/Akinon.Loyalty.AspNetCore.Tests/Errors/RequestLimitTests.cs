using System.Text;

namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

/// <summary>
/// A query string or headers beyond the routes' limits are refused with a problem before anything is read (Kestrel's
/// own limits are larger and answer without a body); a body beyond its limit is a 413 problem (AccountRefusalTests).
/// </summary>
public sealed class RequestLimitTests : RefusalTest
{
    // MaxQueryLength and MaxHeaderBytes.
    private const int MaxQueryLength = 2048;
    private const int MaxHeaderBytes = 16 * 1024;

    public static readonly TheoryData<string, string> Routes = new()
    {
        { "GET", "loyalty_account/" },
        { "GET", "loyalty_transfer/" },
        { "POST", "loyalty_gift_card/" },
        { "POST", "loyalty-transactions/order-payment/" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_query_string_past_the_limit_is_a_414_problem_and_changes_nothing(string method, string route)
    {
        var query = "?number=" + new string('q', MaxQueryLength);
        await RefusedAsync(method, route + query, null, HttpStatusCode.RequestUriTooLong, "query_too_long");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Headers_past_the_limit_are_a_431_problem_and_change_nothing(string method, string route)
        => await RefusedAsync(method, route, new string('h', MaxHeaderBytes), HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large");

    [Fact]
    public async Task A_query_string_and_headers_within_the_limits_are_served()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, LoyaltyServer.Path("1", "loyalty_account/?pad=" + new string('q', MaxQueryLength - "?pad=".Length)));
        request.Headers.Add("X-Padding", new string('h', MaxHeaderBytes / 2));
        using var response = await Server.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task RefusedAsync(string method, string route, string? padding, HttpStatusCode status, string code)
    {
        var before = await Server.SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), LoyaltyServer.Path("1", route));
        if (method == "POST")
        {
            // The size refuses the request before the body is read.
            request.Content = new StringContent("""{"amount": "1", "currency": "eur", "order_number": "LIMIT-1", "user": 100}""", Encoding.UTF8, "application/json");
        }

        if (padding is not null)
        {
            request.Headers.Add("X-Padding", padding);
        }

        using var response = await Server.Client.SendAsync(request);
        await Expect.Problem(response, status, code);
        (await Server.SnapshotAsync()).Should().Be(before);
    }
}
