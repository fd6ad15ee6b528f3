using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.AspNetCore.Tests.Storefront;

/// <summary>
/// <c>account/loyalty-account-balance/</c> and <c>account/loyalty/</c> on channel 1, with the signed-in user taken from a
/// <c>NameIdentifier</c> claim that a test middleware sets from the <c>X-Test-User</c> header (as a host's authentication would).
/// </summary>
public sealed class StorefrontTests : ServerTest
{
    private const string UserHeader = "X-Test-User";

    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(
            configureServices: services => services.Configure<LoyaltyEndpointOptions>(o =>
            {
                o.DefaultChannel = "1";
                o.StorefrontCurrency = "EUR";
            }),
            map: app =>
            {
                app.Use((http, next) =>
                {
                    if (http.Request.Headers.TryGetValue(UserHeader, out var user))
                    {
                        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.ToString())], "Test"));
                    }

                    return next(http);
                });
                app.MapLoyaltyStorefrontEndpoints();
            });

    private async Task<HttpResponseMessage> GetAsUserAsync(string path, long? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add(UserHeader, user.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return await Server.Client.SendAsync(request);
    }

    private async Task<string> BalanceAsync(long? user, string query = "")
    {
        using var response = await GetAsUserAsync("/account/loyalty-account-balance/" + query, user);
        var body = await Expect.Json(response, HttpStatusCode.OK);
        Expect.Fields(body, "balance");
        return body.Str("balance");
    }

    [Fact]
    public async Task The_balance_is_the_sum_of_the_signed_in_users_accounts_in_the_session_currency_and_zero_without_any()
    {
        await OpenAsync(7, "100.00");
        await OpenAsync(7, "20.50");
        await OpenAsync(7, "9.00", currency: "try");
        await OpenAsync(8, "55.00");
        await OpenAsync(7, "40.00", channel: "2");
        await PayAsync("2428483542614519", 7, "30.25");

        (await BalanceAsync(7)).Should().Be("90.25", "100.00 + 20.50 − 30.25 paid; not the TRY account, user 8's account or channel 2's");
        (await BalanceAsync(9)).Should().Be("0.00", "a user without accounts has a zero balance");
        (await BalanceAsync(7, "?user=8&currency=try")).Should().Be("90.25", "the user and currency never come from the query string");
    }

    [Fact]
    public async Task The_users_transfers_are_listed_newest_first_in_the_session_currency_and_paged()
    {
        var alice = await OpenAsync(7, "100.00");
        var bob = await OpenAsync(8, "10.00");
        await OpenAsync(7, "9.00", currency: "try");
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        await PayAsync("O-1", 7, "30.00");
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        using (var transfer = await Server.PostAsync("1", $"loyalty_account/{alice}/create_transfer/", $"{{\"source_account\": {alice}, \"destination_account\": {bob}, \"amount\": \"5.00\"}}"))
        {
            transfer.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using var all = await GetAsUserAsync("/account/loyalty/", 7);
        var page = await Expect.Json(all, HttpStatusCode.OK);
        page.Long("count").Should().Be(3, "the opening, the payment and the transfer touched user 7's EUR account");
        var amounts = page.GetProperty("results").EnumerateArray().Select(t => t.Str("amount")).ToArray();
        amounts.Should().Equal("-5.00", "-30.00", "100.00");
        page.GetProperty("results").EnumerateArray().Select(t => t.Long("account")).Should().AllBeEquivalentTo(alice);

        using var second = await GetAsUserAsync("/account/loyalty/?limit=2&page=2", 7);
        var page2 = await Expect.Json(second, HttpStatusCode.OK);
        page2.GetProperty("results").EnumerateArray().Select(t => t.Str("amount")).Should().Equal("100.00");
        page2.Str("previous").Should().Be("/account/loyalty/?limit=2&page=1");
        page2.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);

        using var other = await GetAsUserAsync("/account/loyalty/?user=7", 8);
        var bobs = await Expect.Json(other, HttpStatusCode.OK);
        bobs.GetProperty("results").EnumerateArray().Select(t => t.Str("amount")).Should().Equal("5.00", "10.00");
    }

    [Theory]
    [InlineData("/account/loyalty-account-balance/")]
    [InlineData("/account/loyalty/")]
    [InlineData("/account/loyalty/?user=7")]
    public async Task Without_a_signed_in_user_the_answer_is_401_and_nothing_changes(string path)
    {
        await OpenAsync(7, "100.00");
        var before = await Server.SnapshotAsync();

        using var response = await GetAsUserAsync(path, null);
        await Expect.Problem(response, HttpStatusCode.Unauthorized, "not_signed_in");

        (await Server.SnapshotAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=x")]
    [InlineData("page=-1")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=2.5")]
    [InlineData("page=99999999999")]
    public async Task Bad_paging_is_a_400_problem_and_changes_nothing(string query)
    {
        await OpenAsync(7, "100.00");
        var before = await Server.SnapshotAsync();

        using var response = await GetAsUserAsync("/account/loyalty/?" + query, 7);
        await Expect.Problem(response, HttpStatusCode.BadRequest, "invalid_argument");

        (await Server.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_claim_that_is_not_a_user_id_is_nobody_signed_in()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/loyalty-account-balance/");
        request.Headers.Add(UserHeader, "alice");
        using var response = await Server.Client.SendAsync(request);
        await Expect.Problem(response, HttpStatusCode.Unauthorized, "not_signed_in");
    }
}

/// <summary>The host's own session delegate, its start-up checks, and the OpenAPI description of the storefront routes.</summary>
public sealed class StorefrontSessionTests
{
    [Fact]
    public async Task The_hosts_delegate_gives_the_user_and_the_currency()
    {
        await using var server = await LoyaltyServer.StartAsync(
            configureServices: services => services.Configure<LoyaltyEndpointOptions>(o =>
            {
                o.DefaultChannel = "2";
                o.ReadStorefrontSession = http => http.Request.Headers.TryGetValue("X-Session", out var value)
                    ? new StorefrontSession(long.Parse(value.ToString(), System.Globalization.CultureInfo.InvariantCulture), Currency.TRY)
                    : null;
            }),
            map: app => app.MapLoyaltyStorefrontEndpoints("/shop"));
        foreach (var (channel, currency, balance) in new[] { ("2", "try", "12.00"), ("2", "eur", "50.00"), ("1", "try", "70.00") })
        {
            using var open = await server.PostAsync(channel, "loyalty_account/", $"{{\"user\": 3, \"currency\": \"{currency}\", \"balance\": \"{balance}\"}}");
            open.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/shop/account/loyalty-account-balance/");
        request.Headers.Add("X-Session", "3");
        using var response = await server.Client.SendAsync(request);
        (await Expect.Json(response, HttpStatusCode.OK)).Str("balance").Should().Be("12.00", "channel 2's TRY account only");

        using var anonymous = await server.Client.GetAsync("/shop/account/loyalty/");
        await Expect.Problem(anonymous, HttpStatusCode.Unauthorized, "not_signed_in");
    }

    [Fact]
    public async Task Mapping_without_a_registered_default_channel_fails_at_start()
    {
        var act = async () =>
        {
            await using var server = await LoyaltyServer.StartAsync(
                configureServices: services => services.Configure<LoyaltyEndpointOptions>(o => o.DefaultChannel = "9"),
                map: app => app.MapLoyaltyStorefrontEndpoints());
        };
        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*DefaultChannel*");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_storefront_routes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddLoyalty().AddChannel("1");
        builder.Services.Configure<LoyaltyEndpointOptions>(o => o.DefaultChannel = "1");
        builder.Services.AddOpenApi();
        await using var app = builder.Build();
        app.MapOpenApi();
        app.MapLoyaltyStorefrontEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await client.GetAsync("/openapi/v1.json");
        var paths = (await Expect.Json(response, HttpStatusCode.OK)).GetProperty("paths");
        paths.GetProperty("/account/loyalty-account-balance").GetProperty("get").GetProperty("responses").EnumerateObject().Select(r => r.Name)
            .Should().Contain(["200", "400", "401"]);
        paths.GetProperty("/account/loyalty").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.Str("name"))
            .Should().BeEquivalentTo(["page", "limit"]);
        await app.StopAsync();
    }
}
