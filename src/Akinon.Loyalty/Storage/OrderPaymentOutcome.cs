namespace Akinon.Loyalty.Storage;

/// <summary>What a store did with an <see cref="OrderPaymentDraft"/>.</summary>
/// <param name="Transaction">The posted (or, for a replay, the original) payment; <see langword="null"/> when the user had nothing to give and nothing was written.</param>
/// <param name="Allocations">Which accounts paid how much, in drawing order.</param>
/// <param name="Replayed"><see langword="true"/> when the key had already posted the same request.</param>
public readonly record struct OrderPaymentOutcome(Transaction? Transaction, IReadOnlyList<Allocation> Allocations, bool Replayed);
