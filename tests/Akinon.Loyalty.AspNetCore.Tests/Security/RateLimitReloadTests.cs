namespace Akinon.Loyalty.AspNetCore.Tests.Security;

/// <summary>The rate limits follow configuration reloads, as the keys do: no restart, never opened by a bad or unrelated reload.</summary>
public sealed class RateLimitReloadTests : ServerTest
{
    private readonly TestSettings _settings = new(Limits(writes: 5));

    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(configuration: c => c.Add(_settings));

    [Fact]
    public async Task A_lowered_write_limit_applies_after_a_reload_without_a_restart()
    {
        using var client = Server.WithKey(TestKeys.Channel1);
        for (var i = 0; i < 2; i++)
        {
            using var accepted = await GiftCardAsync(client, $"RL-{i}");
            accepted.StatusCode.Should().Be(HttpStatusCode.Created, "two of five writes");
        }

        _settings.Set(Limits(writes: 1));

        // The new limit starts a bucket of its size: one more write, where the old limit left three.
        using (var accepted = await GiftCardAsync(client, "RL-2"))
        {
            accepted.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await RefusedAsync(client, "RL-3");
    }

    [Fact]
    public async Task A_reload_that_leaves_the_limits_as_they_were_does_not_refill_the_buckets()
    {
        _settings.Set(Limits(writes: 1));
        using var client = Server.WithKey(TestKeys.Channel1);
        using (var accepted = await GiftCardAsync(client, "RL-0"))
        {
            accepted.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await RefusedAsync(client, "RL-1");

        // A key rotation reloads the whole configuration, so the limits' options are rebuilt too.
        Server.Keys.Replace(TestKeys.Defaults());
        _settings.Set(Limits(writes: 1));
        await RefusedAsync(client, "RL-2");
    }

    [Fact]
    public async Task Invalid_limits_in_a_reload_leave_the_last_valid_limits_in_force()
    {
        _settings.Set(Limits(writes: 1));
        using var client = Server.WithKey(TestKeys.Channel1);
        using (var accepted = await GiftCardAsync(client, "RL-0"))
        {
            accepted.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        _settings.Set(Limits(writes: 0));
        await RefusedAsync(client, "RL-1");
        var unbound = Limits(writes: 1);
        unbound["Loyalty:RateLimits:Writes:TokenLimit"] = "lots";
        _settings.Set(unbound);
        await RefusedAsync(client, "RL-2");
    }

    private static Dictionary<string, string?> Limits(int writes) => new()
    {
        ["Loyalty:RateLimits:Writes:TokenLimit"] = writes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Loyalty:RateLimits:Writes:TokensPerPeriod"] = "1",

        // Refilled once an hour: within a test, a bucket only empties.
        ["Loyalty:RateLimits:Writes:ReplenishmentPeriod"] = "01:00:00",
    };

    private async Task RefusedAsync(HttpClient client, string code)
    {
        var before = await Server.SnapshotAsync();
        using var refused = await GiftCardAsync(client, code);
        await Expect.Problem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        (await Server.SnapshotAsync()).Should().Be(before, "a write past the limit changes nothing");
    }

    private static Task<HttpResponseMessage> GiftCardAsync(HttpClient client, string code)
        => client.PostAsync(
            LoyaltyServer.Path("1", "loyalty_gift_card/"),
            new StringContent($$"""{"amount": "1", "currency": "eur", "code": "{{code}}"}""", System.Text.Encoding.UTF8, "application/json"));
}
