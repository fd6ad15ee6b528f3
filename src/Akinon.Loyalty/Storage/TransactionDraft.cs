using System.Net;

namespace Akinon.Loyalty.Storage;

/// <summary>
/// A balanced transaction a store is asked to post atomically: all legs or none, and only when its
/// preconditions still hold (accounts exist and share the currency, debit rules, expected versions,
/// refund claim, idempotency key unused or used by the same request).
/// </summary>
public sealed record TransactionDraft
{
    // The fields most drafts leave unset, held apart: a draft without them (an opening, a transfer) is half the size, and
    // the in-memory store keeps every draft it posts. Immutable, so a copy made with 'with' may share it; null when all unset.
    private Rare? _rare;

    /// <summary>The UUID the transaction will have.</summary>
    public required Guid Uuid { get; init; }

    /// <summary>Why it is posted.</summary>
    public required TransactionKind Kind { get; init; }

    /// <summary>The currency of every leg.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The legs, in minor units; they must sum to zero.</summary>
    public required IReadOnlyList<LegDraft> Legs { get; init; }

    /// <summary>When posted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The order number, when it concerns an order.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>The order id, when known.</summary>
    public long? OrderId { get => _rare?.OrderId; init => Set(_rare?.OrderId, value, static (r, v) => r with { OrderId = v }); }

    /// <summary>The user it concerns.</summary>
    public long? UserId { get; init; }

    /// <summary>That user's email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>For a refund, the payment it gives back for; for a capture or a void, the hold it settles (see <see cref="SettlesHold"/>).</summary>
    public Guid? PaymentUuid { get => _rare?.PaymentUuid; init => Set(_rare?.PaymentUuid, value, static (r, v) => r with { PaymentUuid = v }); }

    /// <summary>For a refund onto an invoice account, the invoice number.</summary>
    public string? InvoiceNumber { get => _rare?.InvoiceNumber; init => Set(_rare?.InvoiceNumber, value, static (r, v) => r with { InvoiceNumber = v }); }

    /// <summary>The scoped idempotency key, when any. A second draft with the same key is a replay when its <see cref="RequestFingerprint"/> is equal, else a conflict.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>A canonical text of the request, compared on replays of <see cref="IdempotencyKey"/>.</summary>
    public string? RequestFingerprint { get; init; }

    /// <summary>For an <see cref="TransactionKind.Authorization"/>, when the hold expires.</summary>
    public DateTimeOffset? ExpiresAt { get => _rare?.ExpiresAt; init => Set(_rare?.ExpiresAt, value, static (r, v) => r with { ExpiresAt = v }); }

    /// <summary>
    /// Whether this draft settles the hold <see cref="PaymentUuid"/> names: a capture (an <see cref="TransactionKind.OrderPayment"/>
    /// from Hold) or a void (<see cref="TransactionKind.AuthorizationVoid"/>). A store stops listing that hold in
    /// <see cref="ILedgerStore.ListExpiredHoldsAsync"/> once this draft is posted. (The PostgreSQL store states the same
    /// rule in SQL, in the statement that lists the expired holds.)
    /// </summary>
    public bool SettlesHold => PaymentUuid is not null && Kind is TransactionKind.OrderPayment or TransactionKind.AuthorizationVoid;

    /// <summary>For a refund of loyalty money, the part of the payment it claims.</summary>
    public RefundClaim? Refund { get => _rare?.Refund; init => Set(_rare?.Refund, value, static (r, v) => r with { Refund = v }); }

    /// <summary>Who asked for it (<see cref="LedgerRequest.Actor"/>); a store keeps it as given. Part of no fingerprint.</summary>
    public string? Actor { get => _rare?.Actor; init => Set(_rare?.Actor, value, static (r, v) => r with { Actor = v }); }

    /// <summary>Where the request came from (<see cref="LedgerRequest.RemoteAddress"/>); a store keeps it as given. Part of no fingerprint.</summary>
    public IPAddress? RemoteAddress { get => _rare?.RemoteAddress; init => Set(_rare?.RemoteAddress, value, static (r, v) => r with { RemoteAddress = v }); }

