using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.AspNetCore.Tests.Errors;

/// <summary>With loyalty money switched off, payments, transfers and gift cards are refused; reads and refunds still work.</summary>
public sealed class DisabledLoyaltyTests : RefusalTest
{
    private readonly MutableOptions _options = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _options.Current.Enabled = false;
    }

    [Fact]
    public async Task Order_payments_transfers_and_gift_cards_are_refused_and_reads_and_refunds_work()
    {
        await RefusedPost("loyalty-transactions/order-payment/", """{"order_number": "O-9", "user": 100, "currency": "eur", "amount": "10"}""", HttpStatusCode.BadRequest, "loyalty_disabled");
        await RefusedPost($"loyalty_account/{Alice}/create_transfer/", $$"""{"amount": "1", "source_account": {{Alice}}, "destination_account": {{AliceSecond}}}""", HttpStatusCode.BadRequest, "loyalty_disabled");
        var problem = await RefusedPost("loyalty_gift_card/", """{"amount": "10", "currency": "eur"}""", HttpStatusCode.BadRequest, "loyalty_disabled");
        problem.Str("detail").Should().Contain("switched off");

        (await AccountAsync(Alice)).Str("balance").Should().Be("15.00");
        using var refund = await Server.PostAsync("1", "loyalty-transactions/cross-refund/", """{"order_number": "ORDER-1", "amount": "30"}""");
        (await Expect.Json(refund, HttpStatusCode.Created)).Str("amount").Should().Be("30.00");
    }

    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(configureServices: services => services.AddSingleton<IOptionsMonitor<LoyaltyOptions>>(_options));

    private sealed class MutableOptions : IOptionsMonitor<LoyaltyOptions>
    {
        public LoyaltyOptions Current { get; } = new();

        public LoyaltyOptions CurrentValue => Current;

        public LoyaltyOptions Get(string? name) => Current;

        public IDisposable? OnChange(Action<LoyaltyOptions, string?> listener) => null;
    }
}
