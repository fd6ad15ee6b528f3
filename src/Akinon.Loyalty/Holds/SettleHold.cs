using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>
/// Captures (Hold → Sale, the rest back to the sources, last drawn first) or voids (everything back) an order's hold.
/// Both take the hold's one settlement key, so whichever the store posts first wins, atomically on every store: a
/// copy of it replays, anything else is an <see cref="LoyaltyErrorCode.IdempotencyConflict"/>.
/// </summary>
internal sealed class SettleHold(LedgerContext ledger, RecentHolds recentHolds)
{
    public async ValueTask<HoldSettlement> CaptureAsync(string orderNumber, decimal? amount, Requester requester, CancellationToken cancellationToken)
    {
        var checkedNumber = Guard.Text(orderNumber, nameof(orderNumber));
        var hold = await FindHoldAsync(checkedNumber, cancellationToken).ConfigureAwait(false);
        var authorized = hold.Amount.ToMinorUnits();
        var captured = authorized;
        if (amount is { } requested)
        {
            captured = Guard.PositiveAmount(Money.Of(requested, hold.Currency), nameof(amount)).ToMinorUnits();
            if (captured > authorized)
            {
                throw new LoyaltyException(LoyaltyErrorCode.InvalidAmount, $"The capture ({Money.FromMinorUnits(captured, hold.Currency)}) exceeds what order '{checkedNumber}' holds ({hold.Amount}).");
            }
        }

        // An order number names one hold for ever (the hold holds the order's payment key), so the number and the amount say which capture this is.
        var fingerprint = Fingerprint.Of($"capture|{checkedNumber}|{captured}");
        if (hold.ExpiresAt is { } expiresAt && ledger.Now() >= expiresAt)
        {
            // A copy of an earlier settlement replays even after the hold expired (and another settlement conflicts).
            return await ReplayAsync(hold, checkedNumber, fingerprint, cancellationToken).ConfigureAwait(false)
                ?? throw LedgerErrors.AuthorizationExpired(checkedNumber, expiresAt);
        }

        // No look-up of an earlier settlement first: the store judges the settlement key before anything else, so a
        // copy replays and another settlement conflicts, atomically, in the one write.

        var sale = await ledger.SystemAccounts.GetAsync(AccountKind.Sale, hold.Currency, cancellationToken).ConfigureAwait(false);
        return await PostAsync(hold, checkedNumber, TransactionKind.OrderPayment, fingerprint, sale.Id, captured, requester, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<HoldSettlement> VoidAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        var checkedNumber = Guard.Text(orderNumber, nameof(orderNumber));
        var hold = await FindHoldAsync(checkedNumber, cancellationToken).ConfigureAwait(false);
        var fingerprint = Fingerprint.Of($"void|{checkedNumber}");

        // The store judges the settlement key first: a copy replays, a capture made before conflicts.
        return await PostAsync(hold, checkedNumber, TransactionKind.AuthorizationVoid, fingerprint, saleId: 0, captured: 0, requester, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Voids every live hold whose expiry is at or before <paramref name="asOf"/>, in every currency, soonest expiring
    /// first, as the store lists them (<see cref="ILedgerStore.ListExpiredHoldsAsync"/>: the live holds, never the Hold
    /// account's history); a hold captured or voided concurrently is left to that writer. Returns how many this call voided.
    /// </summary>
    public async ValueTask<int> VoidExpiredAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        const int PageSize = 512;
        var voided = 0;
        var tried = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var expired = await ledger.Store.ListExpiredHoldsAsync(asOf, PageSize, cancellationToken).ConfigureAwait(false);
            var progress = false;
            foreach (var orderNumber in expired)
            {
                // Each listed hold is settled once tried (voided here, or by whoever won the race), so the next page
                // lists others; a hold listed again (a store that lags its own writes) is not tried twice in one run.
                if (!tried.Add(orderNumber))
                {
                    continue;
                }

                progress = true;
                try
                {
                    // The ledger's own work: nobody asked, so no actor is recorded.
                    var outcome = await VoidAsync(orderNumber, requester: default, cancellationToken).ConfigureAwait(false);
                    voided += outcome.Replayed ? 0 : 1;
                }
                catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.IdempotencyConflict)
                {
                    // Captured just before it expired, or between our read and our void: the capture stands.
                }
            }

            if (expired.Count < PageSize || !progress)
            {
                return voided;
            }
        }
    }

    private async ValueTask<Transaction> FindHoldAsync(string orderNumber, CancellationToken cancellationToken)
    {
        if (recentHolds.Find(orderNumber) is { } recent)
        {
            return recent;
        }

        var hold = await ledger.Store.FindTransactionByKeyAsync(IdempotencyScopes.Payment(orderNumber), cancellationToken).ConfigureAwait(false);
        return hold is { Kind: TransactionKind.Authorization } ? hold : throw LedgerErrors.HoldNotFound(orderNumber);
    }

