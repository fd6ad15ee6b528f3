using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>
/// Store credit for an order paid by other means: Refund account → the owner's invoice account, oldest
/// customer account, or a credit account opened for it. Keyed by the caller.
/// </summary>
internal sealed class RefundToLoyalty(LedgerContext ledger)
{
    public async ValueTask<Refund> RunAsync(RefundToLoyaltyRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var credit = Check(request, ledger.Options.CurrentValue);
        if (await ledger.Store.FindTransactionByKeyAsync(credit.Key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return RefundPayment.Replay(existing, credit.Fingerprint);
        }

        // Judged after the key, so a retry replays even once its expiry has passed.
        credit = credit with { ExpiresAt = Expiry.Check(credit.ExpiresAt, ledger.Now(), nameof(request.ExpiresAt)) };

        var (refund, foreign) = await ConflictRetry.RunAsync(
            (Operation: this, Credit: credit),
            static (s, ct) => s.Operation.AttemptAsync(s.Credit, ct),

            // Another writer opened the account meanwhile: credit it as an existing one.
            new RetryOn(LoyaltyErrorCode.DuplicateAccountNumber),
            ledger.ConflictRetries,
            ledger.Telemetry,
            "refund_to_loyalty",
            cancellationToken).ConfigureAwait(false);

        // Refused outside the loop: an invoice number taken by another account does not free up on a retry.
        if (foreign is not null)
        {
            InvoiceAccounts.Require(foreign, request.UserId);
        }

        return refund!;
    }

    /// <summary>Every refusal a refund to loyalty earns on its own, before anything is read.</summary>
    internal static CheckedCredit Check(RefundToLoyaltyRequest request, LoyaltyOptions options)
    {
        var orderNumber = Guard.Text(request.OrderNumber, nameof(request.OrderNumber));
        Guard.PositiveId(request.UserId, nameof(request.UserId));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), LedgerContext.MaxEmailLength);
        var amount = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        var invoice = request.InvoiceNumber is null ? null : AccountNumber.CheckNotReserved(request.InvoiceNumber, nameof(request.InvoiceNumber), options);
        if (request.OrderId is { } orderId)
        {
            Guard.PositiveId(orderId, nameof(request.OrderId));
        }

        if (request.ExpiresAt is not null && invoice is not null)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "A refund to loyalty that expires ('ExpiresAt') opens an account of its own; it cannot also name an invoice account ('InvoiceNumber').");
        }

        var currency = amount.Currency;
        var minor = amount.ToMinorUnits();

        // The caller's key is in the ledger's one key namespace; the order number is one of the fields it
        // identifies, so the same key for another order is a conflict, not a second refund.
        var key = IdempotencyScopes.Caller(Guard.Text(request.IdempotencyKey, nameof(request.IdempotencyKey)))!;
        var expiresAt = request.ExpiresAt is { } asked ? MicrosecondClock.Truncate(asked) : (DateTimeOffset?)null;
        var fingerprint = Fingerprint.Of($"refund-to-loyalty|{orderNumber}|{request.OrderId}|{request.UserId}|{email}|{currency.Code}|{minor}|{invoice}{(expiresAt is { } expiry ? "|" + expiry.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}");
        return new CheckedCredit(request, orderNumber, email, currency, minor, invoice, key, fingerprint, Requester.Of(request)) { ExpiresAt = expiresAt };
    }

    /// <summary>One attempt: the refund, or the account that holds the invoice number without being the owner's invoice account.</summary>
    private async ValueTask<(Refund? Refund, Account? Foreign)> AttemptAsync(CheckedCredit credit, CancellationToken cancellationToken)
    {
        var request = credit.Request;
        var currency = credit.Currency;
        // Credit that expires lands on an account of its own, opened with that expiry.
        var destination = credit.ExpiresAt is not null ? null
            : credit.Invoice is not null
            ? await ledger.Store.FindAccountAsync(credit.Invoice, currency, cancellationToken).ConfigureAwait(false)
            : await OldestCustomerAccountAsync(request.UserId, currency, cancellationToken).ConfigureAwait(false);
        if (credit.Invoice is not null && destination is not null && !InvoiceAccounts.Belongs(destination, request.UserId))
        {
            return (null, destination);
        }

        // Only now, with every refusal but a used key behind it, may the currency's system accounts be opened.
        var source = await ledger.SystemAccounts.GetAsync(AccountKind.Refund, currency, cancellationToken).ConfigureAwait(false);
        var draft = new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = TransactionKind.RefundToLoyalty,
            Currency = currency,
            CreatedAt = ledger.Now(),
            OrderNumber = credit.OrderNumber,
            OrderId = request.OrderId,
            UserId = request.UserId,
            UserEmail = credit.Email,
            InvoiceNumber = credit.Invoice,
            RequestFingerprint = credit.Fingerprint,
            Actor = credit.Requester.Actor,
            RemoteAddress = credit.Requester.RemoteAddress,
            Legs = new LegPair(new LegDraft(source.Id, -credit.Amount), new LegDraft(LegDraft.NewAccountId, credit.Amount)),
        };
        if (destination is not null)
        {
            var outcome = await ledger.PostAsync(
                draft with { IdempotencyKey = credit.Key, Legs = new LegPair(draft.Legs[0], new LegDraft(destination.Id, credit.Amount)) },
                cancellationToken).ConfigureAwait(false);
            return (outcome.Replayed ? RefundPayment.Replay(outcome.Transaction, credit.Fingerprint) : Refund.FromTransaction(outcome.Transaction), null);
        }

        // The account is opened by the write that credits it, keyed by the refund: the store judges the key
        // first, so a refused refund opens nothing, and copies of one refund open one account.
        var created = await ledger.Store.CreateAccountAsync(
            new NewAccount
            {
                Number = credit.Invoice ?? (credit.ExpiresAt is null ? IdempotencyScopes.CreditAccountNumber(request.UserId, currency) : Uuids.NewV4().ToString("D")),
                ExpiresAt = credit.ExpiresAt,
                Currency = currency,
                Kind = credit.Invoice is null ? AccountKind.Customer : AccountKind.Invoice,
                UserId = request.UserId,
                UserEmail = credit.Email,
                DebitAllowed = false,
                CreatedAt = draft.CreatedAt,
                IdempotencyKey = credit.Key,
                RequestFingerprint = credit.Fingerprint,
            },
            draft,
            cancellationToken).ConfigureAwait(false);
        if (!created.Replayed)
        {
            ledger.Telemetry.Posted(created.Funding);
        }

        return (Refund.FromTransaction(created.Funding!), null);
    }

    /// <summary>The account store credit lands on when no invoice is given, if the user has one: the oldest live customer account in the currency.</summary>
    private async ValueTask<Account?> OldestCustomerAccountAsync(long userId, Currency currency, CancellationToken cancellationToken)
    {
        var owned = await ledger.Store.GetUserAccountsAsync(userId, currency, cancellationToken).ConfigureAwait(false);
        // Never an expired one: it receives nothing.
        var now = ledger.Now();
        return owned.FirstOrDefault(a => a.Kind == AccountKind.Customer && !a.IsExpiredAt(now));
    }

    /// <summary>A refund to loyalty once checked; <paramref name="Amount"/> in minor units.</summary>
    internal sealed record CheckedCredit(RefundToLoyaltyRequest Request, string OrderNumber, string? Email, Currency Currency, long Amount, string? Invoice, string Key, string Fingerprint, Requester Requester)
    {
        /// <summary>When the credit expires (its own account), to the whole microsecond; never when <see langword="null"/>.</summary>
        public DateTimeOffset? ExpiresAt { get; init; }
    }
}
