using Akinon.Loyalty.Storage;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.Tests.DependencyInjection;

public sealed class NamedLedgerTests
{
    [Fact]
    public async Task Two_named_ledgers_read_their_own_options_which_start_as_the_hosts()
    {
        var services = new ServiceCollection();
        var builder = services.AddLoyalty(o => o.SaleAccountNumber = "sale");
        builder.AddLedger("1", _ => new InMemoryLedgerStore()).AddLedger("2", _ => new InMemoryLedgerStore());
        services.Configure<LoyaltyOptions>("2", o => o.Enabled = false);
        using var provider = services.BuildServiceProvider();

        var one = provider.GetRequiredKeyedService<ILoyaltyLedger>("1");
        var two = provider.GetRequiredKeyedService<ILoyaltyLedger>("2");
        var onePayer = await one.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 7, Balance = Akinon.Loyalty.Money.Of(10m, Currency.EUR) });
        await two.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 7, Balance = Akinon.Loyalty.Money.Of(10m, Currency.EUR) });

        var paid = await one.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "O-1", UserId = 7, Amount = Akinon.Loyalty.Money.Of(4m, Currency.EUR) });
        paid.Covered.Should().Be(Akinon.Loyalty.Money.Of(4m, Currency.EUR));
        (await one.GetAccountAsync(onePayer.Id)).Balance.Should().Be(Akinon.Loyalty.Money.Of(6m, Currency.EUR));
        var before = await Akinon.Loyalty.Testing.LedgerSnapshot.TakeAsync(two);
        var refused = await Assert.ThrowsAsync<LoyaltyException>(async () => await two.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "O-1", UserId = 7, Amount = Akinon.Loyalty.Money.Of(4m, Currency.EUR) }));
        refused.Code.Should().Be(LoyaltyErrorCode.LoyaltyDisabled);
        (await Akinon.Loyalty.Testing.LedgerSnapshot.TakeAsync(two)).SameAs(before).Should().BeTrue("a refusal changes nothing");

        (await one.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Number.Should().Be("sale", "a named ledger starts from the host's options");
        (await two.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Number.Should().Be("sale");
        var monitor = provider.GetRequiredService<IOptionsMonitor<LoyaltyOptions>>();
        monitor.Get("1").Enabled.Should().BeTrue();
        monitor.Get("2").Enabled.Should().BeFalse();
        monitor.CurrentValue.Enabled.Should().BeTrue();
    }

    [Fact]
    public void A_named_ledgers_options_reload_with_the_hosts()
    {
        var source = new ReloadableEnabled();
        var services = new ServiceCollection();
        services.AddSingleton<IOptionsChangeTokenSource<LoyaltyOptions>>(source);
        services.AddLoyalty(o => o.Enabled = source.Enabled).AddLedger("1", _ => new InMemoryLedgerStore());
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<LoyaltyOptions>>();
        monitor.Get("1").Enabled.Should().BeTrue();

        source.Switch(enabled: false);

        monitor.CurrentValue.Enabled.Should().BeFalse();
        monitor.Get("1").Enabled.Should().BeFalse("switching loyalty money off in a reloadable source reaches every named ledger");
    }

    [Fact]
    public void A_named_ledgers_options_are_validated_at_start()
    {
        var services = new ServiceCollection();
        services.AddLoyalty().AddLedger("1", _ => new InMemoryLedgerStore());
        services.Configure<LoyaltyOptions>("1", o => o.MaxConcurrencyRetries = -1);
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptionsMonitor<LoyaltyOptions>>().Get("1");
        read.Should().Throw<OptionsValidationException>().WithMessage("*MaxConcurrencyRetries*");
    }

    /// <summary>A reloadable source of the host's unnamed options, as configuration bound with reload is.</summary>
    private sealed class ReloadableEnabled : IOptionsChangeTokenSource<LoyaltyOptions>
    {
        private CancellationTokenSource _changed = new();

        public bool Enabled { get; private set; } = true;

        public string Name => Options.DefaultName;

        public IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

        public void Switch(bool enabled)
        {
            Enabled = enabled;
            var changed = _changed;
            _changed = new CancellationTokenSource();
            changed.Cancel();
            changed.Dispose();
        }
    }
}
