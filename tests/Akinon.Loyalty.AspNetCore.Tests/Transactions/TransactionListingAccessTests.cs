using System.Net;
using Akinon.Loyalty.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.Transactions;

/// <summary>The transaction routes serve the default channel, and only to a key that grants it and Read.</summary>
public sealed class TransactionListingAccessTests
{
    [Theory]
    [InlineData("/api/v1/loyalty_transactions/")]
    [InlineData("/api/v1/loyalty_transactions/1/")]
    public async Task A_key_of_another_channel_is_forbidden_and_no_key_is_unauthorized(string path)
    {
        await using var server = await StartAsync(defaultChannel: "2");

        using var none = server.WithKey(null);
        using var missing = await none.GetAsync(path);
        missing.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        missing.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");

        using var otherChannel = server.WithKey(TestKeys.ReadOnly1);
        using var forbidden = await otherChannel.GetAsync(path);
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forbidden.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_read_only_key_of_the_default_channel_lists_its_transactions()
    {
        await using var server = await StartAsync(defaultChannel: "1");
        using var reader = server.WithKey(TestKeys.ReadOnly1);

        using var response = await reader.GetAsync("/api/v1/loyalty_transactions/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static Task<LoyaltyServer> StartAsync(string defaultChannel)
        => LoyaltyServer.StartAsync(
            configureServices: services => services.Configure<LoyaltyEndpointOptions>(o => o.DefaultChannel = defaultChannel),
            map: app => app.MapLoyaltyTransactionEndpoints());
}
