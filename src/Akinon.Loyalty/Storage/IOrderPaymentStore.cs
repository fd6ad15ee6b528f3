namespace Akinon.Loyalty.Storage;

/// <summary>
/// An optional store capability: allocate and post an order payment in one atomic step, so a checkout costs
/// one round trip to the database instead of a read and a write. The ledger uses it for the built-in
/// allocation orders (<see cref="AllocationOrder.OldestFirst"/>, <see cref="AllocationOrder.SmallestBalanceFirst"/>)
/// and falls back to read, allocate with <see cref="OrderAllocator"/>, and post for any other order. Results
/// must be exactly those of that fallback; the conformance suite runs both.
/// </summary>
public interface IOrderPaymentStore
{
    /// <summary>
    /// Atomically: if <see cref="OrderPaymentDraft.IdempotencyKey"/> was used, replays it (same fingerprint) or
    /// refuses with <see cref="LoyaltyErrorCode.IdempotencyConflict"/>; otherwise takes <c>min(remaining, balance)</c>
    /// from each of the user's non-system accounts in the currency with a positive balance, in the draft's order
    /// (ties by ascending id), until the target is covered, and posts those legs and the credit to the Sale account
    /// as one <see cref="TransactionKind.OrderPayment"/>. When the user has nothing to give, nothing is written.
    /// </summary>
    /// <param name="draft">The payment.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The posted or replayed payment, or no transaction when nothing was available.</returns>
    ValueTask<OrderPaymentOutcome> PayOrderAsync(OrderPaymentDraft draft, CancellationToken cancellationToken);
}
