using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.Channels;

/// <summary>Each channel reads the <see cref="LoyaltyOptions"/> named after it: one channel can be switched off alone.</summary>
public sealed class ChannelOptionsTests
{
    [Fact]
    public async Task Loyalty_money_switched_off_for_channel_2_is_still_on_for_channel_1()
    {
        await using var server = await LoyaltyServer.StartAsync(configureServices: services => services.Configure<LoyaltyOptions>("2", o => o.Enabled = false));
        const string card = """{"amount": "10", "currency": "eur"}""";

        using var issued = await server.PostAsync("1", "loyalty_gift_card/", card);
        (await Expect.Json(issued, HttpStatusCode.Created)).Str("balance").Should().Be("10.00");
        using var refused = await server.PostAsync("2", "loyalty_gift_card/", card);
        await Expect.Problem(refused, HttpStatusCode.BadRequest, "loyalty_disabled");
        using var listed = await server.GetAsync("2", "loyalty_account/");
        (await Expect.Json(listed, HttpStatusCode.OK)).Long("count").Should().Be(0, "the refusal changed nothing in channel 2");
    }
}
