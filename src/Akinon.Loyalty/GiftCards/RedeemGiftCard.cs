using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>Redeems a gift card: assigns it to a user, from then one of the user's accounts.</summary>
internal sealed class RedeemGiftCard(LedgerContext ledger)
{
    public async ValueTask<Account> RunAsync(RedeemGiftCardRequest request, CancellationToken cancellationToken)
    {
        // Codes are typed by people: looked up in the canonical upper case they are issued in, then as typed
        // (so an account of another kind with that number is reported as such).
        var typed = AccountNumber.Check(request.Code, nameof(request.Code));
        var code = AccountNumber.CanonicalCode(typed);
        var currency = Guard.Currency(request.Currency, nameof(request.Currency));
        Guard.PositiveId(request.UserId, nameof(request.UserId));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), LedgerContext.MaxEmailLength);
        return await ConflictRetry.RunAsync(
            (Operation: this, Request: request, Typed: typed, Code: code, Currency: currency, Email: email),
            static (s, ct) => s.Operation.AttemptAsync(s.Request, s.Typed, s.Code, s.Currency, s.Email, ct),
            new RetryOn(LoyaltyErrorCode.ConcurrencyConflict),
            ledger.ConflictRetries,
            ledger.Telemetry,
            "redeem_gift_card",
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Account> AttemptAsync(RedeemGiftCardRequest request, string typed, string code, Currency currency, string? email, CancellationToken cancellationToken)
    {
        var card = await ledger.Store.FindAccountAsync(code, currency, cancellationToken).ConfigureAwait(false)
            ?? (code == typed ? null : await ledger.Store.FindAccountAsync(typed, currency, cancellationToken).ConfigureAwait(false))
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

        ledger.EnsureEnabled();
        if (card.UserId is not null)
        {
            throw new LoyaltyException(LoyaltyErrorCode.GiftCardAlreadyRedeemed, string.Create(CultureInfo.InvariantCulture, $"Gift card '{card.Number}' was already redeemed by another user."));
        }

        return await ledger.Store.UpdateAccountAsync(
            new AccountChanges { AccountId = card.Id, ExpectedVersion = card.Version, UserId = request.UserId, UserEmail = email, ModifiedAt = ledger.Now() },
            null,
            cancellationToken).ConfigureAwait(false);
    }
}
