namespace Akinon.Loyalty.Storage;

/// <summary>Importing accounts: a chunk under one hold of the lock, each row by the rules of <see cref="CreateAccountAsync"/>.</summary>
public sealed partial class InMemoryLedgerStore : IAccountImportStore
{
    /// <inheritdoc />
    public ValueTask<AccountImportResult> ImportAccountsAsync(IReadOnlyList<AccountImportDraft> drafts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        cancellationToken.ThrowIfCancellationRequested();
        long imported = 0, skipped = 0;
        List<AccountImportRefusal>? refused = null;
        lock (_gate)
        {
            for (var i = 0; i < drafts.Count; i++)
            {
                var draft = drafts[i];
                var account = draft.Account;
                if (_accountsByNumber.TryGetValue((account.Number, account.Currency), out var existing))
                {
                    if (draft.IsWrittenAs(existing.Snapshot()))
                    {
                        skipped++;
                    }
                    else
                    {
                        (refused ??= []).Add(Refusal(draft, LedgerErrors.DuplicateNumber(account.Number, account.Currency)));
                    }

                    continue;
                }

                var state = new AccountState(_accounts.Count + 1, account);
                if (draft.Funding is null)
                {
                    Add(state);
                }
                else
                {
                    try
                    {
                        // The draft rules, as for any opening; a refused row adds nothing (the account joins only if its funding applies).
                        Post(draft.Funding, state);
                    }
                    catch (LoyaltyException e)
                    {
                        (refused ??= []).Add(Refusal(draft, e));
                        continue;
                    }
                }

                imported++;
            }
        }

        return new(new AccountImportResult { Imported = imported, Skipped = skipped, Refused = refused ?? [] });
    }

    private static AccountImportRefusal Refusal(AccountImportDraft draft, LoyaltyException e) => new(draft.Line, draft.Account.Number, e.Code, e.Message);
}
