using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>The liability report: the store sums balances as of the instant by kind and expiry; the rule that classifies them lives here.</summary>
internal sealed class Liability(LedgerContext ledger)
{
    /// <summary>The expiry windows the report gives, in days after its instant.</summary>
    public static readonly int[] WindowDays = [30, 60, 90];

    public async ValueTask<LoyaltyLiability> GetAsync(Currency currency, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        Guard.Currency(currency, nameof(currency));
        var instant = MicrosecondClock.Truncate(asOf);
        var horizon = Horizon(instant, WindowDays[^1]);
        var groups = await ledger.Store.SumBalancesAsync(currency, instant, horizon, cancellationToken).ConfigureAwait(false);
        return Classify(currency, instant, groups);
    }

    /// <summary>Sorts each group into the report: held and breakage by their system kinds; the rest owed, awaiting expiry, or (also) expiring within a window.</summary>
    public static LoyaltyLiability Classify(Currency currency, DateTimeOffset asOf, IReadOnlyList<BalanceGroup> groups)
    {
        long customer = 0, giftCard = 0, invoice = 0, held = 0, awaiting = 0, breakage = 0;
        var expiring = new long[WindowDays.Length];
        foreach (var group in groups)
        {
            if (group.Kind == AccountKind.Hold)
            {
                held = LedgerErrors.Add(held, group.Balance);
                continue;
            }

            if (group.Kind == AccountKind.Breakage)
            {
                breakage = LedgerErrors.Add(breakage, group.Balance);
                continue;
            }

            if (group.Kind.IsSystem())
            {
                continue;
            }

            // An account expires at its ExpiresAt instant (Account.IsExpiredAt): from then it is never drawn on.
            if (group.ExpiresAt is { } expiresAt && expiresAt <= asOf)
            {
                awaiting = LedgerErrors.Add(awaiting, group.Balance);
                continue;
            }

            switch (group.Kind)
            {
                case AccountKind.GiftCard:
                    giftCard = LedgerErrors.Add(giftCard, group.Balance);
                    break;
                case AccountKind.Invoice:
                    invoice = LedgerErrors.Add(invoice, group.Balance);
                    break;
                default:
                    customer = LedgerErrors.Add(customer, group.Balance);
                    break;
            }

            for (var i = 0; i < WindowDays.Length; i++)
            {
                if (group.ExpiresAt is { } at && at <= Horizon(asOf, WindowDays[i]))
                {
                    expiring[i] = LedgerErrors.Add(expiring[i], group.Balance);
                }
            }
        }

        Money Of(long minor) => Money.FromMinorUnits(minor, currency);
        return new LoyaltyLiability
        {
            Currency = currency,
            AsOf = asOf,
            Customer = Of(customer),
            GiftCard = Of(giftCard),
            Invoice = Of(invoice),
            Held = Of(held),
            ExpiringWithin30Days = Of(expiring[0]),
            ExpiringWithin60Days = Of(expiring[1]),
            ExpiringWithin90Days = Of(expiring[2]),
            AwaitingExpiry = Of(awaiting),
            Breakage = Of(breakage),
        };
    }

    private static DateTimeOffset Horizon(DateTimeOffset asOf, int days)
        => asOf.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - TimeSpan.FromDays(days).Ticks ? DateTimeOffset.MaxValue : asOf.AddDays(days);
}
