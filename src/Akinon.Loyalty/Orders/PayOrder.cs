using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>Pays an order from the user's accounts in allocation order, crediting Sale; one payment per order number.</summary>
internal sealed class PayOrder(LedgerContext ledger)
{
    public ValueTask<OrderPayment> RunAsync(OrderPaymentRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (payment, target) = Check(request);
        return RunAsync(payment, target, PaymentDestination.Sale, cancellationToken);
    }

    /// <summary>
    /// Allocates a checked payment and moves it to <paramref name="destination"/>: the Sale account (a payment) or the
    /// Hold account (an authorisation); everything else (allocation, cap, retries, replays) is the same.
    /// </summary>
    internal async ValueTask<OrderPayment> RunAsync(CheckedPayment payment, Money target, PaymentDestination destination, CancellationToken cancellationToken)
    {
        var options = ledger.Options.CurrentValue;
        var order = payment.Request.AllocationOrder ?? options.AllocationOrder;
        if (!options.Enabled)
        {
            // A retry of a payment made before the switch still answers its result; nothing new is paid.
            return await ledger.Store.FindTransactionByKeyAsync(payment.Key, cancellationToken).ConfigureAwait(false) is { } paid
                ? await ReplayAsync(paid, payment, cancellationToken).ConfigureAwait(false)
                : throw LedgerErrors.Disabled();
        }

        if (!target.IsPositive)
        {
            // A zero cap posts nothing, but a retry of an earlier payment of the order still replays it.
            return await NothingOrReplayAsync(payment, cancellationToken).ConfigureAwait(false);
        }

        return ledger.Store is IOrderPaymentStore oneStep && order.StoreOrder is { } storeOrder
            ? await PayInOneStepAsync(oneStep, storeOrder, payment, target, destination, cancellationToken).ConfigureAwait(false)
            : await PayByDraftAsync(order, payment, target, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The payment of an order, if one was made (its key is the order number's); for an order that was authorised,
    /// its capture (the hold itself is no payment yet, and a voided hold paid nothing).
    /// </summary>
    public async ValueTask<Transaction?> FindAsync(string orderNumber, CancellationToken cancellationToken)
    {
        var checkedNumber = Guard.Text(orderNumber, nameof(orderNumber));
        var first = await ledger.Store.FindTransactionByKeyAsync(IdempotencyScopes.Payment(checkedNumber), cancellationToken).ConfigureAwait(false);
        if (first is not { Kind: TransactionKind.Authorization })
        {
            return first;
        }

        var settled = await ledger.Store.FindTransactionByKeyAsync(IdempotencyScopes.HoldSettlement(checkedNumber), cancellationToken).ConfigureAwait(false);
        return settled is { Kind: TransactionKind.OrderPayment } ? settled : null;
    }

    /// <summary>
    /// Every refusal a payment request earns on its own, before anything is read; the checked request and what loyalty
    /// may cover. <paramref name="hold"/>: the request authorises (a hold, lasting <paramref name="holdTimeout"/> when
    /// given), so its fingerprint is a hold's, which no payment of the same order matches.
    /// </summary>
    internal static (CheckedPayment Payment, Money Target) Check(OrderPaymentRequest request, bool hold = false, TimeSpan? holdTimeout = null)
    {
        var orderNumber = Guard.Text(request.OrderNumber, nameof(request.OrderNumber));
        Guard.PositiveId(request.UserId, nameof(request.UserId));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), LedgerContext.MaxEmailLength);
        var total = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        var currency = total.Currency;
        var target = total;
        if (request.MaxAmount is { } cap)
        {
            LedgerContext.RequireCurrency(cap, currency, nameof(request.MaxAmount));
            if (cap.IsNegative)
            {
                throw new LoyaltyException(LoyaltyErrorCode.InvalidAmount, "The loyalty cap must not be negative.");
            }

            target = Money.Min(total, cap);
        }

        if (request.OrderId is { } orderId)
        {
            Guard.PositiveId(orderId, nameof(request.OrderId));
        }

        var payment = new CheckedPayment(
            request,
            orderNumber,
            email,
            total,
            IdempotencyScopes.Payment(orderNumber),
            Fingerprint.Of($"{(hold ? "authorization" : "payment")}|{orderNumber}|{request.OrderId}|{request.UserId}|{email}|{currency.Code}|{total.ToMinorUnits()}|{request.MaxAmount?.ToMinorUnits()}|{holdTimeout?.Ticks}"),
            Requester.Of(request));
        return (payment, target);
    }

    /// <summary>
    /// A refused payment draft means another writer spent the user's money first, so every retry follows
    /// someone else's progress; with many checkouts of one user at once, a payment may lose that race once
    /// per competitor. The budget is therefore wider than for plain conflicts, yet still bounded.
    /// </summary>
    private int RetryBudget() => Math.Max(ledger.ConflictRetries, 1) * 8;

    /// <summary>The store allocates and posts atomically: one round trip, no retries.</summary>
    private async ValueTask<OrderPayment> PayInOneStepAsync(IOrderPaymentStore store, StoreAllocationOrder order, CheckedPayment payment, Money target, PaymentDestination destination, CancellationToken cancellationToken)
    {
        var sale = await ledger.SystemAccounts.KnownAsync(destination.Account, target.Currency, cancellationToken).ConfigureAwait(false);
        if (sale is null)
        {
            // No Sale account yet: open the currency's system accounts only if the user has money to pay with,
            // so a payment that takes nothing leaves the ledger as it was.
            var owned = await ledger.Store.GetUserAccountsAsync(payment.Request.UserId, target.Currency, cancellationToken).ConfigureAwait(false);
            var asOf = ledger.Now().UtcTicks;
            if (!owned.Any(a => AllocationCandidate.CanGive(a.Kind, a.Balance.ToMinorUnits(), AllocationCandidate.ExpiryOf(a.ExpiresAt), asOf)))
            {
                return await NothingOrReplayAsync(payment, cancellationToken).ConfigureAwait(false);
            }

            sale = await ledger.SystemAccounts.GetAsync(destination.Account, target.Currency, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await store.PayOrderAsync(
            new OrderPaymentDraft
            {
                Uuid = Uuids.NewV4(),
                Currency = target.Currency,
                CreatedAt = ledger.Now(),
                OrderNumber = payment.OrderNumber,
                OrderId = payment.Request.OrderId,
                UserId = payment.Request.UserId,
                UserEmail = payment.Email,
                IdempotencyKey = payment.Key,
                RequestFingerprint = payment.Fingerprint,
                Target = target.ToMinorUnits(),
                SaleAccountId = sale.Id,
                Kind = destination.Kind,
                ExpiresAt = destination.ExpiresAt,
                Order = order,
                Actor = payment.Requester.Actor,
                RemoteAddress = payment.Requester.RemoteAddress,
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome.Transaction is { } transaction && !outcome.Replayed)
        {
            ledger.Telemetry.Posted(transaction);
        }

        return payment.Result(outcome.Transaction, outcome.Allocations, outcome.Replayed);
    }

    /// <summary>
    /// Reads the user's accounts, allocates with <see cref="OrderAllocator"/>, and posts a draft whose legs the
    /// store refuses if a balance fell meanwhile (a concurrent checkout spent some of the money); then reads the
    /// balances again and allocates anew.
    /// </summary>
    private ValueTask<OrderPayment> PayByDraftAsync(AllocationOrder order, CheckedPayment payment, Money target, PaymentDestination destination, CancellationToken cancellationToken)
        => ConflictRetry.RunAsync(
            (Operation: this, Order: order, Payment: payment, Target: target, Destination: destination),
            static (s, ct) => s.Operation.PayByDraftOnceAsync(s.Order, s.Payment, s.Target, s.Destination, ct),
            new RetryOn(LoyaltyErrorCode.InsufficientFunds, LoyaltyErrorCode.ConcurrencyConflict),
            RetryBudget(),
            ledger.Telemetry,
            destination.Operation,
            cancellationToken);

    private async ValueTask<OrderPayment> PayByDraftOnceAsync(AllocationOrder order, CheckedPayment payment, Money target, PaymentDestination destination, CancellationToken cancellationToken)
    {
        var request = payment.Request;
        var currency = target.Currency;

        // No look-up of the order first: the store checks the key before anything else and replays a
        // retry, so the common path is one read and one write.
        var accounts = await ledger.Store.GetUserAccountsAsync(request.UserId, currency, cancellationToken).ConfigureAwait(false);
        var now = ledger.Now();
        var allocations = OrderAllocator.Allocate(accounts, request.UserId, target, order, now);
        if (allocations.Count == 0)
        {
            return await NothingOrReplayAsync(payment, cancellationToken).ConfigureAwait(false);
        }

        var sale = await ledger.SystemAccounts.GetAsync(destination.Account, currency, cancellationToken).ConfigureAwait(false);
        var legs = new LegDraft[allocations.Count + 1];
        long covered = 0;
        for (var i = 0; i < allocations.Count; i++)
        {
            var minor = allocations[i].Amount.ToMinorUnits();
            covered += minor;

            // Guarded by the store: if the balance fell since it was read, the draft is refused and allocated again.
            legs[i] = new LegDraft(allocations[i].AccountId, -minor) { NeverBelowZero = true };
        }

        legs[^1] = new LegDraft(sale.Id, covered);
        var draft = new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = destination.Kind,
            Currency = currency,
            CreatedAt = now,
            ExpiresAt = destination.ExpiresAt,
            OrderNumber = payment.OrderNumber,
            OrderId = request.OrderId,
            UserId = request.UserId,
            UserEmail = payment.Email,
            IdempotencyKey = payment.Key,
            RequestFingerprint = payment.Fingerprint,
            Actor = payment.Requester.Actor,
            RemoteAddress = payment.Requester.RemoteAddress,
            Legs = legs,
        };
        var outcome = await ledger.PostAsync(draft, cancellationToken).ConfigureAwait(false);
        return outcome.Replayed
            ? await ReplayAsync(outcome.Transaction, payment, cancellationToken).ConfigureAwait(false)
            : payment.Result(outcome.Transaction, allocations, replayed: false);
    }

    /// <summary>Nothing to take: a retry of an earlier payment of the order replays it; otherwise nothing is posted.</summary>
    private async ValueTask<OrderPayment> NothingOrReplayAsync(CheckedPayment payment, CancellationToken cancellationToken)
        => await ledger.Store.FindTransactionByKeyAsync(payment.Key, cancellationToken).ConfigureAwait(false) is { } existing
            ? await ReplayAsync(existing, payment, cancellationToken).ConfigureAwait(false)
            : payment.Result(null, [], replayed: false);

    private async ValueTask<OrderPayment> ReplayAsync(Transaction existing, CheckedPayment payment, CancellationToken cancellationToken)
    {
        if (!string.Equals(existing.RequestFingerprint, payment.Fingerprint, StringComparison.Ordinal))
        {
            throw LedgerErrors.IdempotencyConflict(payment.Key);
        }

        var allocations = new List<Allocation>();
        foreach (var transfer in existing.Transfers)
        {
            if (transfer.Amount.IsNegative)
            {
                var account = await ledger.GetAccountAsync(transfer.AccountId, cancellationToken).ConfigureAwait(false);
                allocations.Add(new Allocation(transfer.AccountId, account.Number, -transfer.Amount));
            }
        }

        return payment.Result(existing, allocations, replayed: true);
    }
}
