namespace Akinon.Loyalty.Storage;

/// <summary>Listing accounts, transfers and transactions a page at a time (keyset cursor, with skip and total).</summary>
public sealed partial class InMemoryLedgerStore
{
    /// <inheritdoc />
    public ValueTask<Page<Account>> ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var items = new List<Account>(Math.Min(query.Limit, 64));
            long total = 0;
            var skipped = 0;
            foreach (var state in _accounts)
            {
                var account = state.Snapshot();
                if (!query.Matches(account))
                {
                    continue;
                }

                total++;
                if (query.AfterId is { } after && account.Id <= after)
                {
                    continue;
                }

                if (skipped < query.Skip)
                {
                    skipped++;
                    continue;
                }

                if (items.Count <= query.Limit)
                {
                    items.Add(account);
                }
            }

            return new(PageOf(items, query.Limit, total, static a => a.Id));
        }
    }

    /// <inheritdoc />
    public ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var items = new List<Transfer>(Math.Min(query.Limit + 1, 64));
            long total = 0;
            var skipped = 0;
            for (var i = _transfers.Count - 1; i >= 0; i--)
            {
                if (!Matches(query, _transfers[i]))
                {
                    continue;
                }

                total++;
                if ((query.BeforeId is { } before && i + 1 >= before) || items.Count > query.Limit)
                {
                    continue;
                }

                if (skipped < query.Skip)
                {
                    skipped++;
                    continue;
                }

                items.Add(TransferAt(i));
            }

            return new(PageOf(items, query.Limit, total, static t => t.Id));
        }
    }

    /// <inheritdoc />
    public ValueTask<Page<Transaction>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var items = new List<Transaction>(Math.Min(query.Limit + 1, 64));
            long total = 0;
            var skipped = 0;
            for (var i = _transactions.Count - 1; i >= 0; i--)
            {
                var draft = _transactions[i].Draft;
                if (!query.Matches(draft.Uuid, draft.Kind, draft.CreatedAt))
                {
                    continue;
                }

                total++;
                if ((query.BeforeId is { } before && i + 1 >= before) || items.Count > query.Limit)
                {
                    continue;
                }

                if (skipped < query.Skip)
                {
                    skipped++;
                    continue;
                }

                items.Add(TransactionAt(i));
            }

            return new(PageOf(items, query.Limit, total, static t => t.Id));
        }
    }

    // One item past the limit is gathered to know whether another page follows.
    private static Page<T> PageOf<T>(List<T> items, int limit, long total, Func<T, long> id)
    {
        var more = items.Count > limit;
        if (more)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new Page<T> { Items = items, TotalCount = total, NextCursor = more ? id(items[^1]) : null };
    }

    private bool Matches(TransferQuery query, in TransferRow row)
    {
        if (query.AccountId is { } accountId && row.AccountId != accountId)
        {
            return false;
        }

        var transaction = _transactions[row.Transaction].Draft;
        if ((query.Currency is { } currency && transaction.Currency != currency)
            || (query.TransactionUuid is { } uuid && transaction.Uuid != uuid)
            || (query.OrderNumber is { } order && !string.Equals(transaction.OrderNumber, order, StringComparison.Ordinal)))
        {
            return false;
        }

        return query.UserId is not { } userId || _accounts[(int)row.AccountId - 1].UserId == userId;
    }
}
