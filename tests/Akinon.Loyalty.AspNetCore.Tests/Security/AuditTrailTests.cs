using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.Security;

/// <summary>
/// Over Kestrel on loopback, every write records who asked: the key's name as the actor and the connection's address;
/// the Omnitron listing serves them as <c>actor</c> and <c>remote_addr</c>.
/// </summary>
public sealed class AuditTrailTests : ServerTest
{
    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(
            configureServices: services => services.Configure<LoyaltyEndpointOptions>(o => o.DefaultChannel = "1"),
            map: app => app.MapLoyaltyTransactionEndpoints());

    [Fact]
    public async Task Every_write_records_the_keys_name_and_the_remote_address_and_the_listing_serves_them()
    {
        using var writer = Server.WithKey(TestKeys.Channel1);
        var alice = await OpenAsync(1, "100.00");
        var bob = await OpenAsync(2, "0");
        using (var transfer = await PostAsync(writer, $"loyalty_account/{alice}/create_transfer/", $$"""{"source_account": {{alice}}, "destination_account": {{bob}}, "amount": "5.00"}"""))
        {
            transfer.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using (var payment = await PostAsync(writer, "loyalty-transactions/order-payment/", """{"order_number": "AUDIT-1", "user": 1, "currency": "eur", "amount": "10.00"}"""))
        {
            payment.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var items = await ListAsync();
        items.Select(t => t.Str("transaction_type")).Should().Equal("order_payment", "transfer", "adjustment");
        items.Select(t => t.Str("actor")).Should().Equal("writer1", "writer1", "admin");
        items.Should().OnlyContain(t => t.Str("remote_addr") == "127.0.0.1");

        // The ledger keeps the address itself, not only its text.
        Server.Services.GetRequiredService<ILoyaltyChannels>().TryGetLedger("1", out var ledger).Should().BeTrue();
        var newest = (await ledger!.ListTransactionsAsync(new TransactionQuery { Limit = 1 })).Items.Single();
        newest.RemoteAddress.Should().Be(IPAddress.Loopback);
        newest.Actor.Should().Be("writer1");
    }

    [Fact]
    public async Task A_hold_and_its_capture_each_record_the_key_that_asked()
    {
        await OpenAsync(1, "100.00");
        using (var hold = await PostAsync(Server.Client, "loyalty-transactions/order-authorization/", """{"order_number": "AUDIT-H", "user": 1, "currency": "eur", "amount": "10.00"}"""))
        {
            hold.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var writer = Server.WithKey(TestKeys.Channel1);
        using (var capture = await PostAsync(writer, "loyalty-transactions/order-authorization/capture/", """{"order_number": "AUDIT-H", "amount": "4.00"}"""))
        {
            capture.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var items = await ListAsync();
        items.Take(2).Select(t => t.Str("actor")).Should().Equal("writer1", "admin");
        items.Take(2).Should().OnlyContain(t => t.Str("remote_addr") == "127.0.0.1");
    }

    [Fact]
    public async Task A_retry_under_the_same_key_by_another_key_replays_the_first_transaction_with_its_actor()
    {
        var alice = await OpenAsync(1, "100.00");
        var bob = await OpenAsync(2, "0");
        var body = $$"""{"source_account": {{alice}}, "destination_account": {{bob}}, "amount": "5.00"}""";
        using var writer = Server.WithKey(TestKeys.Channel1);
        using (var first = await PostAsync(writer, $"loyalty_account/{alice}/create_transfer/", body, "audit-retry"))
        {
            first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        var before = await Server.SnapshotAsync();
        var listed = await ListAsync();
        using (var retry = await PostAsync(Server.Client, $"loyalty_account/{alice}/create_transfer/", body, "audit-retry"))
        {
            retry.StatusCode.Should().Be(HttpStatusCode.NoContent, "the actor is part of no fingerprint");
        }

        (await Server.SnapshotAsync()).Should().Be(before);
        var after = await ListAsync();
        after.Select(t => t.GetRawText()).Should().Equal(listed.Select(t => t.GetRawText()), "the replay wrote nothing and changed no actor");
        after[0].Str("actor").Should().Be("writer1");
    }

    [Fact]
    public async Task A_route_opened_with_AllowAnonymous_records_no_actor_but_the_address()
    {
        await using var server = await LoyaltyServer.StartAsync(
            configureServices: services => services.Configure<LoyaltyEndpointOptions>(o => o.DefaultChannel = "1"),
            map: app => app.MapLoyaltyTransactionEndpoints().AllowAnonymous(),
            anonymous: true);
        using var anonymous = server.WithKey(null);
        using (var card = await anonymous.PostAsync(LoyaltyServer.Path("1", "loyalty_gift_card/"), new StringContent("""{"amount": "3.00", "currency": "eur"}""", Encoding.UTF8, "application/json")))
        {
            card.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var response = await anonymous.GetAsync("/api/v1/loyalty_transactions/");
        var item = (await Expect.Json(response, HttpStatusCode.OK)).GetProperty("results").EnumerateArray().Single();
        item.GetProperty("actor").ValueKind.Should().Be(JsonValueKind.Null);
        item.Str("remote_addr").Should().Be("127.0.0.1");
    }

    private async Task<JsonElement[]> ListAsync()
    {
        using var response = await Server.Client.GetAsync("/api/v1/loyalty_transactions/?limit=100");
        return (await Expect.Json(response, HttpStatusCode.OK)).GetProperty("results").EnumerateArray().ToArray();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string route, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, LoyaltyServer.Path("1", route)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }
}
