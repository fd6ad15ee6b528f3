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
