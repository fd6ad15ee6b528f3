using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>
/// Where a refund without invoice goes: back to the accounts the payment drew from, last drawn first, each up
/// to what was drawn from it less what earlier refunds (without invoice) of the same payment gave back to it.
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

        foreach (var earlier in order)
        {
            if (earlier.Kind == TransactionKind.Refund && earlier.PaymentUuid == payment.Uuid && earlier.InvoiceNumber is null)
            {
                foreach (var transfer in earlier.Transfers)
                {
                    if (transfer.Amount.IsPositive)
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
}
