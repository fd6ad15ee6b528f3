using Akinon.Loyalty.Internal;

namespace Akinon.Loyalty;

/// <summary>A payment request once checked: what every outcome is reported against.</summary>
internal sealed record CheckedPayment(OrderPaymentRequest Request, string OrderNumber, string? Email, Money Total, string Key, string Fingerprint, Requester Requester)
{
    public OrderPayment Result(Transaction? transaction, IReadOnlyList<Allocation> allocations, bool replayed)
    {
        var covered = transaction?.Amount ?? Money.Zero(Total.Currency);
        return new OrderPayment
        {
            Transaction = transaction,
            OrderNumber = OrderNumber,
            OrderId = Request.OrderId,
            UserId = Request.UserId,
            UserEmail = Email,
            OrderAmount = Total,
            Covered = covered,
            Remaining = Total - covered,
            Allocations = allocations,
            Replayed = replayed,
        };
    }
}
