using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>
/// Where a refund without invoice goes: back to the accounts the payment drew from, last drawn first, each up
/// to what was drawn from it less what earlier refunds (without invoice) of the same payment gave back to it.
/// A share whose account has expired goes instead to the owner's credit account (same owner and currency, no
/// expiry; see <see cref="Redirect"/>), and such shares count against the sources last drawn first, as they were split.
/// </summary>
internal static class RefundSplit
{
    /// <summary>The legs that give <paramref name="amount"/> (minor units) back to the payment's sources.</summary>
    /// <param name="payment">The order payment being refunded.</param>
    /// <param name="orderTransactions">The order's transactions so far; only earlier refunds of this payment without invoice count.</param>
    /// <param name="amount">What to give back, in minor units; within the payment's refund room.</param>
    /// <exception cref="LoyaltyException">The sources cannot take <paramref name="amount"/> back (<see cref="LoyaltyErrorCode.RefundExceedsPayment"/>).</exception>
    public static List<LegDraft> Split(Transaction payment, IEnumerable<Transaction> orderTransactions, long amount)
    {
        var givenBack = new Dictionary<long, long>();
        var order = orderTransactions as IReadOnlyCollection<Transaction> ?? orderTransactions.ToList();
        var sources = payment;
        if (payment.PaymentUuid is { } holdUuid && order.FirstOrDefault(t => t.Uuid == holdUuid && t.Kind == TransactionKind.Authorization) is { } hold)
        {
            // A capture drew nothing itself: its sources are its hold's, and what it released back to them (last
            // drawn first) counts as given back already, exactly as an earlier refund's share.
            sources = hold;
            foreach (var transfer in payment.Transfers)
            {
                if (transfer.Amount.IsPositive)
                {
                    givenBack[transfer.AccountId] = givenBack.GetValueOrDefault(transfer.AccountId) + transfer.Amount.ToMinorUnits();
                }
            }
        }

        // Given back by an earlier refund to an account the payment did not draw on: an expired source's share,
        // redirected. It was split last drawn first like the rest, so it is charged to the sources in that order.
        var unattributed = 0L;
        foreach (var earlier in order)
        {
            if (earlier.Kind == TransactionKind.Refund && earlier.PaymentUuid == payment.Uuid && earlier.InvoiceNumber is null)
            {
                foreach (var transfer in earlier.Transfers)
                {
                    if (transfer.Amount.IsPositive && !sources.Transfers.Any(t => t.AccountId == transfer.AccountId && t.Amount.IsNegative))
                    {
                        unattributed += transfer.Amount.ToMinorUnits();
                    }
                    else if (transfer.Amount.IsPositive)
                    {
                        givenBack[transfer.AccountId] = givenBack.GetValueOrDefault(transfer.AccountId) + transfer.Amount.ToMinorUnits();
                    }
                }
            }
        }


        var legs = new List<LegDraft>();
        var remaining = amount;
        for (var i = sources.Transfers.Count - 1; i >= 0 && remaining > 0; i--)
        {
            var source = sources.Transfers[i];
            if (!source.Amount.IsNegative)
            {
                continue;
            }

            // What earlier refunds gave back is charged to the last drawn first, as they were split; an account
            // drawn twice carries the excess on to its earlier leg.
            var drawn = -source.Amount.ToMinorUnits();
            var back = givenBack.GetValueOrDefault(source.AccountId);
            var room = drawn - back;
            if (room <= 0)
            {
                givenBack[source.AccountId] = back - drawn;
                continue;
            }

            var charged = Math.Min(room, unattributed);
            unattributed -= charged;
            room -= charged;
            if (room == 0)
            {
                givenBack[source.AccountId] = 0;
                continue;
            }

            var give = Math.Min(room, remaining);
            legs.Add(new LegDraft(source.AccountId, give));
            givenBack[source.AccountId] = 0;
            remaining -= give;
        }

        if (remaining > 0)
        {
            // Invoice refunds reduce what is owed in total but no account's share, so this cannot happen while the claim holds.
            throw LedgerErrors.RefundExceedsPayment(payment.Uuid, payment.Amount.ToMinorUnits(), payment.Amount.ToMinorUnits() - (amount - remaining), amount, payment.Currency);
        }

        return legs;
    }

    /// <summary>
    /// A refund never lands on an expired account: each leg onto an account expired at the refund's instant goes
    /// to <paramref name="creditAccountId"/> instead (the owner's credit account, which never expires), in one leg.
    /// </summary>
    /// <param name="legs">The split's legs.</param>
    /// <param name="expired">Whether a leg's account has expired.</param>
    /// <param name="creditAccountId">Where expired shares go.</param>
    /// <returns>The legs to post: the live accounts' as they were, then the credit account's, if any.</returns>
    public static List<LegDraft> Redirect(List<LegDraft> legs, Func<long, bool> expired, long creditAccountId)
    {
        var result = new List<LegDraft>(legs.Count);
        var redirected = 0L;
        foreach (var leg in legs)
        {
            if (expired(leg.AccountId))
            {
                redirected += leg.Amount;
            }
            else
            {
                result.Add(leg);
            }
        }

        if (redirected > 0)
        {
            result.Add(new LegDraft(creditAccountId, redirected));
        }

        return result;
    }
}
