namespace Akinon.Loyalty.Storage;

/// <summary>
/// An optional store capability: write a chunk of imported accounts in one atomic step (one database transaction),
/// which is what makes a bulk import fast. The ledger falls back to one <see cref="ILedgerStore.CreateAccountAsync"/>
/// per row for a store without it; results must be exactly those of that fallback, and the conformance suite runs both.
/// </summary>
public interface IAccountImportStore
{
    /// <summary>
    /// Atomically, in the chunk's order: a draft whose number and currency are taken is skipped when
    /// <see cref="AccountImportDraft.IsWrittenAs"/> holds, else refused with <see cref="LoyaltyErrorCode.DuplicateAccountNumber"/>;
    /// every other draft creates its account and posts its funding by the draft rules, or is refused with the rule it breaks.
    /// A refused draft writes nothing; the others are written together, or, when the call fails, none of them.
    /// </summary>
    /// <param name="drafts">The chunk; numbers are unique within it.</param>
    /// <param name="cancellationToken">Cancels the write (before it commits: then nothing of the chunk is written).</param>
    /// <returns>The counts and the refusals of the chunk.</returns>
    ValueTask<AccountImportResult> ImportAccountsAsync(IReadOnlyList<AccountImportDraft> drafts, CancellationToken cancellationToken);
}
