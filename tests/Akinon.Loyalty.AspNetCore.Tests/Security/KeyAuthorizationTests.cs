using System.Net.Http.Headers;
using System.Text;
using Akinon.Loyalty.AspNetCore.Tests.Errors;

namespace Akinon.Loyalty.AspNetCore.Tests.Security;

/// <summary>The key authorization matrix with both channels on in-memory stores.</summary>
public sealed class KeyAuthorizationTests : KeyAuthorizationMatrix;

/// <summary>
/// Every route needs a key of its channel with its permission: 401 with <c>WWW-Authenticate: Token</c> without a
/// valid key, 403 outside what the key grants; each a problem, and none changes anything in either channel. Abstract,
/// so each store runs it: a subclass chooses the channels' stores by overriding <see cref="ServerTest.StartServerAsync"/>
/// (<c>KeyAuthorizationTests</c> in memory, <c>PostgreSqlKeyAuthorizationTests</c> in the PostgreSQL tests).
/// </summary>
public abstract class KeyAuthorizationMatrix : RefusalTest
{
    public static readonly TheoryData<string, string, bool> Routes = new()
    {
        { "POST", "loyalty_account/", true },
        { "GET", "loyalty_account/", false },
        { "GET", "loyalty_account/1/", false },
        { "PATCH", "loyalty_account/1/", true },
        { "POST", "loyalty_account/1/create_transfer/", true },
        { "GET", "loyalty_transfer/", false },
        { "POST", "loyalty-transactions/refund/", true },
        { "POST", "loyalty-transactions/cross-refund/", true },
        { "POST", "loyalty-transactions/order-payment/", true },
        { "POST", "loyalty_gift_card/", true },
        { "POST", "loyalty-transactions/order-authorization/", true },
        { "POST", "loyalty-transactions/order-authorization/capture/", true },
        { "POST", "loyalty-transactions/order-authorization/void/", true },
        { "GET", "loyalty_account/1/statement/", false },
        { "GET", "data-warehouse/loyalty/accounts/", false },
    };

    [Theory]
    [MemberData(nameof(Routes), MemberType = typeof(KeyAuthorizationMatrix))]
    public async Task Without_a_key_every_route_is_401_with_WWW_Authenticate_and_changes_nothing(string method, string route, bool write)
    {
        using var client = Server.WithKey(null);
        await ExpectAsync(client, method, "1", route, write, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Routes), MemberType = typeof(KeyAuthorizationMatrix))]
    public async Task With_an_unknown_key_every_route_is_401_and_changes_nothing(string method, string route, bool write)
    {
        using var client = Server.WithKey("not-a-configured-key");
        await ExpectAsync(client, method, "1", route, write, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Routes), MemberType = typeof(KeyAuthorizationMatrix))]
    public async Task A_key_of_channel_1_is_403_on_every_route_of_channel_2_and_changes_nothing(string method, string route, bool write)
    {
        using var client = Server.WithKey(TestKeys.Channel1);
        await ExpectAsync(client, method, "2", route, write, HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [MemberData(nameof(Routes), MemberType = typeof(KeyAuthorizationMatrix))]
    public async Task A_read_only_key_is_403_on_every_write_and_reads_its_channel(string method, string route, bool write)
    {
        using var client = Server.WithKey(TestKeys.ReadOnly1);
        if (write)
        {
            await ExpectAsync(client, method, "1", route, write, HttpStatusCode.Forbidden, "forbidden");
        }
        else
        {
            using var response = await client.GetAsync(LoyaltyServer.Path("1", OnAlice(route)));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Theory]
    [MemberData(nameof(Routes), MemberType = typeof(KeyAuthorizationMatrix))]
    public async Task A_key_revoked_by_a_configuration_reload_is_401_on_every_route_at_once_without_a_restart(string method, string route, bool write)
    {
        using var client = Server.WithKey(TestKeys.Channel1);

        // The key reads before the reload: the route itself when it is a read (a write would change something).
        using (var before = await client.GetAsync(LoyaltyServer.Path("1", write ? "loyalty_account/" : OnAlice(route))))
        {
            before.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var rotated = TestKeys.Defaults();
        rotated.Remove("writer1");
        Server.Keys.Replace(rotated);

        await ExpectAsync(client, method, "1", route, write, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_key_added_by_a_configuration_reload_is_accepted_without_a_restart()
    {
        const string added = "a-key-added-while-running";
        using var client = Server.WithKey(added);
        await ExpectAsync(client, "GET", "1", "loyalty_account/", false, HttpStatusCode.Unauthorized, "unauthorized");

        var rotated = TestKeys.Defaults();
        rotated["added"] = (added, ["1"], LoyaltyPermissions.Read);
        Server.Keys.Replace(rotated);

        using var response = await client.GetAsync(LoyaltyServer.Path("1", "loyalty_account/"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_in_another_scheme_or_sent_twice_is_401()
    {
        using var client = Server.WithKey(null);
        foreach (var header in new[] { "Bearer " + TestKeys.Admin, TestKeys.Admin, "Token", "Token " })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, LoyaltyServer.Path("1", "loyalty_account/"));
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await client.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, header);
        }
    }

    /// <summary>The route with Alice's account in place of account 1, so a read finds what it reads.</summary>
    private string OnAlice(string route) => route.Replace("/1/", $"/{Alice}/", StringComparison.Ordinal);

    private async Task ExpectAsync(HttpClient client, string method, string channel, string route, bool write, HttpStatusCode status, string code)
    {
        var before = await Server.SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), LoyaltyServer.Path(channel, route));
        if (write)
        {
            // A body, so the refusal comes before it is read: the key alone decides.
            request.Content = new StringContent("""{"amount": "1", "currency": "eur"}""", Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await client.SendAsync(request);
        await Expect.Problem(response, status, code);
        if (status == HttpStatusCode.Unauthorized)
        {
            response.Headers.WwwAuthenticate.Select(h => h.Scheme).Should().Equal("Token");
        }

        (await Server.SnapshotAsync()).Should().Be(before);
    }
}
