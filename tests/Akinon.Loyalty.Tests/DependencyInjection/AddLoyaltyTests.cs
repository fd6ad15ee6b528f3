using System.Diagnostics.Metrics;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Akinon.Loyalty.Tests.DependencyInjection;

public sealed class AddLoyaltyTests
{
    [Fact]
    public async Task AddLoyalty_registers_a_ledger_on_the_in_memory_store_with_the_injected_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 10, 24, 10, 57, 4, 761, TimeSpan.Zero).AddTicks(4327));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        var builder = services.AddLoyalty(o => o.SaleAccountNumber = "sale");
        builder.Services.Should().BeSameAs(services);
        using var provider = services.BuildServiceProvider();

        var ledger = provider.GetRequiredService<ILoyaltyLedger>();
        provider.GetRequiredService<ILedgerStore>().Should().BeOfType<InMemoryLedgerStore>();
        var account = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1 });
        account.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be("2023-10-24T10:57:04.7614320", "timestamps come from the injected clock, to the seed's microsecond");
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Number.Should().Be("sale");
    }

    [Fact]
    public void AddLoyalty_twice_registers_one_ledger_and_keeps_both_configurations()
    {
        var services = new ServiceCollection();
        services.AddLoyalty(o => o.BankAccountNumber = "b1");
        services.AddLoyalty(o => o.RefundAccountNumber = "r1");
        services.Count(d => d.ServiceType == typeof(ILoyaltyLedger)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ILedgerStore)).Should().Be(1);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<LoyaltyOptions>>().Value;
        options.BankAccountNumber.Should().Be("b1");
        options.RefundAccountNumber.Should().Be("r1");
    }

    [Fact]
    public void A_store_registered_first_wins_over_the_in_memory_default()
    {
        var services = new ServiceCollection();
        var store = new InMemoryLedgerStore();
        services.AddSingleton<ILedgerStore>(store);
        services.AddLoyalty();
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ILedgerStore>().Should().BeSameAs(store);
    }

    [Theory]
    [InlineData("", "Bank", "R")]
    [InlineData("S", "S", "R")]
    [InlineData("S", "B", "   ")]
    [InlineData("S", "Bank ", "R")]
    [InlineData("S", "B\u200b", "R")]
    [InlineData("S", "B\u0430nk", "R")]
    [InlineData("sale", "SALE", "R")]
    public void Invalid_options_fail_at_start(string sale, string bank, string refund)
    {
        var services = new ServiceCollection();
        services.AddLoyalty(o =>
        {
            o.SaleAccountNumber = sale;
            o.BankAccountNumber = bank;
            o.RefundAccountNumber = refund;
        });
        using var provider = services.BuildServiceProvider();
        var read = () => provider.GetRequiredService<IOptions<LoyaltyOptions>>().Value;
        read.Should().Throw<OptionsValidationException>();
    }

    [Fact]
    public void A_missing_allocation_order_fails_at_start_not_at_the_first_payment()
    {
        var services = new ServiceCollection();
        services.AddLoyalty(o => o.AllocationOrder = null!);
        using var provider = services.BuildServiceProvider();
        var read = () => provider.GetRequiredService<IOptions<LoyaltyOptions>>().Value;
        read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("AllocationOrder");
    }

    [Fact]
    public async Task Posted_transactions_and_refusals_are_counted_on_the_Akinon_Loyalty_meter()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLoyalty();
        using var provider = services.BuildServiceProvider();
        var measurements = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        var factory = provider.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Akinon.Loyalty")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();

        var ledger = provider.GetRequiredService<ILoyaltyLedger>();
        var a = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1, Balance = Akinon.Loyalty.Money.Of(5, Currency.EUR) });
        var b = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 2 });
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Akinon.Loyalty.Money.Of(1, Currency.EUR) });
        await Assert.ThrowsAsync<LoyaltyException>(() => ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Akinon.Loyalty.Money.Of(100, Currency.EUR) }).AsTask());

        measurements.Should().Contain(("loyalty.transactions.posted", 1, "kind=Transfer"));
        measurements.Should().Contain(("loyalty.transactions.posted", 1, "kind=Adjustment"));
        measurements.Should().Contain(("loyalty.operations.refused", 1, "operation=transfer,code=InsufficientFunds"));
    }
}
