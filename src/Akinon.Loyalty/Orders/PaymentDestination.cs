namespace Akinon.Loyalty;

/// <summary>Where an allocated order payment goes: the Sale account (paid) or the Hold account (authorised, until it expires).</summary>
/// <param name="Account">The system account credited.</param>
/// <param name="Kind">The transaction's kind.</param>
/// <param name="ExpiresAt">For a hold, when it expires.</param>
/// <param name="Operation">The operation's name in telemetry.</param>
internal readonly record struct PaymentDestination(AccountKind Account, TransactionKind Kind, DateTimeOffset? ExpiresAt, string Operation)
{
    public static readonly PaymentDestination Sale = new(AccountKind.Sale, TransactionKind.OrderPayment, null, "pay_order");

    public static PaymentDestination Hold(DateTimeOffset expiresAt) => new(AccountKind.Hold, TransactionKind.Authorization, expiresAt, "authorize_order");
}
