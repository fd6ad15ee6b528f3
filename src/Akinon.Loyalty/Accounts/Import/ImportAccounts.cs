using System.Globalization;
using System.Runtime.InteropServices;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>
/// Imports accounts with their balances: each row is checked as a request to open an account is
/// (<see cref="OpenAccount.Check(string, Currency, long?, string, Money?, string, LoyaltyOptions)"/>), drafted as an opening is (<see cref="OpenAccount.Drafts"/>), and written in
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
        var chunk = new Chunk();
        var banks = new Dictionary<Currency, long>();
        long position = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            position++;
            chunk.Pending.Add((row?.Line ?? position, row));
            if (chunk.Pending.Count == ChunkSize)
            {
                await WriteChunkAsync(chunk, banks, total, cancellationToken).ConfigureAwait(false);
            }
        }

        if (chunk.Pending.Count > 0)
        {
            await WriteChunkAsync(chunk, banks, total, cancellationToken).ConfigureAwait(false);
        }

        total.Refused.Sort(static (a, b) => a.Line.CompareTo(b.Line));
        return new AccountImportResult { Imported = total.Imported, Skipped = total.Skipped, Refused = total.Refused };
    }

    private async ValueTask WriteChunkAsync(Chunk chunk, Dictionary<Currency, long> banks, Totals total, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = ledger.Now();
        CheckRows(chunk, banks, total, ledger.Options.CurrentValue, now);
        if (chunk.Checked.Count == 0)
        {
            chunk.Clear();
            return;
        }

        // The currencies' Bank accounts, in the order their first rows came (a new currency's system accounts are opened then).
        foreach (var currency in chunk.Unbanked)
        {
            banks.Add(currency, (await ledger.SystemAccounts.GetAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false)).Id);
        }

        var drafts = DraftRows(chunk.Checked, banks, now);
        chunk.Clear();
        var written = ledger.Store is IAccountImportStore importer
            ? await importer.ImportAccountsAsync(drafts, cancellationToken).ConfigureAwait(false)
            : await OneByOneAsync(drafts, cancellationToken).ConfigureAwait(false);
        total.Imported += written.Imported;
        total.Skipped += written.Skipped;
        total.Refused.AddRange(written.Refused);
    }

    /// <summary>
    /// Checks a chunk's rows: each on its own (<see cref="Check"/>), then against the rows before it in the chunk (the same
    /// number twice: the second is the first again, skipped, or a conflict). Notes the currencies that have no Bank yet.
    /// </summary>
    private static void CheckRows(Chunk chunk, Dictionary<Currency, long> banks, Totals total, LoyaltyOptions options, DateTimeOffset now)
    {
        var checkedRows = chunk.Checked;
        foreach (var (line, row) in chunk.Pending)
        {
            try
            {
                var (account, createdAt) = Check(row, options, now);
                ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(chunk.Seen, (account.Number, account.Currency), out var repeated);
                if (repeated)
                {
                    var earlier = checkedRows[first];
                    if ((earlier.Account, earlier.DebitAllowed, earlier.CreatedAt) == (account, row!.DebitAllowed, createdAt))
                    {
                        total.Skipped++;
                    }
                    else
                    {
                        throw LedgerErrors.DuplicateNumber(account.Number, account.Currency);
                    }

                    continue;
                }

                first = checkedRows.Count;
                checkedRows.Add(new CheckedRow(line, account, row!.DebitAllowed, createdAt));
                if (!banks.ContainsKey(account.Currency) && !chunk.Unbanked.Contains(account.Currency))
                {
                    chunk.Unbanked.Add(account.Currency);
                }
            }
            catch (LoyaltyException e)
            {
                total.Refused.Add(new AccountImportRefusal(line, row?.Number, e.Code, e.Message));
            }
        }
    }

    /// <summary>Each checked row drafted as an opening is (<see cref="OpenAccount.Drafts"/>), funded from its currency's Bank.</summary>
    private static AccountImportDraft[] DraftRows(List<CheckedRow> checkedRows, Dictionary<Currency, long> banks, DateTimeOffset now)
    {
        var drafts = new AccountImportDraft[checkedRows.Count];
        Currency currency = default;
        long bankId = 0;
        for (var i = 0; i < drafts.Length; i++)
        {
            var (line, account, debitAllowed, createdAt) = checkedRows[i];
            if (account.Currency != currency)
            {
                currency = account.Currency;
                bankId = banks[currency];
            }

            var (newAccount, funding) = OpenAccount.Drafts(account, debitAllowed, expiresAt: null, bankId, now, createdAt, fingerprint: null, requester: default);
            drafts[i] = new AccountImportDraft(line, newAccount, funding);
        }

        return drafts;
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

        var account = OpenAccount.Check(row.Number, row.Currency, row.UserId, row.UserEmail, row.Balance, idempotencyKey: null, options);
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

    /// <summary>A row that passed its checks, waiting for its chunk to be drafted.</summary>
    private readonly record struct CheckedRow(long Line, OpenAccount.CheckedAccount Account, bool DebitAllowed, DateTimeOffset CreatedAt);

    /// <summary>
    /// One chunk's rows on their way to the store. The buffers are the import's, reused from chunk to chunk: a chunk's
    /// worth of them would otherwise be allocated again each time, on the large-object heap.
    /// </summary>
    private sealed class Chunk
    {
        public readonly List<(long Line, AccountImportRow? Row)> Pending = new(ChunkSize);
        public readonly List<CheckedRow> Checked = new(ChunkSize);

        // Number and currency to the first checked row that has them.
        public readonly Dictionary<(string Number, Currency Currency), int> Seen = new(ChunkSize);

        // The currencies of checked rows that have no Bank account yet, in the order they came.
        public readonly List<Currency> Unbanked = [];

        public void Clear()
        {
            Pending.Clear();
            Checked.Clear();
            Seen.Clear();
            Unbanked.Clear();
        }
    }

    private sealed class Totals
    {
        public long Imported;
        public long Skipped;
        public readonly List<AccountImportRefusal> Refused = [];
    }
}
