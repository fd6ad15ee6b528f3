namespace Akinon.Loyalty.Storage;

/// <summary>The history as rows, and the records built from them when read.</summary>
public sealed partial class InMemoryLedgerStore
{
    // History is kept as rows, not as the records handed out: a transfer row holds no reference, so the
    // garbage collector never traces the ever-growing history, and a transaction is one row however many
    // transfers it has. Transfer and Transaction records are built when read.
    private readonly RowLog<TransferRow> _transfers = new();
    private readonly RowLog<TransactionRow> _transactions = new();
    private readonly Dictionary<Guid, int> _transactionsByUuid = [];
    private readonly Dictionary<string, int> _lastTransactionOfOrder = new(StringComparer.Ordinal);

    // The expiries of the holds kept in their rows (see KeepsInRow), in posting order; a hold's row links to its own.
    // Apart from the row, so the transactions that have none pay four bytes (the link), not sixteen.
    private readonly RowLog<DateTimeOffset> _expiries = new();

    private int? PaymentIndex(Guid uuid)
        => _transactionsByUuid.TryGetValue(uuid, out var index) && _transactions[index].Kind == TransactionKind.OrderPayment ? index : null;

    private Transfer TransferAt(int index)
    {
        var row = _transfers[index];
        var draft = DraftAt(row.Transaction);
        return draft.ToTransfer(index + 1, row.AccountId, row.Amount, draft.CreatedAt, row.BalanceAfter);
    }

    private Transaction TransactionAt(int index) => TransactionAt(index, DraftAt(index));

    /// <summary>The transaction at an index, built from the draft it was posted from (the one at hand, right after posting it).</summary>
    private Transaction TransactionAt(int index, TransactionDraft draft)
    {
        var row = _transactions[index];
        var transfers = new Transfer[row.TransferCount];
        for (var i = 0; i < transfers.Length; i++)
        {
            var transfer = _transfers[row.FirstTransfer + i];
            transfers[i] = draft.ToTransfer(row.FirstTransfer + i + 1L, transfer.AccountId, transfer.Amount, draft.CreatedAt, transfer.BalanceAfter);
        }

        return draft.ToTransaction(index + 1, draft.CreatedAt, transfers);
    }

    /// <summary>The draft a transaction was posted from, or for one kept in its row (see <see cref="KeepsInRow"/>) its equal made from the row.</summary>
    private TransactionDraft DraftAt(int index)
    {
        ref readonly var row = ref _transactions[index];
        return row.Draft ?? new TransactionDraft
        {
            Uuid = row.Uuid,
            Kind = row.Kind,
            Currency = row.Currency,
            CreatedAt = row.CreatedAt,
            OrderNumber = row.OrderNumber,
            UserId = row.UserId,
            IdempotencyKey = row.IdempotencyKey,
            RequestFingerprint = row.RequestFingerprint,
            ExpiresAt = ExpiresAtOf(index),
            PaymentUuid = row.Link >= 0 && row.Kind != TransactionKind.Authorization ? _transactions[row.Link].Uuid : null,
            Legs = [],
        };
    }

    /// <summary>When the transaction at <paramref name="index"/> expires, if it does (a hold).</summary>
    private DateTimeOffset? ExpiresAtOf(int index)
    {
        ref readonly var row = ref _transactions[index];
        return row.Draft is { } draft ? draft.ExpiresAt : row.Link >= 0 && row.Kind == TransactionKind.Authorization ? _expiries[row.Link] : null;
    }

    /// <summary>
    /// Whether a draft's row (and its link, <see cref="TransactionRow.Link"/>) says all it says, so the draft
    /// need not be kept: a bare draft (<see cref="TransactionDraft.IsBare"/>) whose expiry, if any, is a hold's, and whose
    /// payment, if any, is the hold it settles, found here (<paramref name="settledHold"/>, its index; else −1 when it returns true).
    /// </summary>
    private bool KeepsInRow(TransactionDraft draft, out int settledHold)
    {
        settledHold = -1;
        if (!draft.IsBare || (draft.ExpiresAt is not null && draft.Kind != TransactionKind.Authorization))
        {
            return false;
        }

        return draft.PaymentUuid is not { } paymentUuid || (draft.SettlesHold && _transactionsByUuid.TryGetValue(paymentUuid, out settledHold));
    }

    /// <summary>Appends a transaction's row and its order link; its transfer rows are already in, and its UUID is claimed for it (see <see cref="Apply"/>).</summary>
    private int Append(TransactionDraft draft, int firstTransfer, long paid)
    {
        var index = _transactions.Count;
        var inRow = KeepsInRow(draft, out var link);
        if (!inRow)
        {
            link = -1;
        }
        else if (draft.ExpiresAt is { } expiresAt)
        {
            link = _expiries.Count;
            _expiries.Add(expiresAt);
        }

        _transactions.Add(new TransactionRow
        {
            Uuid = draft.Uuid,
            Kind = draft.Kind,
            Currency = draft.Currency,
            CreatedAt = draft.CreatedAt,
            OrderNumber = draft.OrderNumber,
            UserId = draft.UserId,
            IdempotencyKey = draft.IdempotencyKey,
            RequestFingerprint = draft.RequestFingerprint,
            Draft = inRow ? null : draft,
            Link = link,
            FirstTransfer = firstTransfer,
            TransferCount = draft.Legs.Count,
            Paid = paid,
            PreviousOfOrder = draft.OrderNumber is { } order && _lastTransactionOfOrder.TryGetValue(order, out var previous) ? previous : -1,
        });
        if (draft.OrderNumber is { } orderNumber)
        {
            _lastTransactionOfOrder[orderNumber] = index;
        }

        return index;
    }

    /// <summary>One transfer of the history: no references, so the collector never traces it. <see cref="BalanceAfter"/> is null on system accounts.</summary>
    /// <remarks>The balance after is a number and a flag, not a long?, laid out so a row is 32 bytes, not 40.</remarks>
    private readonly struct TransferRow(long accountId, long amount, int transaction, long? balanceAfter)
    {
        public readonly long AccountId = accountId;
        public readonly long Amount = amount;
        private readonly long _balanceAfter = balanceAfter ?? 0;
        public readonly int Transaction = transaction;
        private readonly bool _hasBalanceAfter = balanceAfter.HasValue;

        public long? BalanceAfter => _hasBalanceAfter ? _balanceAfter : null;
    }

    /// <summary>One transaction of the history; its transfers are the rows from <see cref="FirstTransfer"/> on.</summary>
    private struct TransactionRow
    {
        // What most transactions have, in the row: a bare draft (a transfer, a payment, an opening without email) is not
        // kept, so most transactions leave no object of their own for the collector to promote and trace.
        public Guid Uuid;
        public TransactionKind Kind;
        public Currency Currency;
        public DateTimeOffset CreatedAt;
        public long? UserId;

        // The strings are the draft's (and the key book's), not copies.
        public string? OrderNumber;
        public string? IdempotencyKey;
        public string? RequestFingerprint;

        // The draft it was posted from, when it carries more than the row (immutable, so kept as it came); else null.
        public TransactionDraft? Draft;

        // For a hold kept in its row, its expiry's index in _expiries; for a settlement kept in its row, its hold's
        // index; else -1 (a transaction is never both).
        public int Link;
        public int FirstTransfer;
        public int TransferCount;

        // For an order payment: what it paid to Sale and what refunds have given back, in minor units.
        public long Paid;
        public long Refunded;

        // The previous transaction of the same order, or -1: an order's history without a list per order.
        public int PreviousOfOrder;
    }
}
