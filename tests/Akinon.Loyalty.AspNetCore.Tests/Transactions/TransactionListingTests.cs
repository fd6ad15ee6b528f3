using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.AspNetCore.Tests.Transactions;

/// <summary>Omnitron's <c>/api/v1/loyalty_transactions/</c>, served for channel 1 (the default channel).</summary>
public sealed class TransactionListingTests : ServerTest
{
    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(
            configureServices: services => services.Configure<LoyaltyEndpointOptions>(o => o.DefaultChannel = "1"),
            map: app => app.MapLoyaltyTransactionEndpoints());

    private async Task<JsonElement> ListAsync(string query = "")
    {
        using var response = await Server.Client.GetAsync("/api/v1/loyalty_transactions/" + query);
        return await Expect.Json(response, HttpStatusCode.OK);
    }

    /// <summary>The seed's story: an opening at 10:57:04.761432, a payment a minute later, a refund after; channel 2 stays out.</summary>
    private async Task<(long Alice, JsonElement Payment)> SeedAsync()
    {
        Server.At("2023-10-24T10:57:04.761432Z");
        var alice = await OpenAsync(414148, "100.00", email: "iso@iso.com");
        await OpenAsync(414148, "7.00", channel: "2");
        Server.At("2023-10-24T10:58:04.000000Z");
        var payment = await PayAsync("2352410252911715", 414148, "30.00", order: 189, email: "iso@iso.com");
        Server.At("2023-10-24T10:59:04.000001Z");
        using var refund = await Server.PostAsync("1", "loyalty-transactions/refund/", $"{{\"transaction_uuid\": \"{payment.Str("uuid")}\", \"amount\": \"20\"}}");
        refund.StatusCode.Should().Be(HttpStatusCode.Created);
        return (alice, payment);
    }

    [Fact]
    public async Task Transactions_are_listed_newest_first_in_omnitrons_shape()
    {
        await SeedAsync();

        var page = await ListAsync();
        page.Long("count").Should().Be(3, "channel 2's opening is another ledger");
        var items = page.GetProperty("results").EnumerateArray().ToArray();
        foreach (var item in items)
        {
            Expect.Fields(item, "pk", "uuid", "amount", "order", "user_email", "transaction_type", "reference", "created_date", "modified_date", "remote_addr", "actor");
            item.Str("created_date").Should().MatchRegex(Expect.Timestamp()).And.Be(item.Str("modified_date"));
            item.Str("amount").Should().MatchRegex(Expect.TwoDecimalAmount());
        }

        items.Select(t => t.Str("transaction_type")).Should().Equal("refund", "order_payment", "adjustment");
        items.Select(t => t.Str("amount")).Should().Equal("20.00", "30.00", "100.00");
        items[1].Long("order").Should().Be(189);
        items[1].Str("user_email").Should().Be("iso@iso.com");
        items[1].Str("reference").Should().Be("2352410252911715");
        items[1].Str("created_date").Should().Be("2023-10-24T10:58:04.000000Z");
        items[2].GetProperty("reference").ValueKind.Should().Be(JsonValueKind.Null);
        items[2].GetProperty("order").ValueKind.Should().Be(JsonValueKind.Null);

        var pk = items[1].Long("pk");
        using var one = await Server.Client.GetAsync($"/api/v1/loyalty_transactions/{pk}/");
        (await Expect.Json(one, HttpStatusCode.OK)).GetRawText().Should().Be(items[1].GetRawText());
    }

    [Theory]
    [InlineData("transaction_type=order_payment", "order_payment")]
    [InlineData("transaction_type=adjustment", "adjustment")]
    [InlineData("transaction_type=gift_card", "")]
    [InlineData("created_date__gte=2023-10-24T10:58:04Z", "refund,order_payment")]
    [InlineData("created_date__gt=2023-10-24T10:58:04Z", "refund")]
    [InlineData("created_date__gt=2023-10-24T10:58:03.9999999Z", "refund,order_payment")]
    [InlineData("created_date__lt=2023-10-24T10:58:04Z", "adjustment")]
    [InlineData("created_date__lte=2023-10-24T10:58:04Z", "order_payment,adjustment")]
    [InlineData("created_date__lte=2023-10-24T10:59:04Z", "order_payment,adjustment")]
    [InlineData("created_date__gte=2023-10-24T10:59:04.0000005Z", "refund")]
    [InlineData("created_date__gt=2023-10-24T10:59:04.000001Z", "")]
    [InlineData("created_date__gt=2023-10-24T10:59:04.0000015Z", "")]
    [InlineData("modified_date__gte=2023-10-24T10:58:00Z&modified_date__lt=2023-10-24T10:59:00Z", "order_payment")]
    [InlineData("created_date__gte=2023-10-24T10:00:00Z&modified_date__gte=2023-10-24T10:58:00Z", "refund,order_payment")]
    [InlineData("created_date__gte=2023-10-24", "refund,order_payment,adjustment")]
    [InlineData("created_date__lt=2023-10-24", "")]
    [InlineData("created_date__gte=2023-10-24T13:58:04%2B03:00&created_date__lte=2023-10-24T13:58:04%2B03:00", "order_payment")]
    [InlineData("transaction_type=&uuid=&created_date__gt=", "refund,order_payment,adjustment")]
    public async Task Transactions_filter_by_type_and_by_creation_and_modification_time(string query, string types)
    {
        await SeedAsync();
        var page = await ListAsync("?" + query);
        page.GetProperty("results").EnumerateArray().Select(t => t.Str("transaction_type"))
            .Should().Equal(types.Length == 0 ? [] : types.Split(','));
    }

