using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>The account numbered with an invoice number for the order owner: what both kinds of refund credit when given one.</summary>
internal static class InvoiceAccounts
{
    /// <summary>The invoice account, created if missing and reused on retries (system numbers are reserved, so it is never one of them).</summary>
    public static async ValueTask<Account> GetOrOpenAsync(LedgerContext ledger, string invoice, Currency currency, long? userId, string? email, CancellationToken cancellationToken)
    {
        var account = await ledger.Store.GetOrCreateAccountAsync(
            new NewAccount { Number = invoice, Currency = currency, Kind = AccountKind.Invoice, UserId = userId, UserEmail = email, DebitAllowed = false, CreatedAt = ledger.Now() },
            cancellationToken).ConfigureAwait(false);
        Require(account, userId);
        return account;
    }

    /// <summary>Whether an account numbered with the invoice number is that user's invoice account.</summary>
    public static bool Belongs(Account account, long? userId) => account.Kind == AccountKind.Invoice && account.UserId == userId;

    public static void Require(Account account, long? userId)
    {
        if (!Belongs(account, userId))
        {
            throw new LoyaltyException(
                LoyaltyErrorCode.DuplicateAccountNumber,
                string.Create(CultureInfo.InvariantCulture, $"The {account.Currency.Code} account numbered '{account.Number}' is not the invoice account of user {userId}; use another invoice number."));
        }
    }
}
