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
        var requester = Requester.Of(request);

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

            if (opening < 0 && !request.DebitAllowed)
            {
                throw new LoyaltyException(LoyaltyErrorCode.InsufficientFunds, string.Create(CultureInfo.InvariantCulture, $"An account that does not allow debit cannot open with {request.Balance}."));
            }

            bank = await ledger.SystemAccounts.GetAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        }

        var funding = opening == 0 ? null : new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = TransactionKind.Adjustment,
            Currency = currency,
            CreatedAt = now,
            UserId = userId,
            UserEmail = email,
            Actor = requester.Actor,
            RemoteAddress = requester.RemoteAddress,
            Legs = [new LegDraft(bank.Id, -opening), new LegDraft(LegDraft.NewAccountId, opening)],
        };
        var account = new NewAccount
        {
            Number = number,
            Currency = currency,
            Kind = AccountKind.Customer,
            UserId = userId,
            UserEmail = email,
            DebitAllowed = request.DebitAllowed,
            ExpiresAt = expiresAt,
            CreatedAt = now,
            IdempotencyKey = key,
            RequestFingerprint = key is null ? null : Fingerprint.Of($"create-account|{request.Number}|{currency.Code}|{userId}|{email}|{request.DebitAllowed}|{request.Balance?.ToMinorUnits()}|{expiresAt?.UtcTicks}"),
        };
        var created = await ledger.Store.CreateAccountAsync(account, funding, cancellationToken).ConfigureAwait(false);
        if (!created.Replayed)
        {
            ledger.Telemetry.Posted(created.Funding);
            ledger.Telemetry.AccountOpened(created.Account);
        }

        return created.Account;
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