    [Fact]
    public async Task Transactions_filter_by_uuid_and_page_by_ten_by_default()
    {
        for (var i = 0; i < 12; i++)
        {
            await OpenAsync(1, "1.00");
        }

        var first = await ListAsync();
        first.Long("count").Should().Be(12);
        first.GetProperty("results").GetArrayLength().Should().Be(10, "limit is 10 by default");
        first.Str("next").Should().Be("/api/v1/loyalty_transactions/?page=2");
        var second = await ListAsync("?page=2");
        second.GetProperty("results").GetArrayLength().Should().Be(2);
        second.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
        var small = await ListAsync("?limit=3&page=4");
        small.GetProperty("results").GetArrayLength().Should().Be(3);

        var uuid = second.GetProperty("results")[0].Str("uuid");
        var byUuid = await ListAsync("?uuid=" + uuid);
        byUuid.GetProperty("results").EnumerateArray().Select(t => t.Str("uuid")).Should().Equal(uuid);
        (await ListAsync("?uuid=" + Guid.NewGuid())).Long("count").Should().Be(0);
    }

    [Theory]
    [InlineData("/api/v1/loyalty_transactions/?page=0")]
    [InlineData("/api/v1/loyalty_transactions/?page=abc")]
    [InlineData("/api/v1/loyalty_transactions/?limit=0")]
    [InlineData("/api/v1/loyalty_transactions/?limit=1001")]
    [InlineData("/api/v1/loyalty_transactions/?limit=-5")]
    [InlineData("/api/v1/loyalty_transactions/?uuid=not-a-uuid")]
    [InlineData("/api/v1/loyalty_transactions/?transaction_type=payment")]
    [InlineData("/api/v1/loyalty_transactions/?transaction_type=REFUND")]
    [InlineData("/api/v1/loyalty_transactions/?created_date__gt=yesterday")]
    [InlineData("/api/v1/loyalty_transactions/?modified_date__lte=2023-13-01")]
    [InlineData("/api/v1/loyalty_transactions/?created_date__gte=2023-10-24&created_date__gte=2023-10-25")]
    [InlineData("/api/v1/loyalty_transactions/abc/")]
    [InlineData("/api/v1/loyalty_transactions/0/")]
    [InlineData("/api/v1/loyalty_transactions/-1/")]
    [InlineData("/api/v1/loyalty_transactions/9223372036854775807/")]
    [InlineData("/api/v1/loyalty_transactions/99999999999999999999/")]
    public async Task Bad_filters_and_ids_are_400_problems_and_change_nothing(string path)
    {
        await SeedAsync();
        var before = await Server.SnapshotAsync();

        using var response = await Server.Client.GetAsync(path);
        await Expect.Problem(response, HttpStatusCode.BadRequest, "invalid_argument");

        (await Server.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task An_unknown_transaction_id_is_a_404_problem()
    {
        await SeedAsync();
        var before = await Server.SnapshotAsync();

        using var response = await Server.Client.GetAsync("/api/v1/loyalty_transactions/99/");
        await Expect.Problem(response, HttpStatusCode.NotFound, "transaction_not_found");

        (await Server.SnapshotAsync()).Should().Be(before);
    }
}

/// <summary>Start-up checks and the OpenAPI description of the transaction routes.</summary>
public sealed class TransactionListingSetupTests
{
    [Fact]
    public async Task Mapping_without_a_default_channel_fails_at_start()
    {
        var act = async () =>
        {
            await using var server = await LoyaltyServer.StartAsync(map: app => app.MapLoyaltyTransactionEndpoints());
        };
        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*DefaultChannel*");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_transaction_routes_with_their_filters()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddLoyalty().AddChannel("1");
        builder.Services.Configure<LoyaltyEndpointOptions>(o => o.DefaultChannel = "1");
        builder.Services.AddOpenApi();
        await using var app = builder.Build();
        app.MapOpenApi();
        app.MapLoyaltyTransactionEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await client.GetAsync("/openapi/v1.json");
        var document = await Expect.Json(response, HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        paths.GetProperty("/api/v1/loyalty_transactions").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.Str("name"))
            .Should().Contain(["uuid", "transaction_type", "created_date__gt", "created_date__gte", "created_date__lt", "created_date__lte", "modified_date__gt", "modified_date__gte", "modified_date__lt", "modified_date__lte", "page", "limit"]);
        paths.GetProperty("/api/v1/loyalty_transactions/{id}").GetProperty("get").GetProperty("responses").EnumerateObject().Select(r => r.Name)
            .Should().Contain(["200", "400", "404"]);
        document.GetProperty("components").GetProperty("schemas").GetProperty("TransactionResponse").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().BeEquivalentTo(["pk", "uuid", "amount", "order", "user_email", "transaction_type", "reference", "created_date", "modified_date", "remote_addr", "actor"]);
        await app.StopAsync();
    }
}
