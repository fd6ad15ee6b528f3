using System.Diagnostics;
using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

public sealed partial class LoyaltyLedger
{
    /// <inheritdoc />
    public ValueTask<Account> IssueGiftCardAsync(IssueGiftCardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run("issue_gift_card", Stopwatch.GetTimestamp(), IssueGiftCardCoreAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<Account> RedeemGiftCardAsync(RedeemGiftCardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run("redeem_gift_card", Stopwatch.GetTimestamp(), RedeemGiftCardCoreAsync(request, cancellationToken));
    }

    private async ValueTask<Account> IssueGiftCardCoreAsync(IssueGiftCardRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var amount = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        var code = request.Code is null
            ? GiftCardCode.New()
            : AccountNumber.CanonicalCode(AccountNumber.CheckNotReserved(request.Code, nameof(request.Code), _options.CurrentValue));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), MaxEmailLength);
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
        var key = callerKeyed ? CallerKey(request.IdempotencyKey)! : string.Concat("gift-card:", currency.Code, ":", code);
        var fingerprint = Fingerprint.Of($"issue-gift-card|{(callerKeyed ? null : code)}|{currency.Code}|{minor}|{request.UserId}|{email}");
        if (!_options.CurrentValue.Enabled)
        {
            // The funding transaction carries the fingerprint, so a card issued before the switch replays.
            var funding = await ReplayWhileDisabledAsync(key, fingerprint, cancellationToken).ConfigureAwait(false);
            return await GetAccountAsync(funding.Transfers.First(static t => t.Amount.IsPositive).AccountId, cancellationToken).ConfigureAwait(false);
        }

        var bank = await KnownSystemAccountAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        if (bank is null)
        {
            if (await _store.FindAccountAsync(code, currency, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw LedgerErrors.DuplicateNumber(code, currency);
            }

            await RefuseUsedKeyAsync(key, cancellationToken).ConfigureAwait(false);
            bank = await SystemAccountAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        }

        var now = Now();
        var created = await _store.CreateAccountAsync(
            new NewAccount
            {
                Number = code,
                Currency = currency,
                Kind = AccountKind.GiftCard,
                UserId = request.UserId,
                UserEmail = email,
                DebitAllowed = false,
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
                Legs = [new LegDraft(bank.Id, -minor), new LegDraft(LegDraft.NewAccountId, minor)],
            },
            cancellationToken).ConfigureAwait(false);
        if (!created.Replayed)
        {
            Posted(created.Funding);
        }

        return created.Account;
    }

    private async ValueTask<Account> RedeemGiftCardCoreAsync(RedeemGiftCardRequest request, CancellationToken cancellationToken)
    {
        // Codes are typed by people: looked up in the canonical upper case they are issued in, then as typed
        // (so an account of another kind with that number is reported as such).
        var typed = AccountNumber.Check(request.Code, nameof(request.Code));
        var code = AccountNumber.CanonicalCode(typed);
        var currency = Guard.Currency(request.Currency, nameof(request.Currency));
        Guard.PositiveId(request.UserId, nameof(request.UserId));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), MaxEmailLength);
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var card = await _store.FindAccountAsync(code, currency, cancellationToken).ConfigureAwait(false)
                ?? (code == typed ? null : await _store.FindAccountAsync(typed, currency, cancellationToken).ConfigureAwait(false))
                ?? throw LedgerErrors.AccountNotFound(typed, currency);
            if (card.Kind != AccountKind.GiftCard)
            {
                throw new LoyaltyException(LoyaltyErrorCode.NotAGiftCard, string.Create(CultureInfo.InvariantCulture, $"The {currency.Code} account numbered '{card.Number}' is not a gift card."));
            }

            if (card.UserId == request.UserId)
            {
                // Redeemed by this user before: a retry, answered even while loyalty money is off.
                return card;
            }

            EnsureEnabled();
            if (card.UserId is not null)
            {
                throw new LoyaltyException(LoyaltyErrorCode.GiftCardAlreadyRedeemed, string.Create(CultureInfo.InvariantCulture, $"Gift card '{card.Number}' was already redeemed by another user."));
            }

            try
            {
                return await _store.UpdateAccountAsync(
                    new AccountChanges { AccountId = card.Id, ExpectedVersion = card.Version, UserId = request.UserId, UserEmail = email, ModifiedAt = Now() },
                    null,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.ConcurrencyConflict && attempt < _options.CurrentValue.MaxConcurrencyRetries)
            {
                _metrics.Retried("redeem_gift_card");
            }
        }
    }
}
