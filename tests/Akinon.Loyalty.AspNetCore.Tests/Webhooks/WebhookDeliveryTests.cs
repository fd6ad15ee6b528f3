using System.Text;
using Akinon.Loyalty.Samples.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.AspNetCore.Tests.Webhooks;

/// <summary>The sample host POSTs every event of a channel, signed, to a receiver on loopback, in order, once each.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly Currency Eur = Currency.EUR;

    [Fact]
    public async Task A_verifying_receiver_sees_each_event_once_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartSampleAsync(receiver);
        var ledger = app.Services.GetRequiredKeyedService<ILoyaltyLedger>("1");

        var uuids = await PostEventsAsync(ledger, transfers: 3);
        await receiver.WaitForAsync(uuids.Count);

        // One more event after the first ones were acknowledged: had any been delivered twice, it would show before it.
        var accounts = await ledger.ListAccountsAsync(new AccountQuery { Currency = Eur, UserId = 1 });
        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Eur);
        uuids.Add((await ledger.TransferAsync(new TransferRequest { SourceAccountId = bank.Id, DestinationAccountId = accounts.Items.Single().Id, Amount = Money.Of(1m, Eur) })).Uuid);
        await receiver.WaitForAsync(uuids.Count);

        var first = receiver.ShouldHaveReceivedOnceInOrder(uuids);
        first.GetProperty("transaction").GetProperty("transaction_type").GetString().Should().Be("adjustment");
        first.GetProperty("transfers").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task A_receiver_that_fails_the_first_attempts_gets_the_event_on_a_retry_and_only_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 3);
        await using var app = await StartSampleAsync(receiver);
        var uuids = await PostEventsAsync(app.Services.GetRequiredKeyedService<ILoyaltyLedger>("1"), transfers: 2);

        await receiver.WaitForAsync(uuids.Count);

        receiver.Accepted.Should().Equal(Enumerable.Range(1, uuids.Count).Select(p => (long)p));
        receiver.Attempts.Should().Be(uuids.Count + 3, "the first event took three refused attempts and one accepted");
    }

    [Fact]
    public async Task When_every_attempt_fails_the_event_is_kept_and_delivered_after_the_dispatcher_pause()
    {
        // Two attempts per hand-over and five refusals: the sender gives the first event back to the dispatcher twice,
        // whose checkpoint does not move, and it hands the same event over again.
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 5);
        await using var app = await StartSampleAsync(receiver, "--Webhooks:MaxAttempts=2");
        var uuids = await PostEventsAsync(app.Services.GetRequiredKeyedService<ILoyaltyLedger>("1"), transfers: 1);

        await receiver.WaitForAsync(uuids.Count);

        receiver.Accepted.Should().Equal(Enumerable.Range(1, uuids.Count).Select(p => (long)p));
        receiver.Attempts.Should().Be(uuids.Count + 5);
    }

    [Fact]
    public async Task A_delivery_with_a_tampered_body_fails_verification()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartSampleAsync(receiver);
        await PostEventsAsync(app.Services.GetRequiredKeyedService<ILoyaltyLedger>("1"), transfers: 0);
        await receiver.WaitForAsync(1);
        var (header, body) = receiver.Deliveries[0];
        var now = DateTimeOffset.UtcNow;

        LoyaltyWebhookSignature.Verify(header, body, WebhookReceiver.Secret, now, LoyaltyWebhookSignature.DefaultTolerance).Should().BeTrue();
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\"50.00\"", "\"5000.00\"", StringComparison.Ordinal));
        tampered.Should().NotEqual(body);
        LoyaltyWebhookSignature.Verify(header, tampered, WebhookReceiver.Secret, now, LoyaltyWebhookSignature.DefaultTolerance).Should().BeFalse();
        LoyaltyWebhookSignature.Verify(header, body, "another secret", now, LoyaltyWebhookSignature.DefaultTolerance).Should().BeFalse();
    }

    [Fact]
    public async Task The_sample_refuses_to_start_with_a_webhook_without_a_secret()
    {
        var build = () => SampleApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=None", "--ConnectionStrings:Loyalty=", "--Webhooks:Endpoints:crm:Url=http://127.0.0.1:9/hook"]);
        build.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*Secret*");
        await Task.CompletedTask;
    }

    private static async Task<WebApplication> StartSampleAsync(WebhookReceiver receiver, params string[] extra)
    {
        var app = SampleApp.Build([
            "--urls", "http://127.0.0.1:0", "--environment", "Testing", "--ConnectionStrings:Loyalty=", "--Logging:LogLevel:Default=None",
            $"--Webhooks:Endpoints:test:Url={receiver.Url}", $"--Webhooks:Endpoints:test:Secret={WebhookReceiver.Secret}",
            "--Webhooks:Endpoints:test:Channels:0=1", "--Webhooks:FirstRetryDelay=00:00:00.010", "--Webhooks:MaxRetryDelay=00:00:00.050",
            .. extra]);
        await app.StartAsync();
        return app;
    }

    /// <summary>Opens two accounts (the first with 50.00, an event) and posts transfers between them; returns the events' transaction UUIDs.</summary>
    private static async Task<List<Guid>> PostEventsAsync(ILoyaltyLedger ledger, int transfers)
    {
        var alice = await ledger.CreateAccountAsync(new CreateAccountRequest { UserId = 1, Currency = Eur, Balance = Money.Of(50m, Eur) });
        var bob = await ledger.CreateAccountAsync(new CreateAccountRequest { UserId = 2, Currency = Eur });
        var uuids = new List<Guid> { (await ledger.ReadEventsAsync(LoyaltyEvent.Start, 1))[0].Transaction.Uuid };
        for (var i = 0; i < transfers; i++)
        {
            uuids.Add((await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(1m, Eur) })).Uuid);
        }

        return uuids;
    }
}
