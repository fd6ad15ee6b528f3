using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.Security;

/// <summary>Writes are limited per key by a token bucket; past the limit a write is 429 with Retry-After and writes nothing.</summary>
public sealed class RateLimitTests : ServerTest
{
    private const int WriteLimit = 3;

    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(configureServices: services => services.Configure<LoyaltyRateLimitOptions>(o =>
        {
            // Refilled once an hour: within a test, the bucket only empties.
            o.Writes.TokenLimit = WriteLimit;
            o.Writes.TokensPerPeriod = 1;
            o.Writes.ReplenishmentPeriod = TimeSpan.FromHours(1);
        }));

    [Fact]
    public async Task A_key_past_its_write_limit_gets_429_with_Retry_After_and_nothing_past_the_limit_is_written()
    {
        using var client = Server.WithKey(TestKeys.Channel1);
        for (var i = 0; i < WriteLimit; i++)
        {
            using var accepted = await GiftCardAsync(client, $"CARD-{i}");
            accepted.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var before = await Server.SnapshotAsync();
        for (var i = WriteLimit; i < WriteLimit + 3; i++)
        {
            using var refused = await GiftCardAsync(client, $"CARD-{i}");
            await Expect.Problem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
            refused.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
        }

        (await Server.SnapshotAsync()).Should().Be(before, "no write past the limit changed anything");
        var cards = await LoyaltyServer.JsonAsync(await Server.GetAsync("1", "loyalty_account/?number=CARD-3"));
        cards.GetProperty("count").GetInt64().Should().Be(0);

        // Reads have their own bucket, and another key its own.
        using (var read = await client.GetAsync(LoyaltyServer.Path("1", "loyalty_account/")))
        {
            read.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var other = await GiftCardAsync(Server.Client, "CARD-OTHER-KEY");
        other.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> GiftCardAsync(HttpClient client, string code)
        => client.PostAsync(
            LoyaltyServer.Path("1", "loyalty_gift_card/"),
            new StringContent($$"""{"amount": "1", "currency": "eur", "code": "{{code}}"}""", System.Text.Encoding.UTF8, "application/json"));
}
