namespace Akinon.Loyalty.Storage;

/// <summary>
/// The rules a <see cref="TransactionDraft"/> must pass, in the order every store checks them, so the first
/// rule broken is the refusal whichever store runs (the SQL functions name this class in their headers):
/// <list type="number">
/// <item>The idempotency key: unused, or used by the same request (then the original is replayed and nothing else is checked).</item>
/// <item>At least two legs (<see cref="RequireLegCount"/>).</item>
/// <item>For each leg in turn: a non-zero amount (<see cref="RequireNonZero"/>), an account that exists
/// (<see cref="LedgerErrors.AccountNotFound(long)"/>), in the draft's currency (<see cref="RequireCurrency"/>), at the
/// expected version (<see cref="RequireVersion"/>).</item>
/// <item>The legs sum to zero, added with <see cref="LedgerErrors.Add"/> (<see cref="RequireBalanced"/>).</item>
/// <item>The refund claim, before any debit rule, since a stale claim is a race and not a lack of money (<see cref="RequireRefundRoom"/>).</item>
/// <item>Never below zero, repeated accounts counted as one (<see cref="NeverBelowZero"/>).</item>
/// <item>The transaction's UUID is new (<see cref="UuidTaken"/>).</item>
/// </list>
/// Account updates add their own rules (<see cref="RequireOwnerFree"/>, <see cref="RequireDebitRule(long, long, long, bool, bool, Currency)"/>) before the adjustment's.
/// </summary>
/// <remarks>Pure functions of their arguments; a store supplies the state it holds under its atomicity.</remarks>
internal static class DraftRules
{
    /// <summary>Rule 2: a transaction moves money between at least two legs.</summary>
    /// <param name="count">How many legs the draft has.</param>
    public static void RequireLegCount(int count)
    {
        if (count < 2)
        {
            throw LedgerErrors.Unbalanced("A transaction needs at least two transfers.");
        }
    }

    /// <summary>Rule 3, first part: a leg moves something.</summary>
    /// <param name="leg">The leg.</param>
    public static void RequireNonZero(in LegDraft leg)
    {
        if (leg.Amount == 0)
        {
            throw LedgerErrors.Unbalanced("A transfer must move a non-zero amount.");
        }
    }

    /// <summary>Rule 3: a leg's account holds the draft's currency.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="held">The currency it holds.</param>
    /// <param name="currency">The draft's currency.</param>
    public static void RequireCurrency(long accountId, Currency held, Currency currency)
    {
        if (held != currency)
        {
            throw LedgerErrors.CurrencyMismatch(accountId, held, currency);
        }
    }

    /// <summary>Rule 3, last part: the account is still at the version the draft was prepared from.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="expected">The version the leg expects, if any.</param>
    /// <param name="version">The account's version now.</param>
    public static void RequireVersion(long accountId, long? expected, long version)
    {
        if (expected is { } wanted && wanted != version)
        {
            throw LedgerErrors.VersionConflict(accountId);
        }
    }

    /// <summary>Rule 4: money neither appears nor vanishes.</summary>
    /// <param name="sum">The legs' sum, added with <see cref="LedgerErrors.Add"/>.</param>
    public static void RequireBalanced(long sum)
    {
        if (sum != 0)
        {
            throw LedgerErrors.Unbalanced("The transfers of a transaction must sum to zero.");
        }
    }

    /// <summary>Rule 5: the payment was refunded exactly as the claim assumed, and has room for the amount.</summary>
    /// <param name="claim">The draft's claim.</param>
    /// <param name="paid">What the payment paid, in minor units.</param>
    /// <param name="refunded">What was refunded of it so far, in minor units.</param>
    /// <param name="currency">The draft's currency.</param>
    public static void RequireRefundRoom(in RefundClaim claim, long paid, long refunded, Currency currency)
    {
        if (refunded != claim.RefundedBefore)
        {
            throw LedgerErrors.RefundRace(claim.PaymentUuid);
        }

        if (claim.Amount <= 0 || claim.Amount > paid - refunded)
        {
            throw LedgerErrors.RefundExceedsPayment(claim.PaymentUuid, paid, refunded, claim.Amount, currency);
        }
    }

