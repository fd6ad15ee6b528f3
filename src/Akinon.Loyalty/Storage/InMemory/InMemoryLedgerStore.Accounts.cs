namespace Akinon.Loyalty.Storage;

/// <summary>Opening and updating accounts.</summary>
public sealed partial class InMemoryLedgerStore
{
    /// <inheritdoc />
    public ValueTask<AccountCreation> CreateAccountAsync(NewAccount account, TransactionDraft? funding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_keys.Judge(account.IdempotencyKey, account.RequestFingerprint, KeyUse.Creation, out var used))
            {
                return new(new AccountCreation(_accounts[(int)used.AccountId!.Value - 1].Snapshot(), used.Transaction < 0 ? null : TransactionAt(used.Transaction), Replayed: true));
            }

            if (_accountsByNumber.ContainsKey((account.Number, account.Currency)))
            {
                throw LedgerErrors.DuplicateNumber(account.Number, account.Currency);
            }

            var state = new AccountState(_accounts.Count + 1, account);
            Transaction? posted = null;
            if (funding is not null)
            {
                posted = TransactionAt(Post(funding, state).Index);
            }
            else
            {
                Add(state);
            }

            _keys.Record(account.IdempotencyKey, new KeyEntry(posted is null ? -1 : (int)posted.Id - 1, account.RequestFingerprint, state.Id));
            return new(new AccountCreation(state.Snapshot(), posted, Replayed: false));
        }
    }

    /// <inheritdoc />
    public ValueTask<Account> GetOrCreateAccountAsync(NewAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_accountsByNumber.TryGetValue((account.Number, account.Currency), out var existing))
            {
                return new(existing.Snapshot());
            }

            var state = new AccountState(_accounts.Count + 1, account);
            Add(state);
            return new(state.Snapshot());
        }
    }

    /// <inheritdoc />
    public ValueTask<Account> UpdateAccountAsync(AccountChanges changes, TransactionDraft? adjustment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // The key is judged first: a replay answers whatever happened since, without writing anything.
            if (_keys.Judge(changes.IdempotencyKey, changes.RequestFingerprint, KeyUse.Update(changes.AccountId), out _))
            {
                return new(_accounts[(int)changes.AccountId - 1].Snapshot());
            }

            var state = Get(changes.AccountId);
            DraftRules.RequireVersion(state.Id, changes.ExpectedVersion, state.Version);
            var saved = (state.DebitAllowed, state.UserEmail, state.UserId, state.ModifiedAt, state.Version, state.ExpiresAt);

            // Owners only change when an unowned gift card is redeemed; the ledger checks that.
            var ownerChanged = DraftRules.RequireOwnerFree(state.Id, state.UserId, changes.UserId);

            // The changed fields apply first, so the adjustment is checked against the new debit rule;
            // the version moves only once everything has held.
            var posted = -1;
            state.DebitAllowed = changes.DebitAllowed ?? state.DebitAllowed;
            state.UserEmail = changes.UserEmail ?? state.UserEmail;
            state.UserId = changes.UserId ?? state.UserId;
            state.ExpiresAt = changes.ExpiresAt ?? state.ExpiresAt;
            state.Invalidate();
            try
            {
                DraftRules.RequireDebitRule(state.Id, state.Balance, state.DebitAllowed, adjustment, state.Currency);
                if (adjustment is not null)
                {
                    posted = Post(adjustment, null).Index;
                }
            }
            catch
            {
                (state.DebitAllowed, state.UserEmail, state.UserId, state.ModifiedAt, state.Version, state.ExpiresAt) = saved;
                state.Invalidate();
                throw;
            }

            state.ModifiedAt = changes.ModifiedAt;
            state.Version++;
            state.Invalidate();

            if (ownerChanged)
            {
                Own(state);
            }

            _keys.Record(changes.IdempotencyKey, new KeyEntry(posted, changes.RequestFingerprint, state.Id));
            return new(state.Snapshot());
        }
    }
}
