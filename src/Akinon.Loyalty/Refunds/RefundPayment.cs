using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>
/// Gives back loyalty money spent on an order, Sale → owner, found by payment UUID (refund) or by order
/// number (cross refund); never more in total than the payment took.
/// </summary>
internal sealed class RefundPayment(LedgerContext ledger)
{
    public async ValueTask<Refund> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var requester = Requester.Of(request);
        var payment = await ledger.Store.GetTransactionAsync(request.TransactionUuid, cancellationToken).ConfigureAwait(false);
        if (payment is null || payment.Kind != TransactionKind.OrderPayment)
        {
            throw LedgerErrors.PaymentNotFound(request.TransactionUuid);
        }

        return await RunAsync(payment, request.Amount, request.InvoiceNumber, request.IdempotencyKey, requester, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Refund> CrossRefundAsync(CrossRefundRequest request, CancellationToken cancellationToken)
    {
        var orderNumber = Guard.Text(request.OrderNumber, nameof(request.OrderNumber));
        var requester = Requester.Of(request);
        // An authorised order's payment is its capture (PayOrder.FindAsync), so cross refunds see it as any other.
        var payment = await new PayOrder(ledger).FindAsync(orderNumber, cancellationToken).ConfigureAwait(false)
            ?? throw LedgerErrors.PaymentNotFound(orderNumber);
        return await RunAsync(payment, request.Amount, request.InvoiceNumber, request.IdempotencyKey, requester, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The refund a keyed request already posted, or <see cref="LoyaltyErrorCode.IdempotencyConflict"/> if it was another request.</summary>
    internal static Refund Replay(Transaction existing, string fingerprint)
    {
        if (!string.Equals(existing.RequestFingerprint, fingerprint, StringComparison.Ordinal))
        {
            throw LedgerErrors.IdempotencyConflict(existing.IdempotencyKey ?? "");
        }

        return Refund.FromTransaction(existing);
    }

    /// <summary>Every refusal a refund earns on its own, before its room is read.</summary>
    internal static CheckedRefund Check(Transaction payment, decimal requested, string? invoiceNumber, string? callerKey, LoyaltyOptions options)
    {
        var currency = payment.Currency;
        var amount = Guard.PositiveAmount(Money.Of(requested, currency), "Amount");
        var minor = amount.ToMinorUnits();
        var invoice = invoiceNumber is null ? null : AccountNumber.CheckNotReserved(invoiceNumber, nameof(RefundRequest.InvoiceNumber), options);
        var key = invoice is not null ? IdempotencyScopes.RefundInvoice(currency, invoice) : IdempotencyScopes.Caller(callerKey);
        var fingerprint = key is null ? null : Fingerprint.Of($"refund|{payment.Uuid}|{minor}|{invoice}");
        return new CheckedRefund(payment, minor, invoice, key, fingerprint);
    }

    private ValueTask<Refund> RunAsync(Transaction payment, decimal requested, string? invoiceNumber, string? callerKey, Requester requester, CancellationToken cancellationToken)
        => ConflictRetry.RunAsync(
            (Operation: this, Refund: Check(payment, requested, invoiceNumber, callerKey, ledger.Options.CurrentValue), Requester: requester),
            static (s, ct) => s.Operation.AttemptAsync(s.Refund, s.Requester, ct),

            // Another refund (perhaps a copy of this one, replayed on the next attempt) of the same payment
            // landed first: recompute from the new refunded total.
            new RetryOn(LoyaltyErrorCode.ConcurrencyConflict),
            ledger.ConflictRetries,
            ledger.Telemetry,
            "refund",
            cancellationToken);

    private async ValueTask<Refund> AttemptAsync(CheckedRefund refund, Requester requester, CancellationToken cancellationToken)
    {
        var (payment, minor, invoice, key, fingerprint) = refund;
        var currency = payment.Currency;

        // The refund room is read before the key is judged: a copy of this refund that landed in between is
        // then seen by the key look-up and replayed, instead of being mistaken for a lack of room.
        var state = await ledger.Store.GetPaymentRefundStateAsync(payment.Uuid, cancellationToken).ConfigureAwait(false)
            ?? throw LedgerErrors.PaymentNotFound(payment.Uuid);
        if (key is not null && await ledger.Store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Replay(existing, fingerprint!);
        }

        if (minor > state.Paid - state.Refunded)
        {
            throw LedgerErrors.RefundExceedsPayment(payment.Uuid, state.Paid, state.Refunded, minor, currency);
        }

        var sale = await ledger.SystemAccounts.GetAsync(AccountKind.Sale, currency, cancellationToken).ConfigureAwait(false);
        var legs = new List<LegDraft> { new(sale.Id, -minor) };
        if (invoice is not null)
        {
            var account = await InvoiceAccounts.GetOrOpenAsync(ledger, invoice, currency, payment.UserId, payment.UserEmail, cancellationToken).ConfigureAwait(false);
            legs.Add(new LegDraft(account.Id, minor));
        }
        else
        {
            var orderTransactions = await ledger.Store.GetOrderTransactionsAsync(payment.OrderNumber ?? "", cancellationToken).ConfigureAwait(false);
            try
            {
                legs.AddRange(await WithoutExpiredAsync(RefundSplit.Split(payment, orderTransactions, minor), payment, cancellationToken).ConfigureAwait(false));
            }
            catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.RefundExceedsPayment)
            {
                // The room read above says the sources can take the amount back, so a split that cannot means the
                // history was read after another refund landed (perhaps a copy of this one): a race, prepared again,
                // and a copy is then replayed by its key.
                throw LedgerErrors.RefundRace(payment.Uuid);
            }
        }

        var draft = new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = TransactionKind.Refund,
            Currency = currency,
            CreatedAt = ledger.Now(),
            OrderNumber = payment.OrderNumber,
            OrderId = payment.OrderId,
            UserId = payment.UserId,
            UserEmail = payment.UserEmail,
            PaymentUuid = payment.Uuid,
            InvoiceNumber = invoice,
            IdempotencyKey = key,
            RequestFingerprint = fingerprint,
            Refund = new RefundClaim(payment.Uuid, state.Refunded, minor),
            Actor = requester.Actor,
            RemoteAddress = requester.RemoteAddress,
            Legs = legs,
        };
        return Refund.FromTransaction((await ledger.PostAsync(draft, cancellationToken).ConfigureAwait(false)).Transaction);
    }

    /// <summary>The split with the shares of expired accounts redirected to the owner's credit account, opened when missing.</summary>
    private async ValueTask<List<LegDraft>> WithoutExpiredAsync(List<LegDraft> legs, Transaction payment, CancellationToken cancellationToken)
    {
        var now = ledger.Now();
        var expired = new HashSet<long>();
        foreach (var leg in legs)
        {
            if (await ledger.Store.GetAccountAsync(leg.AccountId, cancellationToken).ConfigureAwait(false) is { } account && account.IsExpiredAt(now))
            {
                expired.Add(account.Id);
            }
        }

        if (expired.Count == 0 || payment.UserId is not { } owner)
        {
            return legs;
        }

        // The number is derived from owner and currency, so retries and concurrent refunds open one account, the
        // same one a refund to loyalty without an account opens.
        var credit = await ledger.Store.GetOrCreateAccountAsync(
            new NewAccount
            {
                Number = IdempotencyScopes.CreditAccountNumber(owner, payment.Currency),
                Currency = payment.Currency,
                Kind = AccountKind.Customer,
                UserId = owner,
                UserEmail = payment.UserEmail,
                DebitAllowed = false,
                CreatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        if (credit.IsExpiredAt(now))
        {
            throw LedgerErrors.AccountExpired(credit.Id, credit.ExpiresAt!.Value);
        }

        return RefundSplit.Redirect(legs, expired.Contains, credit.Id);
    }

    /// <summary>A refund request once checked; <paramref name="Amount"/> in minor units.</summary>
    internal readonly record struct CheckedRefund(Transaction Payment, long Amount, string? Invoice, string? Key, string? Fingerprint);
}
