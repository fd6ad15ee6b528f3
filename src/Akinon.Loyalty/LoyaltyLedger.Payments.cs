using System.Diagnostics;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

public sealed partial class LoyaltyLedger
{
    /// <inheritdoc />
    public ValueTask<OrderPayment> PayOrderAsync(OrderPaymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run("pay_order", Stopwatch.GetTimestamp(), PayOrderCoreAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<Transaction?> GetOrderPaymentAsync(string orderNumber, CancellationToken cancellationToken = default)
        => _store.FindTransactionByKeyAsync(PaymentKey(Guard.Text(orderNumber, nameof(orderNumber))), cancellationToken);

    /// <summary>
    /// A refused payment draft means another writer spent the user's money first, so every retry follows
    /// someone else's progress; with many checkouts of one user at once, a payment may lose that race once
    /// per competitor. The budget is therefore wider than for plain conflicts, yet still bounded.
    /// </summary>
    private int PaymentRetryBudget() => Math.Max(_options.CurrentValue.MaxConcurrencyRetries, 1) * 8;

    private static string PaymentKey(string orderNumber) => string.Concat("payment:", orderNumber);

    private async ValueTask<OrderPayment> PayOrderCoreAsync(OrderPaymentRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var orderNumber = Guard.Text(request.OrderNumber, nameof(request.OrderNumber));
        Guard.PositiveId(request.UserId, nameof(request.UserId));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), MaxEmailLength);
        var total = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        var currency = total.Currency;
        var target = total;
        if (request.MaxAmount is { } cap)
        {
            RequireCurrency(cap, currency, nameof(request.MaxAmount));
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

        var options = _options.CurrentValue;
        var order = request.AllocationOrder ?? options.AllocationOrder;
        var payment = new PaymentContext(
            request,
            orderNumber,
            email,
            total,
            PaymentKey(orderNumber),
            Fingerprint.Of($"payment|{orderNumber}|{request.OrderId}|{request.UserId}|{email}|{currency.Code}|{total.ToMinorUnits()}|{request.MaxAmount?.ToMinorUnits()}"));
        if (!options.Enabled)
        {
            // A retry of a payment made before the switch still answers its result; nothing new is paid.
            return await _store.FindTransactionByKeyAsync(payment.Key, cancellationToken).ConfigureAwait(false) is { } paid
                ? await ReplayPaymentAsync(paid, payment, cancellationToken).ConfigureAwait(false)
                : throw LedgerErrors.Disabled();
        }

        if (!target.IsPositive)
        {
            // A zero cap posts nothing, but a retry of an earlier payment of the order still replays it.
            return await NothingOrReplayAsync(payment, cancellationToken).ConfigureAwait(false);
        }

        return _store is IOrderPaymentStore oneStep && order.StoreOrder is { } storeOrder
            ? await PayInOneStepAsync(oneStep, storeOrder, payment, target, cancellationToken).ConfigureAwait(false)
            : await PayByDraftAsync(order, payment, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The store allocates and posts atomically: one round trip, no retries.</summary>
    private async ValueTask<OrderPayment> PayInOneStepAsync(IOrderPaymentStore store, StoreAllocationOrder order, PaymentContext payment, Money target, CancellationToken cancellationToken)
    {
        var sale = await KnownSystemAccountAsync(AccountKind.Sale, target.Currency, cancellationToken).ConfigureAwait(false);
        if (sale is null)
        {
            // No Sale account yet: open the currency's system accounts only if the user has money to pay with,
            // so a payment that takes nothing leaves the ledger as it was.
            var owned = await _store.GetUserAccountsAsync(payment.Request.UserId, target.Currency, cancellationToken).ConfigureAwait(false);
            if (!owned.Any(static a => a.Balance.IsPositive && !a.Kind.IsSystem()))
            {
                return await NothingOrReplayAsync(payment, cancellationToken).ConfigureAwait(false);
            }

            sale = await SystemAccountAsync(AccountKind.Sale, target.Currency, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await store.PayOrderAsync(
            new OrderPaymentDraft
            {
                Uuid = Uuids.NewV4(),
                Currency = target.Currency,
                CreatedAt = Now(),
                OrderNumber = payment.OrderNumber,
                OrderId = payment.Request.OrderId,
                UserId = payment.Request.UserId,
                UserEmail = payment.Email,
                IdempotencyKey = payment.Key,
                RequestFingerprint = payment.Fingerprint,
                Target = target.ToMinorUnits(),
                SaleAccountId = sale.Id,
                Order = order,
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome.Transaction is { } transaction && !outcome.Replayed)
        {
            Posted(transaction);
        }

        return payment.Result(outcome.Transaction, outcome.Allocations, outcome.Replayed);
    }

    /// <summary>
    /// Reads the user's accounts, allocates with <see cref="OrderAllocator"/>, and posts a draft whose legs the
    /// store refuses if a balance fell meanwhile; then allocates again from the new balances.
    /// </summary>
    private async ValueTask<OrderPayment> PayByDraftAsync(AllocationOrder order, PaymentContext payment, Money target, CancellationToken cancellationToken)
    {
        var request = payment.Request;
        var currency = target.Currency;
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // No look-up of the order first: the store checks the key before anything else and replays a
            // retry, so the common path is one read and one write.
            var accounts = await _store.GetUserAccountsAsync(request.UserId, currency, cancellationToken).ConfigureAwait(false);
            var allocations = OrderAllocator.Allocate(accounts, request.UserId, target, order);
            if (allocations.Count == 0)
            {
                return await NothingOrReplayAsync(payment, cancellationToken).ConfigureAwait(false);
            }

            var sale = await SystemAccountAsync(AccountKind.Sale, currency, cancellationToken).ConfigureAwait(false);
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
                Kind = TransactionKind.OrderPayment,
                Currency = currency,
                CreatedAt = Now(),
                OrderNumber = payment.OrderNumber,
                OrderId = request.OrderId,
                UserId = request.UserId,
                UserEmail = payment.Email,
                IdempotencyKey = payment.Key,
                RequestFingerprint = payment.Fingerprint,
                Legs = legs,
            };
            try
            {
                var outcome = await _store.PostAsync(draft, cancellationToken).ConfigureAwait(false);
                if (outcome.Replayed)
                {
                    return await ReplayPaymentAsync(outcome.Transaction, payment, cancellationToken).ConfigureAwait(false);
                }

                Posted(outcome.Transaction);
                return payment.Result(outcome.Transaction, allocations, replayed: false);
            }
            catch (LoyaltyException e) when (e.Code is LoyaltyErrorCode.InsufficientFunds or LoyaltyErrorCode.ConcurrencyConflict
                && attempt < PaymentRetryBudget())
            {
                // A concurrent checkout spent some of the money: read the balances again and allocate anew.
                _metrics.Retried("pay_order");
            }
        }
    }

    /// <summary>Nothing to take: a retry of an earlier payment of the order replays it; otherwise nothing is posted.</summary>
    private async ValueTask<OrderPayment> NothingOrReplayAsync(PaymentContext payment, CancellationToken cancellationToken)
        => await _store.FindTransactionByKeyAsync(payment.Key, cancellationToken).ConfigureAwait(false) is { } existing
            ? await ReplayPaymentAsync(existing, payment, cancellationToken).ConfigureAwait(false)
            : payment.Result(null, [], replayed: false);

    private async ValueTask<OrderPayment> ReplayPaymentAsync(Transaction existing, PaymentContext payment, CancellationToken cancellationToken)
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
                var account = await GetAccountAsync(transfer.AccountId, cancellationToken).ConfigureAwait(false);
                allocations.Add(new Allocation(transfer.AccountId, account.Number, -transfer.Amount));
            }
        }

        return payment.Result(existing, allocations, replayed: true);
    }

    /// <summary>A payment request once checked: what every outcome is reported against.</summary>
    private sealed record PaymentContext(OrderPaymentRequest Request, string OrderNumber, string? Email, Money Total, string Key, string Fingerprint)
    {
        public OrderPayment Result(Transaction? transaction, IReadOnlyList<Allocation> allocations, bool replayed)
        {
            var covered = transaction?.Amount ?? Money.Zero(Total.Currency);
            return new OrderPayment
            {
                Transaction = transaction,
                OrderNumber = OrderNumber,
                OrderId = Request.OrderId,
                UserId = Request.UserId,
                UserEmail = Email,
                OrderAmount = Total,
                Covered = covered,
                Remaining = Total - covered,
                Allocations = allocations,
                Replayed = replayed,
            };
        }
    }
}
