using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>
/// Imports accounts with their balances: each row is checked as a request to open an account is
/// (<see cref="OpenAccount.Check"/>), drafted as an opening is (<see cref="OpenAccount.Drafts"/>), and written in
/// chunks, each chunk atomically, through <see cref="IAccountImportStore"/> when the store has it.
/// </summary>
internal sealed class ImportAccounts(LedgerContext ledger)
{
    /// <summary>Rows per chunk: one atomic store write (one database transaction) each.</summary>
    internal const int ChunkSize = 8192;

    public async ValueTask<AccountImportResult> RunAsync(IAsyncEnumerable<AccountImportRow> rows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var total = new Totals();
        var pending = new List<(long Line, AccountImportRow? Row)>(ChunkSize);
        var banks = new Dictionary<Currency, long>();
        long position = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            position++;
            pending.Add((row?.Line ?? position, row));
            if (pending.Count == ChunkSize)
            {
                await WriteChunkAsync(pending, banks, total, cancellationToken).ConfigureAwait(false);
                pending.Clear();
            }
        }

        if (pending.Count > 0)
        {
            await WriteChunkAsync(pending, banks, total, cancellationToken).ConfigureAwait(false);
        }

        total.Refused.Sort(static (a, b) => a.Line.CompareTo(b.Line));
        return new AccountImportResult { Imported = total.Imported, Skipped = total.Skipped, Refused = total.Refused };
    }

    private async ValueTask WriteChunkAsync(List<(long Line, AccountImportRow? Row)> pending, Dictionary<Currency, long> banks, Totals total, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var options = ledger.Options.CurrentValue;
        var now = ledger.Now();
        var checkedRows = new List<(long Line, OpenAccount.CheckedAccount Account, bool DebitAllowed, DateTimeOffset CreatedAt)>(pending.Count);
        var seen = new Dictionary<(string Number, Currency Currency), (OpenAccount.CheckedAccount Account, bool DebitAllowed, DateTimeOffset CreatedAt)>(pending.Count);
        foreach (var (line, row) in pending)
        {
            try
            {
                var (account, createdAt) = Check(row, options, now);
                if (seen.TryGetValue((account.Number, account.Currency), out var first))
                {
                    // A number twice in one chunk: the second is the first again (skipped), or a conflict.
                    if (first == (account, row!.DebitAllowed, createdAt))
                    {
                        total.Skipped++;
                    }
                    else
                    {
                        throw LedgerErrors.DuplicateNumber(account.Number, account.Currency);
                    }

                    continue;
                }

                seen.Add((account.Number, account.Currency), (account, row!.DebitAllowed, createdAt));
                checkedRows.Add((line, account, row.DebitAllowed, createdAt));
            }
            catch (LoyaltyException e)
            {
                total.Refused.Add(new AccountImportRefusal(line, row?.Number, e.Code, e.Message));
            }
        }

        if (checkedRows.Count == 0)
        {
            return;
        }

        var drafts = new AccountImportDraft[checkedRows.Count];
        for (var i = 0; i < drafts.Length; i++)
        {
            var (line, account, debitAllowed, createdAt) = checkedRows[i];
            if (!banks.TryGetValue(account.Currency, out var bankId))
            {
                bankId = (await ledger.SystemAccounts.GetAsync(AccountKind.Bank, account.Currency, cancellationToken).ConfigureAwait(false)).Id;
                banks.Add(account.Currency, bankId);
            }

            var (newAccount, funding) = OpenAccount.Drafts(account, debitAllowed, expiresAt: null, bankId, now, createdAt, fingerprint: null, requester: default);
            drafts[i] = new AccountImportDraft(line, newAccount, funding);
        }

        var written = ledger.Store is IAccountImportStore importer
            ? await importer.ImportAccountsAsync(drafts, cancellationToken).ConfigureAwait(false)
            : await OneByOneAsync(drafts, cancellationToken).ConfigureAwait(false);
        total.Imported += written.Imported;
        total.Skipped += written.Skipped;
        total.Refused.AddRange(written.Refused);
    }

    /// <summary>Every refusal a row earns on its own: those of a request to open the account, and a creation date not after now.</summary>
    private static (OpenAccount.CheckedAccount Account, DateTimeOffset CreatedAt) Check(AccountImportRow? row, LoyaltyOptions options, DateTimeOffset now)
    {
        if (row is null)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "The row is missing (null).");
        }

        if (row.Number is null)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "'Number' is required: it is the key of an imported account.");
        }

        var account = OpenAccount.Check(
            new CreateAccountRequest { Number = row.Number, Currency = row.Currency, UserId = row.UserId, UserEmail = row.UserEmail, DebitAllowed = row.DebitAllowed, Balance = row.Balance },
            options);
        OpenAccount.RequireOpeningAllowed(account.Opening, row.DebitAllowed, account.Currency);
        var createdAt = MicrosecondClock.Truncate(row.CreatedAt);
        if (createdAt > now)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"'CreatedAt' {createdAt:O} is after the ledger's clock ({now:O})."));
        }

        return (account, createdAt);
    }

    /// <summary>For a store without <see cref="IAccountImportStore"/>: each row on its own, by the same rule.</summary>
    private async ValueTask<AccountImportResult> OneByOneAsync(AccountImportDraft[] drafts, CancellationToken cancellationToken)
    {
        long imported = 0, skipped = 0;
        var refused = new List<AccountImportRefusal>();
        foreach (var draft in drafts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await ledger.Store.FindAccountAsync(draft.Account.Number, draft.Account.Currency, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    skipped += draft.IsWrittenAs(existing) ? 1 : throw LedgerErrors.DuplicateNumber(draft.Account.Number, draft.Account.Currency);
                    continue;
                }

                await ledger.Store.CreateAccountAsync(draft.Account, draft.Funding, cancellationToken).ConfigureAwait(false);
                imported++;
            }
            catch (LoyaltyException e) when (e.Code is not (LoyaltyErrorCode.StoreUnavailable or LoyaltyErrorCode.OutcomeUnknown or LoyaltyErrorCode.ConcurrencyConflict))
            {
                refused.Add(new AccountImportRefusal(draft.Line, draft.Account.Number, e.Code, e.Message));
            }
        }

        return new AccountImportResult { Imported = imported, Skipped = skipped, Refused = refused };
    }

    private sealed class Totals
    {
        public long Imported;
        public long Skipped;
        public readonly List<AccountImportRefusal> Refused = [];
    }
}
