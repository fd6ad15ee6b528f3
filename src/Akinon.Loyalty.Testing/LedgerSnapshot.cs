namespace Akinon.Loyalty.Testing;

/// <summary>
/// Everything observable about a ledger at one moment: every account with its balance and version, and
/// every transfer. Two snapshots are equal exactly when nothing was written in between, which is how
/// the suite proves that a refused operation changed nothing.
/// </summary>
public sealed record LedgerSnapshot
{
    /// <summary>Every account, by ascending id.</summary>
    public required IReadOnlyList<Account> Accounts { get; init; }

    /// <summary>Every transfer, newest first.</summary>
    public required IReadOnlyList<Transfer> Transfers { get; init; }

    /// <summary>Reads every account and every transfer of a ledger, page by page.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The snapshot.</returns>
    public static async Task<LedgerSnapshot> TakeAsync(ILoyaltyLedger ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var accounts = new List<Account>();
        long? after = null;
        do
        {
            var page = await ledger.ListAccountsAsync(new AccountQuery { AfterId = after, Limit = AccountQuery.MaxLimit }, cancellationToken);
            accounts.AddRange(page.Items);
            after = page.NextCursor;
        }
        while (after is not null);

        var transfers = new List<Transfer>();
        long? before = null;
        do
        {
            var page = await ledger.ListTransfersAsync(new TransferQuery { BeforeId = before, Limit = TransferQuery.MaxLimit }, cancellationToken);
            transfers.AddRange(page.Items);
            before = page.NextCursor;
        }
        while (before is not null);

        return new LedgerSnapshot { Accounts = accounts, Transfers = transfers };
    }

    /// <summary>Whether two snapshots show the same ledger.</summary>
    /// <param name="other">The other snapshot.</param>
    /// <returns><see langword="true"/> when every account and transfer is the same.</returns>
    public bool SameAs(LedgerSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Accounts.SequenceEqual(other.Accounts) && Transfers.SequenceEqual(other.Transfers);
    }

    /// <summary>
    /// Checks the ledger's master invariants and returns what is wrong, or nothing: per currency the
    /// balances sum to zero; every balance is the sum of its transfers; no account that does not allow
    /// debit is below zero; every transaction's transfers sum to zero; per currency, the Sale account holds exactly
    /// what order payments paid less what refunds of them gave back (its money leaves only through refunds); per
    /// currency, the Hold account holds exactly the sum of the live holds (authorisations not yet captured or voided),
    /// and every capture or void takes exactly its hold out of it; no account is drawn on at or after its expiry (only
    /// an expiry takes from it, and only then); a Breakage account receives only expiries; every transfer of a customer,
    /// gift card or invoice account carries the account's running balance (<see cref="Transfer.BalanceAfter"/>, in
    /// ascending id), and no transfer of a system account carries one.
    /// </summary>
    /// <returns>The violations, in words.</returns>
    public IReadOnlyList<string> Violations()
    {
        var problems = new List<string>();
        foreach (var currency in Accounts.GroupBy(static a => a.Currency))
        {
            var sum = currency.Sum(static a => a.Balance.ToMinorUnits());
            if (sum != 0)
            {
                problems.Add($"{currency.Key.Code} balances sum to {sum} minor units, not 0.");
            }
        }

        var byAccount = Transfers.GroupBy(static t => t.AccountId).ToDictionary(static g => g.Key, static g => g.Sum(static t => t.Amount.ToMinorUnits()));
        foreach (var account in Accounts)
        {
            var fromTransfers = byAccount.GetValueOrDefault(account.Id);
            if (fromTransfers != account.Balance.ToMinorUnits())
            {
                problems.Add($"Account {account.Id} has balance {account.Balance} but its transfers sum to {fromTransfers} minor units.");
            }

            if (!account.DebitAllowed && account.Balance.IsNegative)
            {
                problems.Add($"Account {account.Id} does not allow debit but has {account.Balance}.");
            }

            if (byAccount.Remove(account.Id) && Transfers.Any(t => t.AccountId == account.Id && t.Amount.Currency != account.Currency))
            {
                problems.Add($"Account {account.Id} has a transfer in another currency.");
            }
        }

        foreach (var orphan in byAccount.Keys)
        {
            problems.Add($"Transfers name account {orphan}, which does not exist.");
        }

        foreach (var transaction in Transfers.GroupBy(static t => t.TransactionUuid))
        {
            var sum = transaction.Sum(static t => t.Amount.ToMinorUnits());
            if (sum != 0)
            {
                problems.Add($"Transaction {transaction.Key} sums to {sum} minor units, not 0.");
            }
        }

        var kinds = Accounts.ToDictionary(static a => a.Id, static a => a.Kind);
        foreach (var currency in Transfers.GroupBy(static t => t.Amount.Currency))
        {
            // What orders paid and refunds gave back, from the transactions' credits, independently of Sale's own legs
            // (a capture's credits back to customer accounts are the part of its hold it released, not paid).
            var paid = currency.Where(t => t.TransactionKind == TransactionKind.OrderPayment && t.Amount.IsPositive && kinds.GetValueOrDefault(t.AccountId).IsSystem()).Sum(static t => t.Amount.ToMinorUnits());
            var refunded = currency.Where(static t => t.TransactionKind == TransactionKind.Refund && t.Amount.IsPositive).Sum(static t => t.Amount.ToMinorUnits());
            var sale = Accounts.Where(a => a.Kind == AccountKind.Sale && a.Currency == currency.Key).Sum(static a => a.Balance.ToMinorUnits());
            if (sale != paid - refunded)
            {
                problems.Add($"{currency.Key.Code} Sale holds {sale} minor units, but orders paid {paid} and refunds gave back {refunded}.");
            }
        }

        HoldViolations(kinds, problems);
        BalanceAfterViolations(kinds, problems);
        ExpiryViolations(problems);
        return problems;
    }

