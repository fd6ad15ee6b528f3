using Akinon.Loyalty.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.Channels;

public sealed class ChannelRegistrationTests
{
    [Fact]
    public void Each_channel_gets_its_own_ledger_and_store_resolvable_by_key()
    {
        var services = new ServiceCollection();
        var store2 = new InMemoryLedgerStore();
        services.AddLoyalty().AddChannel("1").AddChannel("2", _ => store2);
        using var provider = services.BuildServiceProvider();

        var channels = provider.GetRequiredService<ILoyaltyChannels>();
        channels.Ids.Should().Equal("1", "2");
        channels.TryGetLedger("1", out var one).Should().BeTrue();
        channels.TryGetLedger("2", out var two).Should().BeTrue();
        channels.TryGetLedger("3", out _).Should().BeFalse();
        one.Should().NotBeSameAs(two);
        ((LoyaltyLedger)two!).Store.Should().BeSameAs(store2);
        ((LoyaltyLedger)one!).Store.Should().NotBeSameAs(store2);
        provider.GetRequiredKeyedService<ILoyaltyLedger>("1").Should().BeSameAs(one);
        provider.GetRequiredKeyedService<ILedgerStore>("2").Should().BeSameAs(store2);
    }

    [Fact]
    public void Registering_a_channel_twice_is_refused()
    {
        var builder = new ServiceCollection().AddLoyalty().AddChannel("1");
        var act = () => builder.AddChannel("1");
        act.Should().Throw<InvalidOperationException>().WithMessage("*'1'*already registered*");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void A_channel_id_that_cannot_be_a_route_segment_is_refused(string id)
    {
        var builder = new ServiceCollection().AddLoyalty();
        var act = () => builder.AddChannel(id);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Mapping_the_endpoints_without_any_channel_is_refused()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddLoyalty();
        using var app = builder.Build();
        var act = () => app.MapLoyaltyEndpoints();
        act.Should().Throw<InvalidOperationException>().WithMessage("*AddChannel*");
    }

    [Fact]
    public void Mapping_under_a_prefix_without_the_channel_parameter_is_refused()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddLoyalty().AddChannel("1");
        using var app = builder.Build();
        var act = () => app.MapLoyaltyEndpoints("/loyalty");
        act.Should().Throw<ArgumentException>().WithMessage("*commerce_channel_id*");
    }
}
