using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Akinon.Loyalty.Tests.Expiry;

public sealed class ExpiryWorkerTests
{
    [Fact]
    public async Task The_worker_runs_at_start_and_on_every_tick_of_the_injected_clock()
    {
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddLoyalty().AddExpiryWorker(TimeSpan.FromHours(1));
        services.AddLoyalty().AddExpiryWorker(TimeSpan.FromHours(1));
        services.Count(static d => d.ServiceType == typeof(IHostedService)).Should().Be(1, "the worker is added once");
        await using var provider = services.BuildServiceProvider();
        var ledger = provider.GetRequiredService<ILoyaltyLedger>();
        var account = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1, Balance = Loyalty.Money.Of(10, Currency.EUR), ExpiresAt = start.AddMinutes(30) });

        var runs = Channel.CreateUnbounded<int>();
        var worker = provider.GetRequiredService<ExpiryWorker>();
        worker.Ran += expired => runs.Writer.TryWrite(expired);
        var hosted = provider.GetRequiredService<IHostedService>();
        await hosted.StartAsync(CancellationToken.None);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        (await runs.Reader.ReadAsync(patience.Token)).Should().Be(0, "at start nothing has expired");
        clock.Advance(TimeSpan.FromHours(1));
        (await runs.Reader.ReadAsync(patience.Token)).Should().Be(1, "the tick after the expiry moves the money");
        (await ledger.GetAccountAsync(account.Id)).Balance.Should().Be(Loyalty.Money.Zero(Currency.EUR));
        (await ledger.GetSystemAccountAsync(AccountKind.Breakage, Currency.EUR)).Balance.Should().Be(Loyalty.Money.Of(10, Currency.EUR));
        await hosted.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void The_interval_must_be_positive()
        => FluentActions.Invoking(static () => new ServiceCollection().AddLoyalty().AddExpiryWorker(TimeSpan.Zero)).Should().Throw<ArgumentOutOfRangeException>();
}