    /// <summary>
    /// Whether the draft carries nothing but its UUID, kind, currency, time, order number, user, key, fingerprint and legs,
    /// and at most its <see cref="ExpiresAt"/> and <see cref="PaymentUuid"/> (a transfer, a payment, a hold or its
    /// settlement, an opening without email or requester): the in-memory store may then keep those in its row, and not the draft.
    /// </summary>
    internal bool IsBare => UserEmail is null && (_rare is null || _rare.HoldsOnlyExpiryAndPayment);

    /// <summary>One of the transfers this draft posted, as the store hands it back: the draft gives its transaction's fields.</summary>
    /// <param name="transferId">The id the store gave the transfer.</param>
    /// <param name="accountId">The account it moved (for <see cref="LegDraft.NewAccountId"/>, the account created with the draft).</param>
    /// <param name="amount">The signed amount, in minor units.</param>
    /// <param name="createdAt">When it was posted, as stored.</param>
    /// <param name="balanceAfter">The account's balance right after it, in minor units; <see langword="null"/> for a system account (see <see cref="Transfer.BalanceAfter"/>).</param>
    /// <returns>The transfer.</returns>
    public Transfer ToTransfer(long transferId, long accountId, long amount, DateTimeOffset createdAt, long? balanceAfter = null) => new()
    {
        Id = transferId,
        AccountId = accountId,
        Amount = Money.FromMinorUnits(amount, Currency),
        TransactionUuid = Uuid,
        TransactionKind = Kind,
        OrderNumber = OrderNumber,
        CreatedAt = createdAt,
        BalanceAfter = balanceAfter is { } after ? Money.FromMinorUnits(after, Currency) : null,
    };

    /// <summary>The transaction this draft became once posted, as the store hands it back.</summary>
    /// <param name="transactionId">The id the store gave it.</param>
    /// <param name="createdAt">When it was posted, as stored.</param>
    /// <param name="transfers">Its transfers, in leg order (see <see cref="ToTransfer"/>).</param>
    /// <returns>The transaction.</returns>
    public Transaction ToTransaction(long transactionId, DateTimeOffset createdAt, IReadOnlyList<Transfer> transfers) => new()
    {
        Id = transactionId,
        Uuid = Uuid,
        Kind = Kind,
        Currency = Currency,
        OrderNumber = OrderNumber,
        OrderId = OrderId,
        UserId = UserId,
        UserEmail = UserEmail,
        PaymentUuid = PaymentUuid,
        InvoiceNumber = InvoiceNumber,
        IdempotencyKey = IdempotencyKey,
        RequestFingerprint = RequestFingerprint,
        CreatedAt = createdAt,
        ExpiresAt = ExpiresAt,
        Actor = Actor,
        RemoteAddress = RemoteAddress,
        Transfers = transfers,
    };
    /// <summary>Sets one of the rare fields: nothing is made for a value it already has (unset, on a draft that has none).</summary>
    private void Set<T>(T current, T value, Func<Rare, T, Rare> with)
    {
        if (EqualityComparer<T>.Default.Equals(current, value))
        {
            return;
        }

        var rare = with(_rare ?? Rare.None, value);
        _rare = rare == Rare.None ? null : rare;
    }

    /// <summary>The rarely set fields of a draft.</summary>
    private sealed record Rare
    {
        public static readonly Rare None = new();

        public long? OrderId { get; init; }

        public Guid? PaymentUuid { get; init; }

        public string? InvoiceNumber { get; init; }

        public DateTimeOffset? ExpiresAt { get; init; }

        public RefundClaim? Refund { get; init; }

        public string? Actor { get; init; }

        public IPAddress? RemoteAddress { get; init; }

        /// <summary>Whether nothing but <see cref="ExpiresAt"/> and <see cref="PaymentUuid"/> may be set (see <see cref="IsBare"/>).</summary>
        public bool HoldsOnlyExpiryAndPayment => OrderId is null && InvoiceNumber is null && Refund is null && Actor is null && RemoteAddress is null;
    }
}
