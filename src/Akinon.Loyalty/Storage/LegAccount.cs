namespace Akinon.Loyalty.Storage;

/// <summary>A leg's account as <see cref="DraftRules.NeverBelowZero"/> sees it.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Balance">Its balance now, in minor units.</param>
/// <param name="DebitAllowed">Whether it may go below zero.</param>
internal readonly record struct LegAccount(long AccountId, long Balance, bool DebitAllowed);
