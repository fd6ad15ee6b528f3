namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// The <c>transaction_type</c> of each <see cref="TransactionKind"/> on the wire, and back for the filter. The names
/// never change: <c>transfer</c>, <c>adjustment</c>, <c>order_payment</c>, <c>refund</c>, <c>refund_to_loyalty</c>,
/// <c>gift_card</c>.
/// </summary>
public static class TransactionTypes
{
    private static readonly (TransactionKind Kind, string Wire)[] Names =
    [
        (TransactionKind.Transfer, "transfer"),
        (TransactionKind.Adjustment, "adjustment"),
        (TransactionKind.OrderPayment, "order_payment"),
        (TransactionKind.Refund, "refund"),
        (TransactionKind.RefundToLoyalty, "refund_to_loyalty"),
        (TransactionKind.GiftCardIssue, "gift_card"),
        (TransactionKind.Authorization, "authorization"),
        (TransactionKind.AuthorizationVoid, "authorization_void"),
        (TransactionKind.Expiry, "expiry"),
    ];

    /// <summary>Every wire name, in the order of the kinds.</summary>
    public static IReadOnlyList<string> All { get; } = Array.ConvertAll(Names, static n => n.Wire);

    /// <summary>The wire name of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its <c>transaction_type</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined kind.</exception>
    public static string ToWire(TransactionKind kind)
    {
        foreach (var (k, wire) in Names)
        {
            if (k == kind)
            {
                return wire;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a transaction kind.");
    }

    /// <summary>The kind a wire name stands for, exactly as written (lower case).</summary>
    /// <param name="wire">The <c>transaction_type</c>.</param>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> when the name is one of <see cref="All"/>.</returns>
    public static bool TryParse(string? wire, out TransactionKind kind)
    {
        foreach (var (k, name) in Names)
        {
            if (string.Equals(name, wire, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
