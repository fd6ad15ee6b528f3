using Akinon.Loyalty.Samples.WebApi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.EndToEnd;

/// <summary>The sample host maps <c>/health</c> (its PostgreSQL checks are tested in the PostgreSQL tests).</summary>
public sealed class SampleHealthTests
{
    [Fact]
    public async Task The_sample_in_memory_answers_healthy_on_health()
    {
        await using var app = SampleApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing", "--ConnectionStrings:Loyalty=", "--Logging:LogLevel:Default=None"]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await client.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }
}
