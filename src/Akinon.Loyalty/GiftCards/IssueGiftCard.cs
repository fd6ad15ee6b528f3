using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>Issues a gift card: a new account numbered with its code, funded Bank → card.</summary>
internal sealed class IssueGiftCard(LedgerContext ledger)
{
    public async ValueTask<Account> RunAsync(IssueGiftCardRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (code, currency, minor, email, key, fingerprint) = Check(request, ledger.Options.CurrentValue);
        var requester = Requester.Of(request);
        if (!ledger.Options.CurrentValue.Enabled)
        {
            // The funding transaction carries the fingerprint, so a card issued before the switch replays.
            var funding = await ledger.ReplayWhileDisabledAsync(key, fingerprint, cancellationToken).ConfigureAwait(false);
            return await ledger.GetAccountAsync(funding.Transfers.First(static t => t.Amount.IsPositive).AccountId, cancellationToken).ConfigureAwait(false);
        }

        // Before the currency's system accounts may be opened: a refusal creates nothing.
        var now = ledger.Now();
        var expiresAt = await Expiry.CheckAsync(request.ExpiresAt, now, nameof(request.ExpiresAt), key, ledger.Store, cancellationToken).ConfigureAwait(false);
        var bank = await ledger.SystemAccounts.KnownAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        if (bank is null)
        {
            if (await ledger.Store.FindAccountAsync(code, currency, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw LedgerErrors.DuplicateNumber(code, currency);
            }

            await ledger.SystemAccounts.RefuseUsedKeyAsync(key, cancellationToken).ConfigureAwait(false);
            bank = await ledger.SystemAccounts.GetAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        }

        var created = await ledger.Store.CreateAccountAsync(
            new NewAccount
            {
                Number = code,
                Currency = currency,
                Kind = AccountKind.GiftCard,
                UserId = request.UserId,
                UserEmail = email,
                DebitAllowed = false,
                ExpiresAt = expiresAt,
                CreatedAt = now,
                IdempotencyKey = key,
                RequestFingerprint = fingerprint,
            },
            new TransactionDraft
            {
                Uuid = Uuids.NewV4(),
                Kind = TransactionKind.GiftCardIssue,
                Currency = currency,
                CreatedAt = now,
                UserId = request.UserId,
                UserEmail = email,
                RequestFingerprint = fingerprint,
                Actor = requester.Actor,
                RemoteAddress = requester.RemoteAddress,
                Legs = new LegPair(new LegDraft(bank.Id, -minor), new LegDraft(LegDraft.NewAccountId, minor)),
            },
            cancellationToken).ConfigureAwait(false);
        if (!created.Replayed)
        {
            ledger.Telemetry.Posted(created.Funding);
        }

        return created.Account;
    }

    /// <summary>Every refusal a request to issue a card earns on its own, before anything is read.</summary>
    internal static CheckedCard Check(IssueGiftCardRequest request, LoyaltyOptions options)
    {
        var amount = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        var code = request.Code is null
            ? GiftCardCode.New()
            : AccountNumber.CanonicalCode(AccountNumber.CheckNotReserved(request.Code, nameof(request.Code), options));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), LedgerContext.MaxEmailLength);
        if (request.UserId is { } userId)
        {
            Guard.PositiveId(userId, nameof(request.UserId));
        }

        var currency = amount.Currency;
        var minor = amount.ToMinorUnits();

        // The code is the natural key, so a card can always be issued again by its code. A retry of a request
        // whose code was generated cannot know the code: the caller's key stands in, and the fingerprint
        // leaves out the code it would not repeat.
        var callerKeyed = request.Code is null && request.IdempotencyKey is not null;
        var key = callerKeyed ? IdempotencyScopes.Caller(request.IdempotencyKey)! : IdempotencyScopes.GiftCard(currency, code);
        var fingerprint = Fingerprint.Of($"issue-gift-card|{(callerKeyed ? null : code)}|{currency.Code}|{minor}|{request.UserId}|{email}|{request.ExpiresAt?.UtcTicks}");
        return new CheckedCard(code, currency, minor, email, key, fingerprint);
    }

    /// <summary>A request to issue a card once checked; <paramref name="Amount"/> in minor units.</summary>
    internal readonly record struct CheckedCard(string Code, Currency Currency, long Amount, string? Email, string Key, string Fingerprint);
}
