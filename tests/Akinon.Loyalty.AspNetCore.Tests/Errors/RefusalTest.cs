using System.Text.Json;

namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

/// <summary>
/// A server with some history in both channels (accounts, a transfer, an order payment), and a check that a
/// refused request answers with the expected problem and changes nothing in any channel.
/// </summary>
public abstract class RefusalTest : ServerTest
{
    protected long Alice { get; private set; }

    protected long AliceSecond { get; private set; }

    protected long Bob { get; private set; }

    protected long BobLira { get; private set; }

    protected long OtherChannelAccount { get; private set; }

    protected string PaymentUuid { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Alice = await OpenAsync(100, "50.00", email: "alice@example.com");
        AliceSecond = await OpenAsync(100, "0");
        Bob = await OpenAsync(200, "10.00");
        BobLira = await OpenAsync(200, "10.00", currency: "try");
        OtherChannelAccount = await OpenAsync(300, "70.00", channel: "2");
        using (var transfer = await Server.PostAsync("1", $"loyalty_account/{Alice}/create_transfer/", $$"""{"amount": "5", "source_account": {{Alice}}, "destination_account": {{AliceSecond}}}"""))
        {
            transfer.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        var payment = await PayAsync("ORDER-1", 100, "30.00", order: 7);
        PaymentUuid = payment.Str("uuid");
    }

    /// <summary>Sends a request that must be refused, checks the problem, and that every listing of both channels is unchanged.</summary>
    protected async Task<JsonElement> Refused(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string code)
    {
        var before = await Server.SnapshotAsync();
        using var response = await send();
        var problem = await Expect.Problem(response, status, code);
        (await Server.SnapshotAsync()).Should().Be(before, "a refused request changes nothing");
        return problem;
    }

    protected Task<JsonElement> RefusedPost(string route, string json, HttpStatusCode status, string code, string channel = "1", string? key = null)
        => Refused(() => Server.PostAsync(channel, route, json, key), status, code);
}
