using Akinon.Loyalty.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Akinon.Loyalty.Benchmarks.Micro;

/// <summary>
/// Order payments on <see cref="LoyaltyLedger"/> over <see cref="InMemoryLedgerStore"/>, one-step (the baseline) and
/// two-phase: each order has a new number and draws on all three of its payer's accounts; a capture takes the whole
/// hold. Each iteration starts from a fresh ledger with one funded payer per invocation; requests are built outside
/// the timed region.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
public class PaymentBenchmarks
{
    private const int Invocations = 8_192;

    private LoyaltyLedger _ledger = null!;
    private OrderPaymentRequest[] _requests = [];
    private int _next;

    [IterationSetup]
    public void Setup()
    {
        _ledger = Ledgers.NewInMemory();
        Ledgers.OpenPayersAsync(_ledger, Invocations).GetAwaiter().GetResult();
        _requests = Ledgers.PaymentRequests(Invocations, "B0-");
        _next = 0;
    }

    [Benchmark(Baseline = true, Description = "LoyaltyLedger.PayOrderAsync, 3 accounts")]
    public ValueTask<OrderPayment> PayOrder() => _ledger.PayOrderAsync(_requests[_next++]);

    [Benchmark(Description = "AuthorizeOrderAsync + CaptureOrderAsync, 3 accounts")]
    public async Task<HoldSettlement> AuthorizeAndCapture()
    {
        var request = _requests[_next++];
        await _ledger.AuthorizeOrderAsync(request);
        return await _ledger.CaptureOrderAsync(request.OrderNumber);
    }

    [Benchmark(Description = "AuthorizeOrderAsync, 3 accounts")]
    public ValueTask<OrderAuthorization> Authorize() => _ledger.AuthorizeOrderAsync(_requests[_next++]);
}
