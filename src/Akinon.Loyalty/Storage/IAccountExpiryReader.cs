namespace Akinon.Loyalty.Storage;

/// <summary>
/// A store that can tell when an account expires without building the account's record: what a transfer reads of its
/// two parties before it posts (<see cref="Expiry.RequireLiveAsync"/>). The in-memory store has it; any other store is
/// read through <see cref="ILedgerStore.GetAccountAsync"/>.
/// </summary>
internal interface IAccountExpiryReader
{
    /// <summary>Whether the account exists, and when it expires.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="expiresAt">When it expires, if ever; <see langword="null"/> when it does not exist.</param>
    /// <returns><see langword="true"/> when the account exists.</returns>
    bool TryReadExpiry(long accountId, out DateTimeOffset? expiresAt);
}
