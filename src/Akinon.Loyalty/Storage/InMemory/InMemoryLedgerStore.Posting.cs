using System.Runtime.InteropServices;

namespace Akinon.Loyalty.Storage;

/// <summary>Applying a draft: <see cref="DraftRules"/> in their order, then every change at once.</summary>
public sealed partial class InMemoryLedgerStore
{
    /// <inheritdoc />
    public ValueTask<PostOutcome> PostAsync(TransactionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var (index, replayed) = Post(draft, null);
            return new(new PostOutcome(replayed ? TransactionAt(index) : TransactionAt(index, draft), replayed));
        }
    }

    /// <summary>
    /// Judges the key, checks every rule, then applies the draft. <paramref name="newAccount"/> is added only if the draft applies.
    /// Returns the transaction's index in the history (the original's for a replay), so a caller that needs no record builds none.
    /// </summary>
    private (int Index, bool Replayed) Post(TransactionDraft draft, AccountState? newAccount)
    {
        if (_keys.Judge(draft.IdempotencyKey, draft.RequestFingerprint, KeyUse.Posting, out var used))
        {
            return (used.Transaction, true);
        }

        var legs = draft.Legs;
        DraftRules.RequireLegCount(legs.Count);

        // Resolve and check every leg before changing anything.
        var states = _scratch.States(legs.Count);
        var accounts = _scratch.Accounts(legs.Count);
        long sum = 0;
        for (var i = 0; i < legs.Count; i++)
        {
            var leg = legs[i];
            DraftRules.RequireNonZero(leg);
            var state = leg.AccountId == LegDraft.NewAccountId && newAccount is not null ? newAccount : Get(leg.AccountId);
            DraftRules.RequireCurrency(state.Id, state.Currency, draft.Currency);
            DraftRules.RequireVersion(state.Id, leg.ExpectedVersion, state.Version);
            sum = LedgerErrors.Add(sum, leg.Amount);
            states[i] = state;
            accounts[i] = new LegAccount(state.Id, state.Balance, state.DebitAllowed);
        }

        DraftRules.RequireBalanced(sum);
        int? payment = null;
        if (draft.Refund is { } claim)
        {
            payment = PaymentIndex(claim.PaymentUuid) ?? throw LedgerErrors.PaymentNotFound(claim.PaymentUuid);
            ref readonly var paid = ref _transactions[payment.Value];
            DraftRules.RequireRefundRoom(claim, paid.Paid, paid.Refunded, draft.Currency);
        }

        var balances = _scratch.Balances(legs.Count);
        DraftRules.NeverBelowZero(accounts, legs, draft.Currency, balances);
        return (Apply(draft, states, balances, draft.Kind == TransactionKind.OrderPayment ? Paid(legs, states) : 0, payment, newAccount), false);
    }

    /// <summary>
    /// Applies a draft whose rules hold: the balances each leg's account ends at are given, so nothing is
    /// checked again but the UUID, which only the history knows. Returns the transaction's index in the history.
    /// </summary>
    private int Apply(TransactionDraft draft, AccountState[] states, ReadOnlySpan<long> balances, long paid, int? payment, AccountState? newAccount)
    {
        // The UUID is claimed for the transaction's index as it is judged: one look-up of the index, not two.
        var index = _transactions.Count;
        ref var claimed = ref CollectionsMarshal.GetValueRefOrAddDefault(_transactionsByUuid, draft.Uuid, out var taken);
        if (taken)
        {
            throw DraftRules.UuidTaken();
        }

        claimed = index;
        if (newAccount is not null)
        {
            try
            {
                Add(newAccount);
            }
            catch
            {
                // Not expected (the caller found the number free): the claim is withdrawn, so nothing changed.
                _transactionsByUuid.Remove(draft.Uuid);
                throw;
            }
        }

        var legs = draft.Legs;
        var firstTransfer = _transfers.Count;
        for (var i = 0; i < legs.Count; i++)
        {
            var state = states[i];
            _transfers.Add(new TransferRow(state.Id, legs[i].Amount, index, state.Kind.IsSystem() ? null : BalanceAfter(legs, states, balances, i)));
        }

        for (var i = 0; i < legs.Count; i++)
        {
            var state = states[i];
            state.Balance = balances[i];
            state.ModifiedAt = draft.CreatedAt;
            state.Version++;
            state.Invalidate();
        }

        Append(draft, firstTransfer, paid);
        TrackHold(draft, index);

        // Once the transaction's row is in: the history is ordered by its transactions' times.
        for (var i = 0; i < legs.Count; i++)
        {
            AddToHistory(states[i], firstTransfer + i, draft.CreatedAt);
        }

        if (payment is { } paymentIndex)
        {
            _transactions[paymentIndex].Refunded += draft.Refund!.Value.Amount;
        }

        _keys.Record(draft.IdempotencyKey, new KeyEntry(index, draft.RequestFingerprint, newAccount?.Id));
        return index;
    }

    /// <summary>
    /// The balance of leg <paramref name="i"/>'s account right after that leg: the balance it ends at, less the legs on the
    /// same account that come after it (post_draft.sql computes it the same way).
    /// </summary>
    private static long BalanceAfter(IReadOnlyList<LegDraft> legs, AccountState[] states, ReadOnlySpan<long> balances, int i)
    {
        var after = balances[i];
        for (var j = i + 1; j < legs.Count; j++)
        {
            if (ReferenceEquals(states[j], states[i]))
            {
                after -= legs[j].Amount;
            }
        }

        return after;
    }

    /// <summary>What an order payment paid: its credits to the Sale account (a capture also gives the rest of its hold back).</summary>
    private static long Paid(IReadOnlyList<LegDraft> legs, AccountState[] states)
    {
        long total = 0;
        for (var i = 0; i < legs.Count; i++)
        {
            var leg = legs[i];
            if (leg.Amount > 0 && states[i].Kind == AccountKind.Sale)
            {
                total += leg.Amount;
            }
        }

        return total;
    }
}
