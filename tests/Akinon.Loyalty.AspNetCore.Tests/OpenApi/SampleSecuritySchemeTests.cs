using Akinon.Loyalty.Samples.WebApi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.OpenApi;

/// <summary>The sample host's OpenAPI document declares Akinon's Token scheme and requires it.</summary>
public sealed class SampleSecuritySchemeTests
{
    [Fact]
    public async Task The_sample_openapi_document_declares_the_Token_scheme_in_the_Authorization_header()
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--environment", "Testing", "--ConnectionStrings:Loyalty=", "--Logging:LogLevel:Default=None", .. TestKeys.SampleArgs];
        await using var app = SampleApp.Build(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await client.GetAsync("/openapi/v1.json");
        var document = await Expect.Json(response, HttpStatusCode.OK);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Token");
        scheme.Str("type").Should().Be("apiKey");
        scheme.Str("in").Should().Be("header");
        scheme.Str("name").Should().Be("Authorization");
        document.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name).Should().Equal("Token");

        using var anonymous = await client.GetAsync("/api/v1/remote/1/loyalty_account/");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await app.StopAsync();
    }
}
