using Akinon.Loyalty.Samples.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore.Tests.Listing;

/// <summary>Page links never echo the request's Host, which any client sets: they are relative, or under the configured public address.</summary>
public sealed class PageLinkTests
{
    [Fact]
    public async Task Without_a_public_address_links_are_relative_whatever_the_Host_header_says()
    {
        await using var server = await LoyaltyServer.StartAsync();
        var (next, previous) = await LinksAsync(server.Client, "evil.example");
        next.Should().Be("/api/v1/remote/1/loyalty_account/?limit=1&page=3");
        previous.Should().Be("/api/v1/remote/1/loyalty_account/?limit=1&page=1");
    }

    [Theory]
    [InlineData("https://shop.example/", "https://shop.example/api/v1/remote/1/loyalty_account/?limit=1&page=3")]
    [InlineData("https://gateway.example:8443/loyalty/", "https://gateway.example:8443/loyalty/api/v1/remote/1/loyalty_account/?limit=1&page=3")]
    public async Task With_a_public_address_links_are_under_it_whatever_the_Host_header_says(string address, string expected)
    {
        await using var server = await LoyaltyServer.StartAsync(configureServices: s => s.Configure<LoyaltyEndpointOptions>(o => o.PublicBaseAddress = new Uri(address)));
        var (next, previous) = await LinksAsync(server.Client, "evil.example");
        next.Should().Be(expected);
        previous.Should().StartWith(address).And.NotContain("evil.example");
    }

    [Theory]
    [InlineData("/relative/")]
    [InlineData("ftp://shop.example/")]
    [InlineData("https://shop.example/?a=1")]
    public async Task A_public_address_that_is_not_an_absolute_http_address_fails_the_start(string address)
    {
        var act = () => LoyaltyServer.StartAsync(configureServices: s => s.Configure<LoyaltyEndpointOptions>(o => o.PublicBaseAddress = new Uri(address, UriKind.RelativeOrAbsolute)));
        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("PublicBaseAddress");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://shop.example/")]
    public async Task The_sample_host_sends_no_Server_header_and_never_links_to_the_Host_it_was_sent(string? publicAddress)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--environment", "Testing", "--ConnectionStrings:Loyalty=", "--Logging:LogLevel:Default=None", .. TestKeys.SampleArgs];
        if (publicAddress is not null)
        {
            args = [.. args, $"--LoyaltyEndpoints:PublicBaseAddress={publicAddress}"];
        }

        await using var app = SampleApp.Build(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new(LoyaltyKeys.Scheme, TestKeys.Admin);

        var (next, previous) = await LinksAsync(client, "evil.example", response => response.Headers.Server.Should().BeEmpty("the sample sends no Server header"));
        next.Should().NotContain("evil.example").And.StartWith(publicAddress ?? "/api/v1/remote/1/");
        previous.Should().NotContain("evil.example");
    }

    /// <summary>Opens three accounts, then reads the middle page of one account each with the given Host header.</summary>
    private static async Task<(string Next, string Previous)> LinksAsync(HttpClient client, string host, Action<HttpResponseMessage>? check = null)
    {
        for (var i = 0; i < 3; i++)
        {
            using var opened = await client.PostAsync(
                LoyaltyServer.Path("1", "loyalty_account/"),
                new StringContent($$"""{"currency": "try", "user": {{i + 1}}}""", System.Text.Encoding.UTF8, "application/json"));
            opened.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, LoyaltyServer.Path("1", "loyalty_account/?limit=1&page=2"));
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        check?.Invoke(response);
        var page = await Expect.Json(response, HttpStatusCode.OK);
        return (page.Str("next"), page.Str("previous"));
    }
}
