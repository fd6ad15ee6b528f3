using System.Globalization;
using Akinon.Loyalty.Internal;

namespace Akinon.Loyalty;

/// <summary>The rules of an account's expiry that the ledger checks before anything is written.</summary>
internal static class Expiry
{
    /// <summary>
    /// An expiry asked for at <paramref name="now"/>: kept to the whole microsecond (as every store keeps times), and
    /// later than now, since an account that is born or moved into the past would trap the money put on it.
    /// </summary>
    /// <param name="expiresAt">The expiry asked for, if any.</param>
    /// <param name="now">The ledger's clock.</param>
    /// <param name="name">The argument's name, for the wording.</param>
    /// <returns>The expiry to store.</returns>
    public static DateTimeOffset? Check(DateTimeOffset? expiresAt, DateTimeOffset now, string name)
    {
        if (expiresAt is not { } asked)
        {
            return null;
        }

        var kept = MicrosecondClock.Truncate(asked);
        if (kept <= now)
        {
            throw new LoyaltyException(
                LoyaltyErrorCode.InvalidArgument,
                string.Create(CultureInfo.InvariantCulture, $"'{name}' must be later than now ({now:O}); {asked:O} is not."));
        }

        return kept;
    }

    /// <summary>
    /// <see cref="Check"/> for a keyed request: a retry is judged by its key first (rule 1 of <see cref="Storage.DraftRules"/>),
    /// so an expiry that has passed since the first request is refused only when the key is new; for a used key the
    /// store replays the first result or refuses the changed request as a conflict.
    /// </summary>
    /// <param name="expiresAt">The expiry asked for, if any.</param>
    /// <param name="now">The ledger's clock.</param>
    /// <param name="name">The argument's name, for the wording.</param>
    /// <param name="key">The request's scoped key, if any.</param>
    /// <param name="store">The store that judges the key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The expiry to store.</returns>
    public static async ValueTask<DateTimeOffset?> CheckAsync(DateTimeOffset? expiresAt, DateTimeOffset now, string name, string? key, Storage.ILedgerStore store, CancellationToken cancellationToken)
    {
        if (expiresAt is { } asked && key is not null && MicrosecondClock.Truncate(asked) <= now && await store.IsKeyUsedAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return MicrosecondClock.Truncate(asked);
        }

        return Check(expiresAt, now, name);
    }

    /// <summary>An account that receives money must not have expired at <paramref name="now"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="now">The ledger's clock.</param>
    public static void RequireLive(Account account, DateTimeOffset now) => RequireLive(account.Id, account.ExpiresAt, now);

    /// <summary>The same rule, for an account whose expiry was read without its record (<see cref="Storage.IAccountExpiryReader"/>).</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="expiresAt">When it expires, if ever.</param>
    /// <param name="now">The ledger's clock.</param>
    public static void RequireLive(long accountId, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (Account.IsExpired(expiresAt, now))
        {
            throw LedgerErrors.AccountExpired(accountId, expiresAt!.Value);
        }
    }

    /// <summary>
    /// The same rule for an account the ledger reads by id only to check it: from the store's expiry alone when it can tell
    /// it (<see cref="Storage.IAccountExpiryReader"/>), else from the account's record. An account that does not exist passes
    /// (the store refuses the write).
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="accountId">The account.</param>
    /// <param name="now">The ledger's clock.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>When checked.</returns>
    public static async ValueTask RequireLiveAsync(Storage.ILedgerStore store, long accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (store is Storage.IAccountExpiryReader reader)
        {
            if (reader.TryReadExpiry(accountId, out var expiresAt))
            {
                RequireLive(accountId, expiresAt, now);
            }
        }
        else if (await store.GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false) is { } account)
        {
            RequireLive(account, now);
        }
    }
}
