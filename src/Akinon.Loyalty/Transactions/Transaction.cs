using System.Net;

namespace Akinon.Loyalty;

/// <summary>
/// A balanced, immutable set of <see cref="Transfer"/>s: their amounts sum to zero, so money is only ever
/// moved, never made or lost.
/// </summary>
public sealed record Transaction
{
    /// <summary>The store-assigned id (the <c>pk</c> of a refund).</summary>
    public required long Id { get; init; }

    /// <summary>The transaction's UUID (a payment's <c>transaction_uuid</c>).</summary>
    public required Guid Uuid { get; init; }

    /// <summary>Why it was posted.</summary>
    public required TransactionKind Kind { get; init; }

    /// <summary>The currency of every transfer.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The order number, when the transaction concerns an order.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>The order's id in the host's commerce system, when known.</summary>
    public long? OrderId { get; init; }

    /// <summary>The user the transaction concerns (the order owner, the gift card holder), when any.</summary>
    public long? UserId { get; init; }

    /// <summary>That user's email, when known.</summary>
    public string? UserEmail { get; init; }

    /// <summary>For a refund, the UUID of the order payment it gives money back for.</summary>
    public Guid? PaymentUuid { get; init; }

    /// <summary>For a refund onto an invoice account, the invoice number.</summary>
    public string? InvoiceNumber { get; init; }

    /// <summary>The idempotency key it was posted under, when any (as the ledger scoped it). A store sets it from the draft and keeps it: the ledger reads it back to answer a retry under the same key.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The canonical text of the request it was posted for, when it has an <see cref="IdempotencyKey"/>; a retry under the same key must match it (the ledger compares it, so a store returns it as the draft gave it).</summary>
    public string? RequestFingerprint { get; init; }

    /// <summary>When it was posted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>For an <see cref="TransactionKind.Authorization"/>, when the hold expires (it can no longer be captured from then on).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// Who asked for it (<see cref="LedgerRequest.Actor"/>): over the REST routes, the API key's name or the signed-in
    /// user; <see langword="null"/> when the caller named nobody (the ledger's own expiry runs and hold timeouts).
    /// A replay under the same key returns the first transaction, with the first request's actor.
    /// </summary>
    public string? Actor { get; init; }

    /// <summary>The network address the request came from, when it came over a network (Akinon's <c>remote_addr</c>).</summary>
    public IPAddress? RemoteAddress { get; init; }

    /// <summary>The movements; they sum to zero.</summary>
    public required IReadOnlyList<Transfer> Transfers { get; init; }

    /// <summary>The total moved: the sum of the positive transfers.</summary>
    public Money Amount
    {
        get
        {
            var total = 0L;
            var transfers = Transfers;

            // By index: a foreach over the interface would allocate an enumerator on every read.
            for (var i = 0; i < transfers.Count; i++)
            {
                var minor = transfers[i].Amount.ToMinorUnits();
                if (minor > 0)
                {
                    total += minor;
                }
            }

            return Money.FromMinorUnits(total, Currency);
        }
    }
}
