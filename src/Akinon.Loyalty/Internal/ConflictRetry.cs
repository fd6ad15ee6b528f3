namespace Akinon.Loyalty.Internal;

/// <summary>The refusals an operation prepares again after: one or two codes, judged by the operation's loop.</summary>
internal readonly record struct RetryOn(LoyaltyErrorCode Code, LoyaltyErrorCode? OrCode = null)
{
    public bool Matches(LoyaltyErrorCode code) => code == Code || code == OrCode;
}

/// <summary>
/// The one loop every operation runs when a concurrent writer may have got there first: an attempt reads,
/// prepares and writes; a refusal named by <see cref="RetryOn"/> means the state it read is gone, so it runs
/// again from fresh reads, up to a budget, and never after cancellation.
/// </summary>
/// <remarks>
/// The attempt is a static delegate over a state value, so a call allocates no closure (payments run through
/// here on their hot path).
/// </remarks>
internal static class ConflictRetry
{
    public static async ValueTask<TResult> RunAsync<TState, TResult>(
        TState state,
        Func<TState, CancellationToken, ValueTask<TResult>> attempt,
        RetryOn retryOn,
        int budget,
        LedgerTelemetry telemetry,
        string operation,
        CancellationToken cancellationToken)
    {
        for (var attempted = 0; ; attempted++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await attempt(state, cancellationToken).ConfigureAwait(false);
            }
            catch (LoyaltyException e) when (attempted < budget && retryOn.Matches(e.Code))
            {
                telemetry.Retried(operation);
            }
        }
    }
}
