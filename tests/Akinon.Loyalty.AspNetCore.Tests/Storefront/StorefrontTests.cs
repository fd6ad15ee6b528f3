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
/// <c>NameIdentifier</c> claim of the host's own authentication (<see cref="TestUserAuthentication"/>, from the <c>X-Test-User</c> header).
/// </summary>
public sealed class StorefrontTests : ServerTest
{
    private const string UserHeader = TestUserAuthentication.UserHeader;

    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(
            configureServices: services =>
            {
                services.Configure<LoyaltyEndpointOptions>(o =>
                {
                    o.DefaultChannel = "1";
                    o.StorefrontCurrency = "EUR";
                });
                TestUserAuthentication.Register(services);
            },
            map: app => app.MapLoyaltyStorefrontEndpoints());

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
    public async Task Without_a_signed_in_user_the_hosts_scheme_answers_401_even_to_an_API_key_and_nothing_changes(string path)
    {
        await OpenAsync(7, "100.00");
        var before = await Server.SnapshotAsync();

        // The request carries the admin's API key (Server.Client sends it): a key is nobody's storefront session, so the
        // host's own scheme challenges.
        using var response = await GetAsUserAsync(path, null);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

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
    [Fact]
    public async Task The_user_never_comes_from_a_body_or_the_query()
    {
        await OpenAsync(7, "100.00");
        await OpenAsync(8, "55.00");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/loyalty-account-balance/?user=8&user_id=8");
        request.Headers.Add(UserHeader, "7");
        request.Content = new StringContent("""{"user": 8, "user_id": 8, "currency": "try"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await Server.Client.SendAsync(request);
        (await Expect.Json(response, HttpStatusCode.OK)).Str("balance").Should().Be("100.00", "user 7 is signed in; body and query name nobody");

        using var transfers = new HttpRequestMessage(HttpMethod.Get, "/account/loyalty/?user=8");
        transfers.Headers.Add(UserHeader, "7");
        using var listed = await Server.Client.SendAsync(transfers);
        var page = await Expect.Json(listed, HttpStatusCode.OK);
        page.Long("count").Should().Be(1, "only user 7's opening");
        page.GetProperty("results").EnumerateArray().Single().Str("amount").Should().Be("100.00");
    }
}

/// <summary>The storefront routes require the host's own authorization policy (<see cref="LoyaltyEndpointOptions.StorefrontPolicy"/>).</summary>
public sealed class StorefrontPolicyTests
{
    [Fact]
    public async Task The_routes_require_the_hosts_policy()
    {
        await using var server = await LoyaltyServer.StartAsync(
            configureServices: services =>
            {
                services.Configure<LoyaltyEndpointOptions>(o =>
                {
                    o.DefaultChannel = "1";
                    o.StorefrontCurrency = "EUR";
                    o.StorefrontPolicy = "shoppers";
                });
                TestUserAuthentication.Register(services);
                services.AddAuthorizationBuilder().AddPolicy("shoppers", p => p.AddAuthenticationSchemes(TestUserAuthentication.SchemeName).RequireRole("shopper"));
            },
            map: app => app.MapLoyaltyStorefrontEndpoints());
        using (var open = await server.PostAsync("1", "loyalty_account/", """{"user": 7, "currency": "eur", "balance": "12.00"}"""))
        {
            open.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        async Task<HttpResponseMessage> GetAsync(string? user, string? role)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/account/loyalty-account-balance/");
            if (user is not null)
            {
                request.Headers.Add(TestUserAuthentication.UserHeader, user);
            }

            if (role is not null)
            {
                request.Headers.Add(TestUserAuthentication.RoleHeader, role);
            }

            return await server.Client.SendAsync(request);
        }

        using (var anonymous = await GetAsync(null, null))
        {
            anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var withoutRole = await GetAsync("7", null))
        {
            withoutRole.StatusCode.Should().Be(HttpStatusCode.Forbidden, "signed in, but the host's policy asks for the shopper role");
        }

        using var shopper = await GetAsync("7", "shopper");
        (await Expect.Json(shopper, HttpStatusCode.OK)).Str("balance").Should().Be("12.00");
    }
}

/// <summary>The host's own session delegate, its start-up checks, and the OpenAPI description of the storefront routes.</summary>
public sealed class StorefrontSessionTests
{
    [Fact]
    public async Task The_hosts_delegate_gives_the_user_and_the_currency()
    {
        await using var server = await LoyaltyServer.StartAsync(
            configureServices: services =>
            {
                // The host's delegate reads its own signed-in user (here a NameIdentifier claim of its own scheme).
                services.Configure<LoyaltyEndpointOptions>(o =>
                {
                    o.DefaultChannel = "2";
                    o.ReadStorefrontSession = http => http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } id && id != "0"
                        ? new StorefrontSession(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), Currency.TRY)
                        : null;
                });
                TestUserAuthentication.Register(services);
            },
            map: app => app.MapLoyaltyStorefrontEndpoints("/shop"));
        foreach (var (channel, currency, balance) in new[] { ("2", "try", "12.00"), ("2", "eur", "50.00"), ("1", "try", "70.00") })
        {
            using var open = await server.PostAsync(channel, "loyalty_account/", $"{{\"user\": 3, \"currency\": \"{currency}\", \"balance\": \"{balance}\"}}");
            open.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/shop/account/loyalty-account-balance/");
        request.Headers.Add(TestUserAuthentication.UserHeader, "3");
        using var response = await server.Client.SendAsync(request);
        (await Expect.Json(response, HttpStatusCode.OK)).Str("balance").Should().Be("12.00", "channel 2's TRY account only");

        using var anonymous = await server.Client.GetAsync("/shop/account/loyalty/");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the host's scheme challenges a request without its user");

        // Signed in, but the host's delegate finds no session: the storefront's own 401 problem.
        using var sessionless = new HttpRequestMessage(HttpMethod.Get, "/shop/account/loyalty/");
        sessionless.Headers.Add(TestUserAuthentication.UserHeader, "0");
        using var refused = await server.Client.SendAsync(sessionless);
        await Expect.Problem(refused, HttpStatusCode.Unauthorized, "not_signed_in");
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
