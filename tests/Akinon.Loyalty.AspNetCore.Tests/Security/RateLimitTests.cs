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

/// <summary>
/// Reads are limited per caller by their own token bucket, on every route that reads: the channel routes, Omnitron's
/// transaction routes (per key) and the storefront routes (per signed-in user); past the limit a read is 429 with Retry-After.
/// </summary>
public sealed class ReadRateLimitTests : ServerTest
{
    private const int ReadLimit = 3;

    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(
            configureServices: services =>
            {
                services.Configure<LoyaltyRateLimitOptions>(o =>
                {
                    // Refilled once an hour: within a test, the bucket only empties.
                    o.Reads.TokenLimit = ReadLimit;
                    o.Reads.TokensPerPeriod = 1;
                    o.Reads.ReplenishmentPeriod = TimeSpan.FromHours(1);
                });
                services.Configure<LoyaltyEndpointOptions>(o =>
                {
                    o.DefaultChannel = "1";
                    o.StorefrontCurrency = "EUR";
                });
                TestUserAuthentication.Register(services);
            },
            map: app =>
            {
                app.MapLoyaltyTransactionEndpoints();
                app.MapLoyaltyStorefrontEndpoints();
            });

    [Theory]
    [InlineData("/api/v1/remote/1/loyalty_account/", false)]
    [InlineData("/api/v1/loyalty_transactions/", false)]
    [InlineData("/api/v1/loyalty_transactions/1/", false)]
    [InlineData("/account/loyalty-account-balance/", true)]
    [InlineData("/account/loyalty/", true)]
    public async Task A_caller_past_its_read_limit_gets_429_with_Retry_After_and_another_caller_still_reads(string path, bool storefront)
    {
        await OpenAsync(7, "10.00");
        using var caller = Caller(storefront, first: true);
        for (var i = 0; i < ReadLimit; i++)
        {
            using var accepted = await caller.GetAsync(path);
            accepted.StatusCode.Should().Be(HttpStatusCode.OK, "read {0} of {1} is within the limit", i + 1, ReadLimit);
        }

        for (var i = 0; i < 2; i++)
        {
            using var refused = await caller.GetAsync(path);
            await Expect.Problem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
            refused.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
        }

        // Writes have their own bucket, and another caller its own.
        using var writer = Server.WithKey(TestKeys.Channel1);
        using (var write = await writer.PostAsync(
            LoyaltyServer.Path("1", "loyalty_gift_card/"),
            new StringContent("""{"amount": "1", "currency": "eur", "code": "CARD-AFTER-READS"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            write.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var other = Caller(storefront, first: false);
        using var otherRead = await other.GetAsync(path);
        otherRead.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>A key of channel 1 (the default channel), or a signed-in shopper (user 7, or user 8 for the other caller) without a key.</summary>
    private HttpClient Caller(bool storefront, bool first)
    {
        if (!storefront)
        {
            return Server.WithKey(first ? TestKeys.Channel1 : TestKeys.ReadOnly1);
        }

        var client = Server.WithKey(null);
        client.DefaultRequestHeaders.Add(TestUserAuthentication.UserHeader, first ? "7" : "8");
        return client;
    }
}