    /// <summary>No expired account was drawn on (only an expiry takes from it), and Breakage receives only expiries.</summary>
    private void ExpiryViolations(List<string> problems)
    {
        var accounts = Accounts.ToDictionary(static a => a.Id);
        foreach (var transfer in Transfers)
        {
            if (!accounts.TryGetValue(transfer.AccountId, out var account))
            {
                continue;
            }

            if (account.Kind == AccountKind.Breakage && (transfer.TransactionKind != TransactionKind.Expiry || !transfer.Amount.IsPositive))
            {
                problems.Add($"Breakage account {account.Id} has a {transfer.TransactionKind} transfer of {transfer.Amount}; it only grows, by expiries.");
            }

            if (transfer.TransactionKind != TransactionKind.Expiry && transfer.Amount.IsNegative && !account.Kind.IsSystem() && account.IsExpiredAt(transfer.CreatedAt))
            {
                problems.Add($"Account {account.Id} expired at {account.ExpiresAt:O} but was drawn on ({transfer.TransactionKind} of {transfer.Amount}) at {transfer.CreatedAt:O}.");
            }

            if (transfer.TransactionKind == TransactionKind.Expiry && transfer.Amount.IsNegative && !account.IsExpiredAt(transfer.CreatedAt))
            {
                problems.Add($"Account {account.Id} was expired at {transfer.CreatedAt:O}, before its expiry ({account.ExpiresAt:O}).");
            }
        }
    }

    private void HoldViolations(Dictionary<long, AccountKind> kinds, List<string> problems)
    {
        foreach (var currency in Transfers.GroupBy(static t => t.Amount.Currency))
        {
            // Each hold from its authorisation's credits; each settlement from its debits of a Hold account.
            var held = currency.Where(static t => t.TransactionKind == TransactionKind.Authorization && t.Amount.IsPositive && t.OrderNumber is not null)
                .GroupBy(static t => t.OrderNumber!).ToDictionary(static g => g.Key, static g => g.Sum(static t => t.Amount.ToMinorUnits()));
            var settled = currency.Where(t => t.Amount.IsNegative && kinds.GetValueOrDefault(t.AccountId) == AccountKind.Hold && t.TransactionKind != TransactionKind.Authorization && t.OrderNumber is not null)
                .GroupBy(static t => t.OrderNumber!).ToDictionary(static g => g.Key, static g => -g.Sum(static t => t.Amount.ToMinorUnits()));
            foreach (var (order, amount) in settled)
            {
                if (held.GetValueOrDefault(order) != amount)
                {
                    problems.Add($"{currency.Key.Code} order '{order}' settled {amount} minor units from Hold, but its hold was {held.GetValueOrDefault(order)}.");
                }
            }

            var live = held.Where(h => !settled.ContainsKey(h.Key)).Sum(static h => h.Value);
            var hold = Accounts.Where(a => a.Kind == AccountKind.Hold && a.Currency == currency.Key).Sum(static a => a.Balance.ToMinorUnits());
            if (hold != live)
            {
                problems.Add($"{currency.Key.Code} Hold holds {hold} minor units, but the live holds sum to {live}.");
            }
        }
    }

    private void BalanceAfterViolations(Dictionary<long, AccountKind> kinds, List<string> problems)
    {
        foreach (var account in Transfers.GroupBy(static t => t.AccountId))
        {
            var system = kinds.GetValueOrDefault(account.Key).IsSystem();
            long running = 0;
            foreach (var transfer in account.OrderBy(static t => t.Id))
            {
                running += transfer.Amount.ToMinorUnits();
                if (system ? transfer.BalanceAfter is not null : transfer.BalanceAfter?.ToMinorUnits() != running)
                {
                    problems.Add($"Transfer {transfer.Id} of account {account.Key} says the balance after it is {transfer.BalanceAfter?.ToString() ?? "null"}, but "
                        + (system ? "a system account's transfers carry none." : $"the running sum is {running} minor units."));
                }
            }
        }
    }
}
