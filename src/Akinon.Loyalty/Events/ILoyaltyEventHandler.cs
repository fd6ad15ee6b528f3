namespace Akinon.Loyalty;

/// <summary>
/// The host's reaction to the ledger's events, registered with
/// <see cref="LoyaltyEventDispatchExtensions.AddEventHandler{THandler}(ILoyaltyBuilder, string?)"/>: it is handed every
/// event in position order, at least once (an event whose handling failed or was interrupted before its checkpoint
/// was saved comes again), so it should be idempotent (for example keyed by <see cref="LoyaltyEvent.Position"/>).
/// </summary>
public interface ILoyaltyEventHandler
{
    /// <summary>Handles one event; an exception has the same event delivered again after a pause.</summary>
    /// <param name="loyaltyEvent">The event.</param>
    /// <param name="cancellationToken">Signalled when the host stops.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(LoyaltyEvent loyaltyEvent, CancellationToken cancellationToken);
}
