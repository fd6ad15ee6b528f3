namespace Akinon.Loyalty.Storage;

/// <summary>
/// One imported account a store is asked to write: the account and its opening adjustment against Bank, prepared by
/// the ledger exactly as for <see cref="ILedgerStore.CreateAccountAsync"/> (legs on <see cref="LegDraft.NewAccountId"/>
/// move the new account). The ledger has already checked every rule a row earns on its own.
/// </summary>
/// <param name="Line">The row's line, for a refusal.</param>
/// <param name="Account">The account; its number and currency are the import's key.</param>
/// <param name="Funding">The opening adjustment (Bank → account), or <see langword="null"/> for a zero balance.</param>
public sealed record AccountImportDraft(long Line, NewAccount Account, TransactionDraft? Funding)
{
    /// <summary>The balance the account opens with, in minor units.</summary>
    public long Opening => Funding is null ? 0 : OpeningOf(Funding);

    /// <summary>
    /// Whether an account that already holds this number and currency is the one this row describes, so the row is
    /// skipped (an earlier run imported it) rather than refused with <see cref="LoyaltyErrorCode.DuplicateAccountNumber"/>:
    /// a customer account of the same user, email, debit rule, creation time and no expiry whose balance is the row's.
    /// </summary>
    /// <param name="existing">The account the store holds under the number.</param>
    /// <returns><see langword="true"/> when the row is already written.</returns>
    /// <remarks>The rule every store applies (the PostgreSQL store mirrors it in <c>import_accounts.sql</c>). The balance compared is the
    /// current one: an account that moved since it was imported no longer matches its row, and is reported rather than skipped.</remarks>
    public bool IsWrittenAs(Account existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return existing.Kind == Account.Kind
            && existing.UserId == Account.UserId
            && string.Equals(existing.UserEmail, Account.UserEmail, StringComparison.Ordinal)
            && existing.DebitAllowed == Account.DebitAllowed
            && existing.CreatedAt == Account.CreatedAt
            && existing.ExpiresAt is null
            && existing.Balance.ToMinorUnits() == Opening;
    }

    private static long OpeningOf(TransactionDraft funding)
    {
        foreach (var leg in funding.Legs)
        {
            if (leg.AccountId == LegDraft.NewAccountId)
            {
                return leg.Amount;
            }
        }

        return 0;
    }
}
