using System.Net.Http.Headers;
using System.Text;
using Akinon.Loyalty.AspNetCore.Tests.Errors;

namespace Akinon.Loyalty.AspNetCore.Tests.Security;

/// <summary>
/// A configuration reload that revokes a key or makes its entry malformed fails closed over Kestrel: that key is 401 on
/// every route of both channels, the malformed entry opens nothing (and never crashes the host or the reload), the
/// other keys keep working, and nothing changes in either channel. Invalid keys or limits fail the start.
/// </summary>
public sealed class KeyReloadFailClosedTests : RefusalTest
{
    private const string Operator = "operator-key-every-channel";

    public static TheoryData<string, string, bool> Routes => KeyAuthorizationMatrix.Routes;

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_key_revoked_by_a_reload_is_401_on_every_route_of_both_channels_and_changes_nothing(string method, string route, bool write)
    {
        var keys = TestKeys.Defaults();
        keys["operator"] = (Operator, [LoyaltyKey.EveryChannel], LoyaltyPermissions.All);
        Server.Keys.Replace(keys);
        using var client = Server.WithKey(Operator);
        using (var before = await client.GetAsync(LoyaltyServer.Path("2", "loyalty_account/")))
        {
            before.StatusCode.Should().Be(HttpStatusCode.OK, "the key works before it is revoked");
        }

        var snapshot = await Server.SnapshotAsync();
        keys.Remove("operator");
        Server.Keys.Replace(keys);
        foreach (var channel in new[] { "1", "2" })
        {
            using var response = await SendAsync(client, method, channel, route, write);
            await Expect.Problem(response, HttpStatusCode.Unauthorized, "unauthorized");
            response.Headers.WwwAuthenticate.Select(h => h.Scheme).Should().Equal("Token");
        }

        (await Server.SnapshotAsync()).Should().Be(snapshot, "a revoked key changes nothing in either channel");
    }

    public static readonly TheoryData<string, string, string> Malformed = new()
    {
        { "a hash that is not hexadecimal", "Hash", "zz" + new string('0', 62) },
        { "a hash of the wrong length", "Hash", "abc123" },
        { "the key itself instead of its hash", "Hash", TestKeys.Channel1 },
        { "no channel", "Channels:0", "" },
        { "an unknown permission", "Permissions", "Everything" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_reload_that_makes_a_key_malformed_makes_that_key_401_everywhere_and_changes_nothing(string reason, string field, string value)
    {
        var before = await Server.SnapshotAsync();
        var data = Raw(TestKeys.Defaults());
        data[$"Loyalty:Keys:writer1:{field}"] = value;
        Server.Keys.ReplaceRaw(data);

        // The malformed entry opens nothing: its key is refused on both channels, for writes and reads.
        using (var client = Server.WithKey(TestKeys.Channel1))
        {
            foreach (var channel in new[] { "1", "2" })
            {
                using var write = await SendAsync(client, "POST", channel, "loyalty_gift_card/", true);
                await Expect.Problem(write, HttpStatusCode.Unauthorized, "unauthorized");
                using var read = await SendAsync(client, "GET", channel, "loyalty_account/", false);
                await Expect.Problem(read, HttpStatusCode.Unauthorized, "unauthorized");
            }
        }

        // The host keeps serving the valid keys, as they were.
        using (var reader = Server.WithKey(TestKeys.ReadOnly1))
        {
            using var read = await SendAsync(reader, "GET", "1", "loyalty_account/", false);
            read.StatusCode.Should().Be(HttpStatusCode.OK);
            using var write = await SendAsync(reader, "POST", "1", "loyalty_gift_card/", true);
            await Expect.Problem(write, HttpStatusCode.Forbidden, "forbidden");
        }

        (await Server.SnapshotAsync()).Should().Be(before, "nothing changes while the key is malformed ({0})", reason);

        // A valid entry again, without a restart: the key works.
        Server.Keys.Replace(TestKeys.Defaults());
        using var writer = Server.WithKey(TestKeys.Channel1);
        using var accepted = await SendAsync(writer, "POST", "1", "loyalty_gift_card/", true);
        accepted.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("Loyalty:Keys:bad:Hash", "not-a-hash")]
    [InlineData("Loyalty:Keys:admin:Permissions", "Everything")]
    [InlineData("Loyalty:RateLimits:Writes:TokenLimit", "0")]
    [InlineData("Loyalty:RateLimits:Reads:ReplenishmentPeriod", "soon")]
    public async Task Invalid_keys_or_limits_fail_the_start(string entry, string value)
    {
        var data = new Dictionary<string, string?> { [entry] = value };
        if (entry.StartsWith("Loyalty:Keys:bad:", StringComparison.Ordinal))
        {
            data["Loyalty:Keys:bad:Channels:0"] = "1";
        }

        var settings = new TestSettings(data);
        var start = () => LoyaltyServer.StartAsync(configuration: c => c.Add(settings));
        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which.Message.Should().NotBeNullOrWhiteSpace();
    }

    private static Dictionary<string, string?> Raw(Dictionary<string, (string Key, string[] Channels, LoyaltyPermissions Permissions)> keys)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, (key, channels, permissions)) in keys)
        {
            data[$"Loyalty:Keys:{name}:Hash"] = LoyaltyKeys.Hash(key);
            data[$"Loyalty:Keys:{name}:Permissions"] = permissions.ToString();
            for (var i = 0; i < channels.Length; i++)
            {
                data[$"Loyalty:Keys:{name}:Channels:{i}"] = channels[i];
            }
        }

        return data;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string channel, string route, bool write)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), LoyaltyServer.Path(channel, route));
        if (write)
        {
            // A complete gift card body: were the key accepted, the write would succeed.
            request.Content = new StringContent("""{"amount": "1", "currency": "eur"}""", Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await client.SendAsync(request);
    }
}
