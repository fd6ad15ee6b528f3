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
            Legs = [new LegDraft(bankId, -request.Opening), new LegDraft(LegDraft.NewAccountId, request.Opening)],
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
    {
        var currency = Guard.Currency(request.Currency, nameof(request.Currency));
        var number = request.Number is null ? Uuids.NewV4().ToString("D") : AccountNumber.CheckNotReserved(request.Number, nameof(request.Number), options);
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), LedgerContext.MaxEmailLength);
        var key = IdempotencyScopes.Caller(request.IdempotencyKey);

        // An account no payment can ever draw on is a trap for money: a customer account always has its user.
        var userId = request.UserId ?? throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "'UserId' is required: a customer account belongs to a user.");
        Guard.PositiveId(userId, nameof(request.UserId));
        var opening = 0L;
        if (request.Balance is { } balance)
        {
            LedgerContext.RequireCurrency(balance, currency, nameof(request.Balance));
            opening = balance.ToMinorUnits();
        }

        return new CheckedAccount(number, currency, userId, email, opening, key);
    }

    /// <summary>A request to open an account once checked; <paramref name="Opening"/> in minor units.</summary>
    internal readonly record struct CheckedAccount(string Number, Currency Currency, long UserId, string? Email, long Opening, string? Key);
}
