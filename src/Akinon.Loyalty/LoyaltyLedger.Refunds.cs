using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

public sealed partial class LoyaltyLedger
{
    /// <inheritdoc />
    public ValueTask<Refund> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run("refund", Stopwatch.GetTimestamp(), RefundCoreAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<Refund> CrossRefundAsync(CrossRefundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run("cross_refund", Stopwatch.GetTimestamp(), CrossRefundCoreAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<Refund> RefundToLoyaltyAsync(RefundToLoyaltyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run("refund_to_loyalty", Stopwatch.GetTimestamp(), RefundToLoyaltyCoreAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Refund>> ListRefundsAsync(string orderNumber, CancellationToken cancellationToken = default)
    {
        Guard.Text(orderNumber, nameof(orderNumber));
        var transactions = await _store.GetOrderTransactionsAsync(orderNumber, cancellationToken).ConfigureAwait(false);
        return transactions.Where(static t => t.Kind is TransactionKind.Refund or TransactionKind.RefundToLoyalty).Select(Refund.FromTransaction).ToArray();
    }

    private async ValueTask<Refund> RefundCoreAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var payment = await _store.GetTransactionAsync(request.TransactionUuid, cancellationToken).ConfigureAwait(false);
        if (payment is null || payment.Kind != TransactionKind.OrderPayment)
        {
            throw LedgerErrors.PaymentNotFound(request.TransactionUuid);
        }

        return await RefundPaymentAsync(payment, request.Amount, request.InvoiceNumber, request.IdempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Refund> CrossRefundCoreAsync(CrossRefundRequest request, CancellationToken cancellationToken)
    {
        var orderNumber = Guard.Text(request.OrderNumber, nameof(request.OrderNumber));
        var payment = await _store.FindTransactionByKeyAsync(PaymentKey(orderNumber), cancellationToken).ConfigureAwait(false)
            ?? throw LedgerErrors.PaymentNotFound(orderNumber);
        return await RefundPaymentAsync(payment, request.Amount, request.InvoiceNumber, request.IdempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Refund> RefundPaymentAsync(Transaction payment, decimal requested, string? invoiceNumber, string? callerKey, CancellationToken cancellationToken)
    {
        var currency = payment.Currency;
        var amount = Guard.PositiveAmount(Money.Of(requested, currency), "Amount");
        var minor = amount.ToMinorUnits();
        var invoice = invoiceNumber is null ? null : AccountNumber.CheckNotReserved(invoiceNumber, nameof(RefundRequest.InvoiceNumber), _options.CurrentValue);
        var key = invoice is not null
            ? string.Concat("refund-invoice:", currency.Code, ":", invoice)
            : CallerKey(callerKey);
        var fingerprint = key is null ? null : Fingerprint.Of($"refund|{payment.Uuid}|{minor}|{invoice}");
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The refund room is read before the key is judged: a copy of this refund that landed in between is
            // then seen by the key look-up and replayed, instead of being mistaken for a lack of room.
            var state = await _store.GetPaymentRefundStateAsync(payment.Uuid, cancellationToken).ConfigureAwait(false)
                ?? throw LedgerErrors.PaymentNotFound(payment.Uuid);
            if (key is not null && await _store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return ReplayRefund(existing, fingerprint!);
            }

            if (minor > state.Paid - state.Refunded)
            {
                throw LedgerErrors.RefundExceedsPayment(payment.Uuid, state.Paid, state.Refunded, minor, currency);
            }

            var sale = await SystemAccountAsync(AccountKind.Sale, currency, cancellationToken).ConfigureAwait(false);
            var legs = new List<LegDraft> { new(sale.Id, -minor) };
            if (invoice is not null)
            {
                var account = await InvoiceAccountAsync(invoice, currency, payment.UserId, payment.UserEmail, cancellationToken).ConfigureAwait(false);
                legs.Add(new LegDraft(account.Id, minor));
            }
            else
            {
                legs.AddRange(await ReturnToSourcesAsync(payment, minor, cancellationToken).ConfigureAwait(false));
            }

            var draft = new TransactionDraft
            {
                Uuid = Uuids.NewV4(),
                Kind = TransactionKind.Refund,
                Currency = currency,
                CreatedAt = Now(),
                OrderNumber = payment.OrderNumber,
                OrderId = payment.OrderId,
                UserId = payment.UserId,
                UserEmail = payment.UserEmail,
                PaymentUuid = payment.Uuid,
                InvoiceNumber = invoice,
                IdempotencyKey = key,
                RequestFingerprint = fingerprint,
                Refund = new RefundClaim(payment.Uuid, state.Refunded, minor),
                Legs = legs,
            };
            try
            {
                var outcome = await _store.PostAsync(draft, cancellationToken).ConfigureAwait(false);
                if (!outcome.Replayed)
                {
                    Posted(outcome.Transaction);
                }

                return Refund.FromTransaction(outcome.Transaction);
            }
            catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.ConcurrencyConflict && attempt < _options.CurrentValue.MaxConcurrencyRetries)
            {
                // Another refund (perhaps a copy of this one, replayed on the next attempt) of the same payment landed first: recompute from the new refunded total.
                _metrics.Retried("refund");
            }
        }
    }

    /// <summary>
    /// The legs that give <paramref name="minor"/> back to the accounts the payment drew from: last drawn
    /// first, each up to what was drawn from it less what earlier refunds (without invoice) gave back to it.
    /// </summary>
    private async ValueTask<List<LegDraft>> ReturnToSourcesAsync(Transaction payment, long minor, CancellationToken cancellationToken)
    {
        var givenBack = new Dictionary<long, long>();
        foreach (var earlier in await _store.GetOrderTransactionsAsync(payment.OrderNumber ?? "", cancellationToken).ConfigureAwait(false))
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
        var remaining = minor;
        for (var i = payment.Transfers.Count - 1; i >= 0 && remaining > 0; i--)
        {
            var source = payment.Transfers[i];
            if (!source.Amount.IsNegative)
            {
                continue;
            }

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
            throw LedgerErrors.RefundExceedsPayment(payment.Uuid, payment.Amount.ToMinorUnits(), payment.Amount.ToMinorUnits() - (minor - remaining), minor, payment.Currency);
        }

        return legs;
    }

    private async ValueTask<Refund> RefundToLoyaltyCoreAsync(RefundToLoyaltyRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var orderNumber = Guard.Text(request.OrderNumber, nameof(request.OrderNumber));
        Guard.PositiveId(request.UserId, nameof(request.UserId));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), MaxEmailLength);
        var amount = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        var invoice = request.InvoiceNumber is null ? null : AccountNumber.CheckNotReserved(request.InvoiceNumber, nameof(request.InvoiceNumber), _options.CurrentValue);
        if (request.OrderId is { } orderId)
        {
            Guard.PositiveId(orderId, nameof(request.OrderId));
        }

        var currency = amount.Currency;
        var minor = amount.ToMinorUnits();

        // The caller's key is in the ledger's one key namespace; the order number is one of the fields it
        // identifies, so the same key for another order is a conflict, not a second refund.
        var key = CallerKey(Guard.Text(request.IdempotencyKey, nameof(request.IdempotencyKey)))!;
        var fingerprint = Fingerprint.Of($"refund-to-loyalty|{orderNumber}|{request.OrderId}|{request.UserId}|{email}|{currency.Code}|{minor}|{invoice}");
        if (await _store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return ReplayRefund(existing, fingerprint);
        }

        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var destination = invoice is not null
                ? await _store.FindAccountAsync(invoice, currency, cancellationToken).ConfigureAwait(false)
                : await OldestCustomerAccountAsync(request.UserId, currency, cancellationToken).ConfigureAwait(false);
            if (invoice is not null && destination is not null)
            {
                RequireInvoiceAccount(destination, request.UserId);
            }

            // Only now, with every refusal but a used key behind it, may the currency's system accounts be opened.
            var source = await SystemAccountAsync(AccountKind.Refund, currency, cancellationToken).ConfigureAwait(false);
            var draft = new TransactionDraft
            {
                Uuid = Uuids.NewV4(),
                Kind = TransactionKind.RefundToLoyalty,
                Currency = currency,
                CreatedAt = Now(),
                OrderNumber = orderNumber,
                OrderId = request.OrderId,
                UserId = request.UserId,
                UserEmail = email,
                InvoiceNumber = invoice,
                RequestFingerprint = fingerprint,
                Legs = [new LegDraft(source.Id, -minor), new LegDraft(LegDraft.NewAccountId, minor)],
            };
            if (destination is not null)
            {
                var outcome = await _store.PostAsync(
                    draft with { IdempotencyKey = key, Legs = [draft.Legs[0], new LegDraft(destination.Id, minor)] },
                    cancellationToken).ConfigureAwait(false);
                if (outcome.Replayed)
                {
                    return ReplayRefund(outcome.Transaction, fingerprint);
                }

                Posted(outcome.Transaction);
                return Refund.FromTransaction(outcome.Transaction);
            }

            // The account is opened by the write that credits it, keyed by the refund: the store judges the key
            // first, so a refused refund opens nothing, and copies of one refund open one account.
            try
            {
                var created = await _store.CreateAccountAsync(
                    new NewAccount
                    {
                        Number = invoice ?? CreditAccountNumber(request.UserId, currency),
                        Currency = currency,
                        Kind = invoice is null ? AccountKind.Customer : AccountKind.Invoice,
                        UserId = request.UserId,
                        UserEmail = email,
                        DebitAllowed = false,
                        CreatedAt = draft.CreatedAt,
                        IdempotencyKey = key,
                        RequestFingerprint = fingerprint,
                    },
                    draft,
                    cancellationToken).ConfigureAwait(false);
                if (!created.Replayed)
                {
                    Posted(created.Funding);
                }

                return Refund.FromTransaction(created.Funding!);
            }
            catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.DuplicateAccountNumber && attempt < _options.CurrentValue.MaxConcurrencyRetries)
            {
                // Another writer opened the account meanwhile: credit it as an existing one.
                _metrics.Retried("refund_to_loyalty");
            }
        }
    }

    private static Refund ReplayRefund(Transaction existing, string fingerprint)
    {
        if (!string.Equals(existing.RequestFingerprint, fingerprint, StringComparison.Ordinal))
        {
            throw LedgerErrors.IdempotencyConflict(existing.IdempotencyKey ?? "");
        }

        return Refund.FromTransaction(existing);
    }

    /// <summary>The account numbered with an invoice number for the order owner, created if missing and reused on retries.</summary>
    private async ValueTask<Account> InvoiceAccountAsync(string invoice, Currency currency, long? userId, string? email, CancellationToken cancellationToken)
    {
        var account = await GetOrOpenAsync(invoice, AccountKind.Invoice, currency, userId, email, cancellationToken).ConfigureAwait(false);
        RequireInvoiceAccount(account, userId);
        return account;
    }

    private static void RequireInvoiceAccount(Account account, long? userId)
    {
        if (account.Kind != AccountKind.Invoice || account.UserId != userId)
        {
            throw new LoyaltyException(
                LoyaltyErrorCode.DuplicateAccountNumber,
                string.Create(CultureInfo.InvariantCulture, $"The {account.Currency.Code} account numbered '{account.Number}' is not the invoice account of user {userId}; use another invoice number."));
        }
    }

    /// <summary>The account store credit lands on when no invoice is given, if the user has one: the oldest customer account in the currency.</summary>
    private async ValueTask<Account?> OldestCustomerAccountAsync(long userId, Currency currency, CancellationToken cancellationToken)
    {
        var owned = await _store.GetUserAccountsAsync(userId, currency, cancellationToken).ConfigureAwait(false);
        return owned.FirstOrDefault(static a => a.Kind == AccountKind.Customer);
    }

    /// <summary>The number of the account opened for store credit when the user has none: derived from user and currency, so retries and concurrent refunds open at most one.</summary>
    private static string CreditAccountNumber(long userId, Currency currency)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"akinon-loyalty-credit:{userId}:{currency.Code}")));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }

    /// <summary>Finds the account with a number, or opens it for the user (system numbers are reserved, so it is never one of them).</summary>
    private async ValueTask<Account> GetOrOpenAsync(string number, AccountKind kind, Currency currency, long? userId, string? email, CancellationToken cancellationToken)
    {
        return await _store.GetOrCreateAccountAsync(
            new NewAccount { Number = number, Currency = currency, Kind = kind, UserId = userId, UserEmail = email, DebitAllowed = false, CreatedAt = Now() },
            cancellationToken).ConfigureAwait(false);
    }
}
