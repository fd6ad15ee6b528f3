namespace Akinon.Loyalty.AspNetCore.Tests.Security;

/// <summary><c>.AllowAnonymous()</c> on the group is the explicit opt-out (for tests): then no key is needed.</summary>
public sealed class AnonymousOptOutTests : ServerTest
{
    protected override Task<LoyaltyServer> StartServerAsync() => LoyaltyServer.StartAsync(anonymous: true);

    [Fact]
    public async Task With_AllowAnonymous_on_the_group_reads_and_writes_need_no_key()
    {
        using var client = Server.WithKey(null);
        using var write = await client.PostAsync(LoyaltyServer.Path("2", "loyalty_gift_card/"), new StringContent("""{"amount": "1", "currency": "eur"}""", System.Text.Encoding.UTF8, "application/json"));
        write.StatusCode.Should().Be(HttpStatusCode.Created);
        using var read = await client.GetAsync(LoyaltyServer.Path("2", "loyalty_account/"));
        read.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
