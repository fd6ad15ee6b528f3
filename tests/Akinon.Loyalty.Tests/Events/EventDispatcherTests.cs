using System.Collections.Concurrent;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Akinon.Loyalty.Tests.Events;

/// <summary><c>AddEventHandler</c>: every event reaches the handler in order, and a restarted host resumes after its checkpoint.</summary>
public sealed class EventDispatcherTests
{
    [Fact]
    public async Task Events_reach_the_handler_in_order_and_a_new_host_resumes_after_the_checkpoint()
    {
        var store = new InMemoryLedgerStore();
        var first = await RunUntilAsync(store, postBefore: 3, expected: 3);
        first.Should().Equal(1L, 2L, 3L);
        (await store.GetCheckpointAsync("recorder", default)).Should().Be(3);

        var second = await RunUntilAsync(store, postBefore: 2, expected: 2);
        second.Should().Equal([4L, 5L], "only events after the checkpoint are delivered again");
        (await store.GetCheckpointAsync("recorder", default)).Should().Be(5);
    }

    [Fact]
    public async Task A_failing_handler_gets_the_same_event_again_and_nothing_is_skipped()
    {
        var store = new InMemoryLedgerStore();
        var delivered = await RunUntilAsync(store, postBefore: 3, expected: 4, failOnce: 2);

        delivered.Should().Equal(1L, 2L, 2L, 3L);
    }

    private static async Task<List<long>> RunUntilAsync(InMemoryLedgerStore store, int postBefore, int expected, long? failOnce = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILedgerStore>(store);
        var recorder = new Recorder(expected, failOnce);
        services.AddSingleton(recorder);
        services.AddLoyalty().AddEventHandler<Recorder>("recorder");
        await using var provider = services.BuildServiceProvider();
        var ledger = provider.GetRequiredService<ILoyaltyLedger>();
        for (var i = 0; i < postBefore; i++)
        {
            await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = i + 1, Balance = Akinon.Loyalty.Money.Of(1, Currency.EUR) });
        }

        var hosted = provider.GetServices<IHostedService>().Single();
        await hosted.StartAsync(default);
        await recorder.Done.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await hosted.StopAsync(default);
        return [.. recorder.Positions];
    }

    private sealed class Recorder(int expected, long? failOnce) : ILoyaltyEventHandler
    {
        private bool _failed;

        public ConcurrentQueue<long> Positions { get; } = new();

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask HandleAsync(LoyaltyEvent loyaltyEvent, CancellationToken cancellationToken)
        {
            Positions.Enqueue(loyaltyEvent.Position);
            if (loyaltyEvent.Position == failOnce && !_failed)
            {
                _failed = true;
                throw new InvalidOperationException("The handler's downstream is briefly away.");
            }

            if (Positions.Count == expected)
            {
                Done.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }
    }
}
