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
            if (query.Order != AccountOrder.Id)
            {
                return new(SortedPage(query));
            }

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

    // Any order but ascending id: every match is read and sorted by the query's one comparison (caller holds _gate).
    private Page<Account> SortedPage(AccountQuery query)
    {
        var matches = new List<Account>();
        foreach (var state in _accounts)
        {
            var account = state.Snapshot();
            if (query.Matches(account))
            {
                matches.Add(account);
            }
        }

        var total = matches.Count;
        matches.Sort(query.Compare);
        var items = matches
            .Where(a => query.AfterId is not { } after || a.Id > after)
            .Skip(query.Skip)
            .Take(query.Limit + 1)
            .ToList();
        return PageOf(items, query.Limit, total, static a => a.Id);
    }

    /// <inheritdoc />
    public ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return new(NewestFirst(
                _transfers.Count,
                (Store: this, Query: query),
                static (s, i) => s.Store.Matches(s.Query, s.Store._transfers[i]),
                static (s, i) => s.Store.TransferAt(i),
                query.BeforeId,
                query.Skip,
                query.Limit,
                static t => t.Id));
        }
    }

    /// <inheritdoc />
    public ValueTask<Page<Transaction>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return new(NewestFirst(
                _transactions.Count,
                (Store: this, Query: query),
                static (s, i) => s.Store._transactions[i] is var d && s.Query.Matches(d.Uuid, d.Kind, d.CreatedAt),
                static (s, i) => s.Store.TransactionAt(i),
                query.BeforeId,
                query.Skip,
                query.Limit,
                static t => t.Id));
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

    /// <summary>
    /// One page of history rows, newest first: the rows before the cursor (ids are index + 1), after skipping
    /// <paramref name="skip"/> matches, with the total count of matches; shared by the transfer and transaction listings.
    /// </summary>
    private static Page<T> NewestFirst<T, TState>(
        int count,
        TState state,
        Func<TState, int, bool> matches,
        Func<TState, int, T> at,
        long? beforeId,
        int skip,
        int limit,
        Func<T, long> id)
    {
        var items = new List<T>(Math.Min(limit + 1, 64));
        long total = 0;
        var skipped = 0;
        for (var i = count - 1; i >= 0; i--)
        {
            if (!matches(state, i))
            {
                continue;
            }

            total++;
            if ((beforeId is { } before && i + 1 >= before) || items.Count > limit)
            {
                continue;
            }

            if (skipped < skip)
            {
                skipped++;
                continue;
            }

            items.Add(at(state, i));
        }

        return PageOf(items, limit, total, id);
    }

    private bool Matches(TransferQuery query, in TransferRow row)
    {
        if (query.AccountId is { } accountId && row.AccountId != accountId)
        {
            return false;
        }

        ref readonly var transaction = ref _transactions[row.Transaction];
        if ((query.Currency is { } currency && transaction.Currency != currency)
            || (query.TransactionUuid is { } uuid && transaction.Uuid != uuid)
            || (query.OrderNumber is { } order && !string.Equals(transaction.Draft?.OrderNumber, order, StringComparison.Ordinal)))
        {
            return false;
        }

        return query.UserId is not { } userId || _accounts[(int)row.AccountId - 1].UserId == userId;
    }
}
