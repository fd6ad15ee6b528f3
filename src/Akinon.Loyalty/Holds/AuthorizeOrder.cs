using Akinon.Loyalty.Internal;

namespace Akinon.Loyalty;

/// <summary>
/// Authorises an order payment: allocates exactly as <see cref="PayOrder"/> does and moves the money to the Hold
/// account instead of Sale. The hold takes the order's payment key, so an order has one payment or one hold.
/// </summary>
internal sealed class AuthorizeOrder(LedgerContext ledger, PayOrder payOrder, RecentHolds recentHolds)
{
    public async ValueTask<OrderAuthorization> RunAsync(OrderPaymentRequest request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (hold, target) = PayOrder.Check(request, hold: true, timeout);
        if (timeout is { } requested && requested <= TimeSpan.Zero)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "The authorisation timeout must be positive.");
        }

        var lasts = timeout ?? ledger.Options.CurrentValue.AuthorizationTimeout;
        var now = ledger.Now();
        if (lasts > DateTimeOffset.MaxValue - now)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "The authorisation timeout is too long: the hold would expire after the last representable instant.");
        }

        // Whole microseconds, as every store keeps times.
        var expiresAt = now + lasts;
        expiresAt = expiresAt.AddTicks(-(expiresAt.UtcTicks % 10));
        var outcome = await payOrder.RunAsync(hold, target, PaymentDestination.Hold(expiresAt), cancellationToken).ConfigureAwait(false);
        recentHolds.Remember(outcome.Transaction);
        return OrderAuthorization.From(outcome);
    }
}
