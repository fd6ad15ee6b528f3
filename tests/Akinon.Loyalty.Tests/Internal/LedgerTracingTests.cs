using System.Collections.Concurrent;
using System.Diagnostics;
using Akinon.Loyalty.Storage;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Akinon.Loyalty.Tests.Internal;

/// <summary>Each write operation is one span on the <c>Akinon.Loyalty</c> source, under whatever span the caller is in.</summary>
public sealed class LedgerTracingTests : IDisposable
{
    private static readonly ActivitySource TestSource = new("Akinon.Loyalty.Tests.Tracing");

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public LedgerTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is LoyaltyDiagnostics.ActivitySourceName or "Akinon.Loyalty.Tests.Tracing",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Each_operation_is_one_span_tagged_with_operation_currency_channel_and_outcome()
    {
        var services = new ServiceCollection();
        services.AddLoyalty().AddLedger("channel-7", static _ => new InMemoryLedgerStore());
        await using var provider = services.BuildServiceProvider();
        var ledger = provider.GetRequiredKeyedService<ILoyaltyLedger>("channel-7");

        using (var parent = TestSource.StartActivity("checkout")!)
        {
            var a = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.TRY, UserId = 1, Balance = Akinon.Loyalty.Money.Of(5, Currency.TRY) });
            var b = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.TRY, UserId = 2 });
            await ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Akinon.Loyalty.Money.Of(1, Currency.TRY) });
            Activity.Current.Should().BeSameAs(parent, "the ledger's span is current only inside the operation");

            var spans = Children(parent);
            spans.Select(s => s.OperationName).Should().Equal("create_account", "create_account", "transfer");
            var transfer = spans[2];
            transfer.Source.Name.Should().Be("Akinon.Loyalty");
            transfer.GetTagItem("loyalty.operation").Should().Be("transfer");
            transfer.GetTagItem("loyalty.currency").Should().Be("TRY");
            transfer.GetTagItem("loyalty.channel").Should().Be("channel-7");
            transfer.GetTagItem("loyalty.outcome").Should().Be("ok");
            transfer.GetTagItem("loyalty.error_code").Should().BeNull();
            transfer.Status.Should().Be(ActivityStatusCode.Unset);
        }
    }

    [Fact]
    public async Task A_refusal_is_an_error_span_carrying_the_error_code()
    {
        var ledger = new ServiceCollection().AddLoyalty().Services.BuildServiceProvider().GetRequiredService<ILoyaltyLedger>();
        var a = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1 });
        var b = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 2 });

        using var parent = TestSource.StartActivity("refused")!;
        var refusal = await Assert.ThrowsAsync<LoyaltyException>(() => ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Akinon.Loyalty.Money.Of(100, Currency.EUR) }).AsTask());

        var span = Children(parent).Should().ContainSingle().Subject;
        span.OperationName.Should().Be("transfer");
        span.GetTagItem("loyalty.outcome").Should().Be("refused");
        span.GetTagItem("loyalty.error_code").Should().Be(nameof(LoyaltyErrorCode.InsufficientFunds));
        span.GetTagItem("loyalty.error_code").Should().Be(refusal.Code.ToString());
        span.GetTagItem("loyalty.channel").Should().BeNull("the default ledger has no channel name");
        span.Status.Should().Be(ActivityStatusCode.Error);
    }

    [Fact]
    public async Task A_gift_card_span_carries_the_card_currency()
    {
        var ledger = new ServiceCollection().AddLoyalty().Services.BuildServiceProvider().GetRequiredService<ILoyaltyLedger>();
        using var parent = TestSource.StartActivity("open")!;
        await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Akinon.Loyalty.Money.Of(3, Currency.USD) });

        var span = Children(parent).Should().ContainSingle().Subject;
        span.OperationName.Should().Be("issue_gift_card");
        span.GetTagItem("loyalty.currency").Should().Be("USD");
    }

    private List<Activity> Children(Activity parent)
        => _stopped.Where(s => s.ParentSpanId == parent.SpanId && s.TraceId == parent.TraceId).OrderBy(s => s.StartTimeUtc).ToList();
}
