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
        EnsureEnabled();
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

        var order = request.AllocationOrder ?? _options.CurrentValue.AllocationOrder;
        var key = PaymentKey(orderNumber);
        var fingerprint = Fingerprint.Of($"payment|{orderNumber}|{request.OrderId}|{request.UserId}|{email}|{currency.Code}|{total.ToMinorUnits()}|{request.MaxAmount?.ToMinorUnits()}");
        if (_store is IOrderPaymentStore oneStep && order.StoreOrder is { } storeOrder)
        {
            return await PayInOneStepAsync(oneStep, storeOrder, request, orderNumber, email, total, target, key, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            // No look-up of the order first: the store checks the key before anything else and replays a
            // retry, so the common path is one read and one write.
            var accounts = await _store.GetUserAccountsAsync(request.UserId, currency, cancellationToken).ConfigureAwait(false);
            var allocations = OrderAllocator.Allocate(accounts, request.UserId, target, order);
            if (allocations.Count == 0)
            {
                if (await _store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    // A retry of a payment that spent what the user had.
                    return await ReplayPaymentAsync(existing, fingerprint, total, cancellationToken).ConfigureAwait(false);
                }

                return new OrderPayment
                {
                    OrderNumber = orderNumber,
                    OrderId = request.OrderId,
                    UserId = request.UserId,
                    UserEmail = email,
                    OrderAmount = total,
                    Covered = Money.Zero(currency),
                    Remaining = total,
                    Allocations = allocations,
                };
            }

            var sale = await SystemAccountAsync(AccountKind.Sale, currency, cancellationToken).ConfigureAwait(false);
            var legs = new TransferDraft[allocations.Count + 1];
            long covered = 0;
            for (var i = 0; i < allocations.Count; i++)
            {
                var minor = allocations[i].Amount.ToMinorUnits();
                covered += minor;

                // Guarded by the store: if the balance fell since it was read, the draft is refused and allocated again.
                legs[i] = new TransferDraft(allocations[i].AccountId, -minor) { KeepNonNegative = true };
            }

            legs[^1] = new TransferDraft(sale.Id, covered);
            var draft = new TransactionDraft
            {
                Uuid = Uuids.NewV4(),
                Kind = TransactionKind.OrderPayment,
                Currency = currency,
                CreatedAt = Now(),
                OrderNumber = orderNumber,
                OrderId = request.OrderId,
                UserId = request.UserId,
                UserEmail = email,
                IdempotencyKey = key,
                RequestFingerprint = fingerprint,
                Transfers = legs,
            };
            try
            {
                var outcome = await _store.PostAsync(draft, cancellationToken).ConfigureAwait(false);
                if (outcome.Replayed)
                {
                    return await ReplayPaymentAsync(outcome.Transaction, fingerprint, total, cancellationToken).ConfigureAwait(false);
                }

                Posted(outcome.Transaction);
                var coveredMoney = Money.FromMinorUnits(covered, currency);
                return new OrderPayment
                {
                    Transaction = outcome.Transaction,
                    OrderNumber = orderNumber,
                    OrderId = request.OrderId,
                    UserId = request.UserId,
                    UserEmail = email,
                    OrderAmount = total,
                    Covered = coveredMoney,
                    Remaining = total - coveredMoney,
                    Allocations = allocations,
                };
            }
            catch (LoyaltyException e) when (e.Code is LoyaltyErrorCode.InsufficientFunds or LoyaltyErrorCode.ConcurrencyConflict
                && attempt < PaymentRetryBudget())
            {
                // A concurrent checkout spent some of the money: read the balances again and allocate anew.
                _metrics.Retried("pay_order");
            }
        }
    }

    /// <summary>The store allocates and posts atomically: one round trip, no retries.</summary>
    private async ValueTask<OrderPayment> PayInOneStepAsync(
        IOrderPaymentStore store,
        StoreAllocationOrder order,
        OrderPaymentRequest request,
        string orderNumber,
        string? email,
        Money total,
        Money target,
        string key,
        string fingerprint,
        CancellationToken cancellationToken)
    {
        var currency = total.Currency;
        var covered = Money.Zero(currency);
        if (target.IsPositive)
        {
            var sale = await SystemAccountAsync(AccountKind.Sale, currency, cancellationToken).ConfigureAwait(false);
            var outcome = await store.PayOrderAsync(
                new OrderPaymentDraft
                {
                    Uuid = Uuids.NewV4(),
                    Currency = currency,
                    CreatedAt = Now(),
                    OrderNumber = orderNumber,
                    OrderId = request.OrderId,
                    UserId = request.UserId,
                    UserEmail = email,
                    IdempotencyKey = key,
                    RequestFingerprint = fingerprint,
                    Target = target.ToMinorUnits(),
                    SaleAccountId = sale.Id,
                    Order = order,
                },
                cancellationToken).ConfigureAwait(false);
            if (outcome.Transaction is { } transaction)
            {
                if (!outcome.Replayed)
                {
                    Posted(transaction);
                }

                covered = transaction.Amount;
                return new OrderPayment
                {
                    Transaction = transaction,
                    OrderNumber = orderNumber,
                    OrderId = request.OrderId,
                    UserId = request.UserId,
                    UserEmail = email,
                    OrderAmount = total,
                    Covered = covered,
                    Remaining = total - covered,
                    Allocations = outcome.Allocations,
                    Replayed = outcome.Replayed,
                };
            }
        }
        else if (await _store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            // A zero cap posts nothing, but a retry of an earlier payment of the order still replays it.
            return await ReplayPaymentAsync(existing, fingerprint, total, cancellationToken).ConfigureAwait(false);
        }

        return new OrderPayment
        {
            OrderNumber = orderNumber,
            OrderId = request.OrderId,
            UserId = request.UserId,
            UserEmail = email,
            OrderAmount = total,
            Covered = covered,
            Remaining = total,
            Allocations = [],
        };
    }

    private async ValueTask<OrderPayment> ReplayPaymentAsync(Transaction payment, string fingerprint, Money total, CancellationToken cancellationToken)
    {
        if (!string.Equals(payment.RequestFingerprint, fingerprint, StringComparison.Ordinal))
        {
            throw LedgerErrors.IdempotencyConflict(payment.IdempotencyKey ?? PaymentKey(payment.OrderNumber ?? ""));
        }

        var allocations = new List<Allocation>();
        foreach (var transfer in payment.Transfers)
        {
            if (transfer.Amount.IsNegative)
            {
                var account = await GetAccountAsync(transfer.AccountId, cancellationToken).ConfigureAwait(false);
                allocations.Add(new Allocation(transfer.AccountId, account.Number, -transfer.Amount));
            }
        }

        var covered = payment.Amount;
        return new OrderPayment
        {
            Transaction = payment,
            OrderNumber = payment.OrderNumber ?? "",
            OrderId = payment.OrderId,
            UserId = payment.UserId ?? 0,
            UserEmail = payment.UserEmail,
            OrderAmount = total,
            Covered = covered,
            Remaining = total - covered,
            Allocations = allocations,
            Replayed = true,
        };
    }
}
