using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Akinon.Loyalty.Internal;

/// <summary>
/// Every persisted idempotency key prefix and natural-key derivation of a ledger, in one place: changing one
/// of these strings changes what stored rows mean, so none is written anywhere else.
/// </summary>
/// <remarks>
/// Caller-chosen keys share one scope: the same key sent with another operation, another account or other
/// fields is an <see cref="LoyaltyErrorCode.IdempotencyConflict"/>, because every fingerprint names its
/// operation and all its fields. Natural keys (order numbers, invoice numbers, gift card codes) have scopes
/// of their own.
/// </remarks>
internal static class IdempotencyScopes
{
    public const string CallerPrefix = "key:";
    public const string PaymentPrefix = "payment:";
    public const string HoldSettlementPrefix = "hold-settlement:";
    public const string RefundInvoicePrefix = "refund-invoice:";
    public const string GiftCardPrefix = "gift-card:";
    public const string ExpiryPrefix = "expiry:";
    private const string CreditAccountSeed = "akinon-loyalty-credit:";

    /// <summary>The scoped form of a caller-chosen key, or <see langword="null"/> when none was given.</summary>
    public static string? Caller(string? key)
        => key is null ? null : string.Concat(CallerPrefix, Guard.Text(key, "IdempotencyKey"));

    /// <summary>One payment per order number.</summary>
    public static string Payment(string orderNumber) => string.Concat(PaymentPrefix, orderNumber);

    /// <summary>One capture or void per hold (the hold itself is keyed as the order's <see cref="Payment"/>): whichever comes first wins.</summary>
    public static string HoldSettlement(string orderNumber) => string.Concat(HoldSettlementPrefix, orderNumber);

    /// <summary>One refund per invoice number and currency.</summary>
    public static string RefundInvoice(Currency currency, string invoice) => string.Concat(RefundInvoicePrefix, currency.Code, ":", invoice);

    /// <summary>One gift card per code and currency.</summary>
    public static string GiftCard(Currency currency, string code) => string.Concat(GiftCardPrefix, currency.Code, ":", code);

    /// <summary>
    /// One expiry per account and version: concurrent runs that read the account alike post under one key, so the
    /// store lets one of them move the money and replays it to the others.
    /// </summary>
    public static string Expiry(long accountId, long version)
        => string.Create(CultureInfo.InvariantCulture, $"{ExpiryPrefix}{accountId}:{version}");

    /// <summary>
    /// The number of the account opened for store credit when the user has none: derived from user and
    /// currency, so retries and concurrent refunds open at most one.
    /// </summary>
    public static string CreditAccountNumber(long userId, Currency currency)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreditAccountSeed}{userId}:{currency.Code}")));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }
}
