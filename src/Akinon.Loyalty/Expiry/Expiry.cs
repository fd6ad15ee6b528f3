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
    public static void RequireLive(Account account, DateTimeOffset now)
    {
        if (account.IsExpiredAt(now))
        {
            throw LedgerErrors.AccountExpired(account.Id, account.ExpiresAt!.Value);
        }
    }
}
