namespace Akinon.Loyalty;

/// <summary>
/// One account brought from another system by <see cref="ILoyaltyLedger.ImportAccountsAsync(IAsyncEnumerable{AccountImportRow}, CancellationToken)"/>:
/// a customer account with its number, owner, currency, balance, debit rule and the date it was created there.
/// </summary>
public sealed record AccountImportRow
{
    /// <summary>The account number: the import's key (unique per currency). Required; the account number rule applies.</summary>
    public required string Number { get; init; }

    /// <summary>The owning user; required (a customer account always has its user).</summary>
    public required long UserId { get; init; }

    /// <summary>The owning user's email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>The currency of the account.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The balance the account opens with, adjusted in from the currency's Bank account (none when zero).</summary>
    public required Money Balance { get; init; }

    /// <summary>Whether the balance may go below zero (a negative balance needs it).</summary>
    public bool DebitAllowed { get; init; }

    /// <summary>When the account was created in the system it comes from; kept to the whole microsecond, never after the ledger's clock.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The row's line in the source, for refusals; its 1-based position in the stream when <see langword="null"/>.</summary>
    public long? Line { get; init; }
}