    private async ValueTask<HoldSettlement?> ReplayAsync(Transaction hold, string orderNumber, string fingerprint, CancellationToken cancellationToken)
    {
        var key = IdempotencyScopes.HoldSettlement(orderNumber);
        if (await ledger.Store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is not { } existing)
        {
            return null;
        }

        return string.Equals(existing.RequestFingerprint, fingerprint, StringComparison.Ordinal)
            ? Result(hold, existing, replayed: true)
            : throw LedgerErrors.IdempotencyConflict(key);
    }

    /// <summary>Hold → Sale for <paramref name="captured"/>, the rest back to the hold's sources, last drawn first.</summary>
    private async ValueTask<HoldSettlement> PostAsync(Transaction hold, string orderNumber, TransactionKind kind, string fingerprint, long saleId, long captured, Requester requester, CancellationToken cancellationToken)
    {
        var holdAccount = await ledger.SystemAccounts.GetAsync(AccountKind.Hold, hold.Currency, cancellationToken).ConfigureAwait(false);
        var authorized = hold.Amount.ToMinorUnits();
        IReadOnlyList<LegDraft> legs;
        if (captured == authorized)
        {
            // The common capture, of the whole hold: two legs, nothing released (an array: a collection expression
            // typed as the interface would wrap it in one more object).
            legs = new LegDraft[] { new(holdAccount.Id, -authorized), new(saleId, captured) };
        }
        else
        {
            var some = new List<LegDraft>(hold.Transfers.Count + 1) { new(holdAccount.Id, -authorized) };
            if (captured > 0)
            {
                some.Add(new LegDraft(saleId, captured));
            }

            some.AddRange(Release(hold, authorized - captured));
            legs = some;
        }

        var draft = new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = kind,
            Currency = hold.Currency,
            CreatedAt = ledger.Now(),
            OrderNumber = hold.OrderNumber,
            OrderId = hold.OrderId,
            UserId = hold.UserId,
            UserEmail = hold.UserEmail,
            PaymentUuid = hold.Uuid,
            IdempotencyKey = IdempotencyScopes.HoldSettlement(orderNumber),
            RequestFingerprint = fingerprint,
            Actor = requester.Actor,
            RemoteAddress = requester.RemoteAddress,
            Legs = legs,
        };
        var outcome = await ledger.PostAsync(draft, cancellationToken).ConfigureAwait(false);
        recentHolds.Forget(orderNumber);
        return Result(hold, outcome.Transaction, outcome.Replayed);
    }

    /// <summary>The legs that give <paramref name="amount"/> of a hold back to the accounts it drew on, last drawn first.</summary>
    internal static List<LegDraft> Release(Transaction hold, long amount)
    {
        var legs = new List<LegDraft>();
        for (var i = hold.Transfers.Count - 1; i >= 0 && amount > 0; i--)
        {
            var source = hold.Transfers[i];
            if (source.Amount.IsNegative)
            {
                var give = Math.Min(-source.Amount.ToMinorUnits(), amount);
                legs.Add(new LegDraft(source.AccountId, give));
                amount -= give;
            }
        }

        return legs;
    }

    private static HoldSettlement Result(Transaction hold, Transaction settlement, bool replayed)
    {
        // What went to Sale: a capture's credits to accounts the hold did not draw on (a void captured nothing).
        long captured = 0;
        if (settlement.Kind == TransactionKind.OrderPayment)
        {
            var transfers = settlement.Transfers;
            for (var i = 0; i < transfers.Count; i++)
            {
                if (transfers[i].Amount.IsPositive && !DrewOn(hold, transfers[i].AccountId))
                {
                    captured += transfers[i].Amount.ToMinorUnits();
                }
            }
        }

        var authorized = hold.Amount.ToMinorUnits();
        return new HoldSettlement
        {
            Transaction = settlement,
            Authorization = hold,
            OrderNumber = hold.OrderNumber ?? "",
            Authorized = hold.Amount,
            Captured = Money.FromMinorUnits(captured, hold.Currency),
            Released = Money.FromMinorUnits(authorized - captured, hold.Currency),
            Replayed = replayed,
        };
    }

    private static bool DrewOn(Transaction hold, long accountId)
    {
        var transfers = hold.Transfers;
        for (var i = 0; i < transfers.Count; i++)
        {
            if (transfers[i].AccountId == accountId)
            {
                return true;
            }
        }

        return false;
    }
}
