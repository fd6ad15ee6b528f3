namespace Akinon.Loyalty.Storage;

/// <summary>
/// The summed balance of a group of accounts of one kind as <see cref="ILedgerStore.SumBalancesAsync"/> answers it: those
/// expiring at one instant, or (with <see cref="ExpiresAt"/> <see langword="null"/>) those that never expire or expire
/// after the window the caller asked about.
/// </summary>
/// <param name="Kind">The accounts' kind.</param>
/// <param name="ExpiresAt">Their expiry, within the window; <see langword="null"/> for the rest.</param>
/// <param name="Balance">Their balances summed, in minor units.</param>
public readonly record struct BalanceGroup(AccountKind Kind, DateTimeOffset? ExpiresAt, long Balance);
