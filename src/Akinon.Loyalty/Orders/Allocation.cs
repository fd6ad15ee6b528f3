namespace Akinon.Loyalty;

/// <summary>What one account gives to an order payment.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Number">The account's number.</param>
/// <param name="Amount">The amount taken from it (positive).</param>
public sealed record Allocation(long AccountId, string Number, Money Amount);
