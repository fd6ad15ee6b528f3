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
        EnsureEnabled();
        var amount = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        var code = request.Code is null ? GiftCardCode.New() : Guard.Text(request.Code, nameof(request.Code));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), MaxEmailLength);
        if (request.UserId is { } userId)
        {
            Guard.PositiveId(userId, nameof(request.UserId));
        }

        var currency = amount.Currency;
        var minor = amount.ToMinorUnits();
        var bank = await SystemAccountAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        var now = Now();
        // The code is the natural key, so a card can always be issued again by its code. A retry of a request
        // whose code was generated cannot know the code: the caller's key stands in, and the fingerprint
        // leaves out the code it would not repeat.
        var callerKeyed = request.Code is null && request.IdempotencyKey is not null;
        var key = callerKeyed ? Scoped("gift-card-key", request.IdempotencyKey)! : string.Concat("gift-card:", currency.Code, ":", code);
        var fingerprint = Fingerprint.Of($"gift-card|{(callerKeyed ? null : code)}|{currency.Code}|{minor}|{request.UserId}|{email}");
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
                Transfers = [new TransferDraft(bank.Id, -minor), new TransferDraft(TransferDraft.NewAccountId, minor)],
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
        EnsureEnabled();
        var code = Guard.Text(request.Code, nameof(request.Code));
        var currency = Guard.Currency(request.Currency, nameof(request.Currency));
        Guard.PositiveId(request.UserId, nameof(request.UserId));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), MaxEmailLength);
        for (var attempt = 0; ; attempt++)
        {
            var card = await _store.FindAccountAsync(code, currency, cancellationToken).ConfigureAwait(false)
                ?? throw LedgerErrors.AccountNotFound(code, currency);
            if (card.Kind != AccountKind.GiftCard)
            {
                throw new LoyaltyException(LoyaltyErrorCode.NotAGiftCard, string.Create(CultureInfo.InvariantCulture, $"The {currency.Code} account numbered '{code}' is not a gift card."));
            }

            if (card.UserId == request.UserId)
            {
                return card;
            }

            if (card.UserId is not null)
            {
                throw new LoyaltyException(LoyaltyErrorCode.GiftCardAlreadyRedeemed, string.Create(CultureInfo.InvariantCulture, $"Gift card '{code}' was already redeemed by another user."));
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
