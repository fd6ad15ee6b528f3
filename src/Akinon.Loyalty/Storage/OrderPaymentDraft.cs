using System.Net;

namespace Akinon.Loyalty.Storage;

/// <summary>
/// An order payment, or an order's authorisation (a hold), for a store to allocate and post in one step (see
/// <see cref="IOrderPaymentStore"/>).
/// </summary>
public sealed record OrderPaymentDraft
{
    /// <summary>The UUID the payment transaction will have.</summary>
    public required Guid Uuid { get; init; }

    /// <summary>The order's currency.</summary>
    public required Currency Currency { get; init; }

    /// <summary>When posted; also the instant of the allocation, at which the user's expired accounts give nothing.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The order number.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>The order id, when known.</summary>
    public long? OrderId { get; init; }

    /// <summary>The paying user.</summary>
    public required long UserId { get; init; }

    /// <summary>That user's email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>The scoped idempotency key (the order's).</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The canonical text of the request, compared on replays.</summary>
    public required string RequestFingerprint { get; init; }

    /// <summary>The most to take, in minor units (the order total, capped); greater than zero.</summary>
    public required long Target { get; init; }

    /// <summary>The account of the currency credited with what is taken: Sale for a payment, Hold for an authorisation.</summary>
    public required long SaleAccountId { get; init; }

    /// <summary>
    /// <see cref="TransactionKind.OrderPayment"/> (the default), or <see cref="TransactionKind.Authorization"/> for a hold:
    /// the same allocation and legs, credited to the Hold account, paying nothing until it is captured.
    /// </summary>
    public TransactionKind Kind { get; init; } = TransactionKind.OrderPayment;

    /// <summary>When an authorisation expires (whole microseconds); <see langword="null"/> for a payment.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The order to draw the user's accounts in.</summary>
    public required StoreAllocationOrder Order { get; init; }

    /// <summary>Who asked for the payment (<see cref="LedgerRequest.Actor"/>); kept on the transaction. Part of no fingerprint.</summary>
    public string? Actor { get; init; }

    /// <summary>Where the request came from (<see cref="LedgerRequest.RemoteAddress"/>); kept on the transaction. Part of no fingerprint.</summary>
    public IPAddress? RemoteAddress { get; init; }
}
