using Akinon.Loyalty.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akinon.Loyalty.Tests.Internal;

/// <summary>The one conflict-retry loop: its budget, its condition and cancellation between attempts.</summary>
public sealed class ConflictRetryTests
{
    private static readonly LedgerTelemetry Telemetry = new(NullLogger.Instance, LoyaltyMetrics.For(null), channel: null);

    private sealed class Attempts
    {
        public int Count;
        public int FailFirst;
        public LoyaltyErrorCode Failure = LoyaltyErrorCode.ConcurrencyConflict;
        public CancellationTokenSource? CancelOnFailure;
    }

    private static ValueTask<int> Attempt(Attempts attempts, CancellationToken cancellationToken)
    {
        attempts.Count++;
        if (attempts.Count <= attempts.FailFirst)
        {
            attempts.CancelOnFailure?.Cancel();
            throw new LoyaltyException(attempts.Failure, "lost a race");
        }

        return ValueTask.FromResult(attempts.Count);
    }

    private static ValueTask<int> Run(Attempts attempts, RetryOn retryOn, int budget, CancellationToken cancellationToken = default)
        => ConflictRetry.RunAsync(attempts, static (a, ct) => Attempt(a, ct), retryOn, budget, Telemetry, "test", cancellationToken);

    [Fact]
    public async Task A_matching_refusal_is_attempted_again_until_an_attempt_succeeds()
    {
        var attempts = new Attempts { FailFirst = 2 };

        var result = await Run(attempts, new RetryOn(LoyaltyErrorCode.ConcurrencyConflict), budget: 3);

        result.Should().Be(3);
    }

    [Fact]
    public async Task After_the_budget_the_refusal_is_thrown_and_no_further_attempt_is_made()
    {
        var attempts = new Attempts { FailFirst = 100 };

        var run = async () => await Run(attempts, new RetryOn(LoyaltyErrorCode.ConcurrencyConflict), budget: 3);

        (await run.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.ConcurrencyConflict);
        attempts.Count.Should().Be(4, "one attempt plus a budget of three retries");
    }

    [Fact]
    public async Task A_refusal_the_condition_does_not_name_is_thrown_at_once()
    {
        var attempts = new Attempts { FailFirst = 1, Failure = LoyaltyErrorCode.InsufficientFunds };

        var run = async () => await Run(attempts, new RetryOn(LoyaltyErrorCode.ConcurrencyConflict), budget: 3);

        (await run.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.InsufficientFunds);
        attempts.Count.Should().Be(1);
    }

    [Fact]
    public async Task The_second_code_of_the_condition_is_retried_too()
    {
        var attempts = new Attempts { FailFirst = 1, Failure = LoyaltyErrorCode.InsufficientFunds };

        var result = await Run(attempts, new RetryOn(LoyaltyErrorCode.ConcurrencyConflict, LoyaltyErrorCode.InsufficientFunds), budget: 3);

        result.Should().Be(2);
    }

    [Fact]
    public async Task A_cancellation_during_an_attempt_stops_the_loop_before_the_next_one()
    {
        using var cancellation = new CancellationTokenSource();
        var attempts = new Attempts { FailFirst = 100, CancelOnFailure = cancellation };

        var run = async () => await Run(attempts, new RetryOn(LoyaltyErrorCode.ConcurrencyConflict), budget: 10, cancellation.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        attempts.Count.Should().Be(1);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_makes_no_attempt()
    {
        var attempts = new Attempts();

        var run = async () => await Run(attempts, new RetryOn(LoyaltyErrorCode.ConcurrencyConflict), budget: 3, new CancellationToken(canceled: true));

        await run.Should().ThrowAsync<OperationCanceledException>();
        attempts.Count.Should().Be(0);
    }
}
