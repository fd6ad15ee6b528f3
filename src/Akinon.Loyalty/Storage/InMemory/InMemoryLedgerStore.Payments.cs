namespace Akinon.Loyalty.Storage;

/// <summary>Paying an order in one step: the key judged once, the allocation made under the lock, the legs applied as built.</summary>
public sealed partial class InMemoryLedgerStore
{
    /// <inheritdoc />
    public ValueTask<OrderPaymentOutcome> PayOrderAsync(OrderPaymentDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_keys.Judge(draft.IdempotencyKey, draft.RequestFingerprint, KeyUse.Posting, out var used))
            {
                var replay = TransactionAt(used.Transaction);
                return new(new OrderPaymentOutcome(replay, AllocationsOf(replay), Replayed: true));
            }

            var candidates = Candidates(draft);
            candidates.Sort(draft.Order.Comparison);
            var takes = _scratch.Takes(candidates.Length);
            var giving = OrderAllocator.Allocate(candidates, draft.Target, takes, out var covered);
            var allocations = new List<Allocation>(giving);
            if (giving == 0)
            {
                return new(new OrderPaymentOutcome(null, allocations, Replayed: false));
            }

            // The legs are built here from balances read under the lock, so they hold every draft rule by
            // construction; only the Sale (or Hold) account, named by the caller, is still to be checked.
            var sale = Get(draft.SaleAccountId);
            DraftRules.RequireCurrency(sale.Id, sale.Currency, draft.Currency);
            var states = _scratch.States(giving + 1);
            var balances = _scratch.Balances(giving + 1);
            var legs = _scratch.Legs;
            legs.Clear();
            var saleGives = false;
            for (var i = 0; i < giving; i++)
            {
                var state = _accounts[(int)candidates[i].AccountId - 1];
                states[i] = state;
                saleGives |= ReferenceEquals(state, sale);
                balances[i] = state.Balance - takes[i];
                legs.Add(new LegDraft(state.Id, -takes[i]) { NeverBelowZero = true });
                allocations.Add(new Allocation(state.Id, state.Number, Money.FromMinorUnits(takes[i], draft.Currency)));
            }

            states[giving] = sale;
            legs.Add(new LegDraft(sale.Id, covered));
            var payment = new TransactionDraft
            {
                Uuid = draft.Uuid,
                Kind = draft.Kind,
                Currency = draft.Currency,
                CreatedAt = draft.CreatedAt,
                ExpiresAt = draft.ExpiresAt,
                OrderNumber = draft.OrderNumber,
                OrderId = draft.OrderId,
                UserId = draft.UserId,
                UserEmail = draft.UserEmail,
                IdempotencyKey = draft.IdempotencyKey,
                RequestFingerprint = draft.RequestFingerprint,
                Actor = draft.Actor,
                RemoteAddress = draft.RemoteAddress,
                Legs = legs,
            };

            // A Sale account that is also one of the user's (a store caller's mistake) has two legs: only the
            // full rules count them as one.
            if (saleGives)
            {
                return new(new OrderPaymentOutcome(TransactionAt(Post(payment, null).Index), allocations, Replayed: false));
            }

            balances[giving] = LedgerErrors.Add(sale.Balance, covered);
            // A hold pays nothing until it is captured.
            var posted = Apply(payment, states, balances, paid: draft.Kind == TransactionKind.OrderPayment ? covered : 0, payment: null, newAccount: null);
            return new(new OrderPaymentOutcome(TransactionAt(posted, payment), allocations, Replayed: false));
        }
    }

    /// <summary>The user's accounts that can give, in the draft's currency, unordered.</summary>
    private Span<AllocationCandidate> Candidates(OrderPaymentDraft draft)
    {
        if (!_accountsByUser.TryGetValue(draft.UserId, out var owned))
        {
            return [];
        }

        var candidates = _scratch.Candidates(owned.Count);
        var count = 0;

        // The draft's time is the ledger's clock at allocation: an account expires at that instant, whether or not an expiry run has happened.
        var now = draft.CreatedAt.UtcTicks;
        for (var state = owned.Newest; state is not null; state = state.PreviousOfUser)
        {
            var expiresAt = AllocationCandidate.ExpiryOf(state.ExpiresAt);
            if (state.Currency == draft.Currency && AllocationCandidate.CanGive(state.Kind, state.Balance, expiresAt, now))
            {
                candidates[count++] = new AllocationCandidate(state.Id, state.Balance, expiresAt);
            }
        }

        return candidates.AsSpan(0, count);
    }

    private List<Allocation> AllocationsOf(Transaction payment)
    {
        var allocations = new List<Allocation>(payment.Transfers.Count);
        foreach (var transfer in payment.Transfers)
        {
            if (transfer.Amount.IsNegative)
            {
                allocations.Add(new Allocation(transfer.AccountId, _accounts[(int)transfer.AccountId - 1].Number, -transfer.Amount));
            }
        }

        return allocations;
    }
}
