using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>Opens a customer account, funded from Bank when it opens with a balance.</summary>
internal sealed class OpenAccount(LedgerContext ledger)
{
    public async ValueTask<Account> RunAsync(CreateAccountRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var checkedRequest = Check(request, ledger.Options.CurrentValue);
        var (number, currency, userId, email, opening, key) = checkedRequest;

        // Before the currency's system accounts may be opened: a refusal creates nothing.
        var now = ledger.Now();
        var expiresAt = await Expiry.CheckAsync(request.ExpiresAt, now, nameof(request.ExpiresAt), key, ledger.Store, cancellationToken).ConfigureAwait(false);

        // The currency's system accounts are opened with its first account, so they take its first ids; what the
        // store would refuse once they exist is refused before they are created.
        var bank = await ledger.SystemAccounts.KnownAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        if (bank is null)
        {
            await ledger.SystemAccounts.RefuseUsedKeyAsync(key, cancellationToken).ConfigureAwait(false);
            if (await ledger.Store.FindAccountAsync(number, currency, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw LedgerErrors.DuplicateNumber(number, currency);
            }

            RequireOpeningAllowed(opening, request.DebitAllowed, currency);

            bank = await ledger.SystemAccounts.GetAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        }

        var fingerprint = key is null ? null : Fingerprint.Of($"create-account|{request.Number}|{currency.Code}|{userId}|{email}|{request.DebitAllowed}|{request.Balance?.ToMinorUnits()}|{expiresAt?.UtcTicks}");
        var (account, funding) = Drafts(checkedRequest, request.DebitAllowed, expiresAt, bank.Id, now, now, fingerprint, Requester.Of(request));
        var created = await ledger.Store.CreateAccountAsync(account, funding, cancellationToken).ConfigureAwait(false);
        if (!created.Replayed)
        {
            ledger.Telemetry.Posted(created.Funding);
            ledger.Telemetry.AccountOpened(created.Account);
        }

        return created.Account;
    }

    /// <summary>
    /// The account and its opening adjustment (Bank → account, an <see cref="TransactionKind.Adjustment"/>; none for a
    /// zero balance): the one shape of an opening, for a request and for an imported row alike.
    /// </summary>
    internal static (NewAccount Account, TransactionDraft? Funding) Drafts(
        in CheckedAccount request, bool debitAllowed, DateTimeOffset? expiresAt, long bankId, DateTimeOffset now, DateTimeOffset createdAt, string? fingerprint, Requester requester)
    {
        var funding = request.Opening == 0 ? null : new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = TransactionKind.Adjustment,
            Currency = request.Currency,
            CreatedAt = now,
            UserId = request.UserId,
            UserEmail = request.Email,
            Actor = requester.Actor,
            RemoteAddress = requester.RemoteAddress,
            Legs = new LegPair(new LegDraft(bankId, -request.Opening), new LegDraft(LegDraft.NewAccountId, request.Opening)),
        };
        var account = new NewAccount
        {
            Number = request.Number,
            Currency = request.Currency,
            Kind = AccountKind.Customer,
            UserId = request.UserId,
            UserEmail = request.Email,
            DebitAllowed = debitAllowed,
            ExpiresAt = expiresAt,
            CreatedAt = createdAt,
            IdempotencyKey = request.Key,
            RequestFingerprint = fingerprint,
        };
        return (account, funding);
    }

    /// <summary>Only an account that allows debit may open below zero (<see cref="LoyaltyErrorCode.InsufficientFunds"/>).</summary>
    internal static void RequireOpeningAllowed(long opening, bool debitAllowed, Currency currency)
    {
        if (opening < 0 && !debitAllowed)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InsufficientFunds, string.Create(CultureInfo.InvariantCulture, $"An account that does not allow debit cannot open with {Money.FromMinorUnits(opening, currency)}."));
        }
    }

    /// <summary>Every refusal a request to open an account earns on its own, before anything is read.</summary>
    internal static CheckedAccount Check(CreateAccountRequest request, LoyaltyOptions options)
        => Check(request.Number, request.Currency, request.UserId, request.UserEmail, request.Balance, request.IdempotencyKey, options);

    /// <summary>
    /// Every refusal the fields of a request to open an account earn on their own, before anything is read: the one
    /// check of a request and of an imported row (which brings the same fields, without a key), named as the request's.
    /// </summary>
    internal static CheckedAccount Check(string? number, Currency currency, long? userId, string? userEmail, Money? balance, string? idempotencyKey, LoyaltyOptions options)
    {
        currency = Guard.Currency(currency, nameof(CreateAccountRequest.Currency));
        var checkedNumber = number is null ? Uuids.NewV4().ToString("D") : AccountNumber.CheckNotReserved(number, nameof(CreateAccountRequest.Number), options);
        var email = Guard.OptionalText(userEmail, nameof(CreateAccountRequest.UserEmail), LedgerContext.MaxEmailLength);
        var key = IdempotencyScopes.Caller(idempotencyKey);

        // An account no payment can ever draw on is a trap for money: a customer account always has its user.
        var owner = userId ?? throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "'UserId' is required: a customer account belongs to a user.");
        Guard.PositiveId(owner, nameof(CreateAccountRequest.UserId));
        var opening = 0L;
        if (balance is { } money)
        {
            LedgerContext.RequireCurrency(money, currency, nameof(CreateAccountRequest.Balance));
            opening = money.ToMinorUnits();
        }

        return new CheckedAccount(checkedNumber, currency, owner, email, opening, key);
    }

    /// <summary>A request to open an account once checked; <paramref name="Opening"/> in minor units.</summary>
    internal readonly record struct CheckedAccount(string Number, Currency Currency, long UserId, string? Email, long Opening, string? Key);
}