    /// <summary>
    /// Rule 6: the balance of each leg's account after every leg on that account; a giving leg is refused when
    /// that balance is below zero and the account must stay at zero or above (debit not allowed, or any of its
    /// legs <see cref="LegDraft.NeverBelowZero"/>).
    /// </summary>
    /// <param name="accounts">Each leg's account as it is now, leg by leg.</param>
    /// <param name="legs">The legs.</param>
    /// <param name="currency">The draft's currency, for the wording.</param>
    /// <param name="after">Receives each leg's account balance once the draft applies.</param>
    public static void NeverBelowZero(ReadOnlySpan<LegAccount> accounts, IReadOnlyList<LegDraft> legs, Currency currency, Span<long> after)
    {
        for (var i = 0; i < accounts.Length; i++)
        {
            var balance = accounts[i].Balance;
            var mustStayPositive = !accounts[i].DebitAllowed;
            for (var j = 0; j < accounts.Length; j++)
            {
                if (accounts[j].AccountId == accounts[i].AccountId)
                {
                    balance = LedgerErrors.Add(balance, legs[j].Amount);
                    mustStayPositive |= legs[j].NeverBelowZero;
                }
            }

            if (balance < 0 && mustStayPositive && legs[i].Amount < 0)
            {
                throw LedgerErrors.InsufficientFunds(accounts[i].AccountId, accounts[i].Balance, -legs[i].Amount, currency);
            }

            after[i] = balance;
        }
    }

    /// <summary>Rule 7: a draft's UUID must be new.</summary>
    /// <returns>The refusal.</returns>
    public static LoyaltyException UuidTaken() => LedgerErrors.Unbalanced("A transaction with this UUID already exists; a draft's UUID must be new.");

    /// <summary>Update rule: an account's owner changes only from none (a gift card being redeemed).</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="owner">Its owner now.</param>
    /// <param name="newOwner">The owner the change asks for.</param>
    /// <returns><see langword="true"/> when the owner changes.</returns>
    public static bool RequireOwnerFree(long accountId, long? owner, long? newOwner)
    {
        var changed = newOwner is { } asked && asked != owner;
        if (changed && owner is { } current)
        {
            throw LedgerErrors.AlreadyOwned(accountId, current);
        }

        return changed;
    }

    /// <summary>
    /// Update rule: with the changed debit rule, the account's balance after the adjustment's legs on it must
    /// not be below zero unless debit is allowed.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="balance">Its balance now.</param>
    /// <param name="debitAllowed">Its debit rule after the change.</param>
    /// <param name="adjustment">The adjustment posted with the change, if any.</param>
    /// <param name="currency">The account's currency, for the wording.</param>
    public static void RequireDebitRule(long accountId, long balance, bool debitAllowed, TransactionDraft? adjustment, Currency currency)
    {
        var projected = balance;
        foreach (var leg in adjustment?.Legs ?? [])
        {
            projected += leg.AccountId == accountId ? leg.Amount : 0;
        }

        RequireDebitRule(accountId, balance, projected, debitAllowed, adjustment is not null, currency);
    }

    /// <summary>
    /// Update rule, once the balance after the change is known: below zero only when debit is allowed. The
    /// ledger applies it before a currency's Bank exists, so a refused update creates nothing.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="balance">Its balance now.</param>
    /// <param name="after">Its balance after the change.</param>
    /// <param name="debitAllowed">Its debit rule after the change.</param>
    /// <param name="adjusting">Whether the change moves the balance (else only the debit rule changes).</param>
    /// <param name="currency">The account's currency, for the wording.</param>
    public static void RequireDebitRule(long accountId, long balance, long after, bool debitAllowed, bool adjusting, Currency currency)
    {
        if (!debitAllowed && after < 0)
        {
            throw adjusting
                ? LedgerErrors.InsufficientFunds(accountId, balance, Math.Abs(LedgerErrors.Add(balance, -after)), currency)
                : LedgerErrors.DebitStillNeeded(accountId);
        }
    }
}
