namespace Akinon.Loyalty.Storage;

/// <summary>What a store did with a draft that it did not refuse.</summary>
/// <param name="Transaction">The posted transaction: the new one, or the original for a replay.</param>
/// <param name="Replayed"><see langword="true"/> when the idempotency key had already posted the same request and nothing was written.</param>
public readonly record struct PostOutcome(Transaction Transaction, bool Replayed);
