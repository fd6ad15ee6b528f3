using System.Net.Http.Headers;
using Akinon.Loyalty.Samples.WebApi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.EndToEnd;

/// <summary>The sample host maps the data-warehouse, Omnitron transaction and storefront routes beside the channel routes.</summary>
public sealed class SampleRoutesTests
{
    [Fact]
    public async Task The_sample_serves_the_data_warehouse_transactions_and_storefront_routes()
    {
        var key = LoyaltyKeys.Generate();
        await using var app = SampleApp.Build([
            "--urls", "http://127.0.0.1:0", "--environment", "Testing", "--ConnectionStrings:Loyalty=", "--Logging:LogLevel:Default=None", "--OTEL_SDK_DISABLED=true",
            $"--Loyalty:Keys:test:Hash={LoyaltyKeys.Hash(key)}", "--Loyalty:Keys:test:Channels:0=*", "--Loyalty:Keys:test:Permissions=All"]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        await app.Services.GetRequiredKeyedService<ILoyaltyLedger>("1").CreateAccountAsync(new CreateAccountRequest { UserId = 7, Currency = Currency.EUR, Balance = Money.Of(12.5m, Currency.EUR) });

        using (var anonymous = await client.GetAsync("/api/v1/loyalty_transactions/"))
        {
            await Expect.Problem(anonymous, HttpStatusCode.Unauthorized, "unauthorized");
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", key);
        using (var accounts = await client.GetAsync("/api/v1/remote/1/data-warehouse/loyalty/accounts/?user=7"))
        {
            var page = await Expect.Json(accounts, HttpStatusCode.OK);
            page.GetProperty("results")[0].Str("balance").Should().Be("12.50");
        }

        using (var transactions = await client.GetAsync("/api/v1/loyalty_transactions/"))
        {
            (await Expect.Json(transactions, HttpStatusCode.OK)).Long("count").Should().Be(1);
        }

        using var storefront = await client.GetAsync("/account/loyalty-account-balance/");
        await Expect.Problem(storefront, HttpStatusCode.Unauthorized, "not_signed_in");
    }
}
