namespace Akinon.Loyalty;

/// <summary>
/// Filters and paging for listing accounts, ordered by ascending id. Page with <see cref="AfterId"/>
/// (keyset: pass the previous page's <see cref="Page{T}.NextCursor"/>) or, for page-numbered clients,
/// with <see cref="Skip"/>. Unset filters match everything.
/// </summary>
public sealed record AccountQuery
{
    /// <summary>The most items a page may hold.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only accounts of this user.</summary>
    public long? UserId { get; init; }

    /// <summary>Only accounts with this email (compared case-insensitively).</summary>
    public string? UserEmail { get; init; }

    /// <summary>Only accounts of this currency.</summary>
    public Currency? Currency { get; init; }

    /// <summary>Only accounts with this number.</summary>
    public string? Number { get; init; }

    /// <summary>Only accounts with this debit rule.</summary>
    public bool? DebitAllowed { get; init; }

    /// <summary>Only accounts of this kind.</summary>
    public AccountKind? Kind { get; init; }

    /// <summary>Only accounts with a larger id (keyset paging).</summary>
    public long? AfterId { get; init; }

    /// <summary>How many matching accounts to pass over first (offset paging).</summary>
    public int Skip { get; init; }

    /// <summary>The most accounts to return, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Whether an account matches the filters (not the paging).</summary>
    /// <param name="account">The account.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return (UserId is null || account.UserId == UserId)
            && (UserEmail is null || string.Equals(account.UserEmail, UserEmail, StringComparison.OrdinalIgnoreCase))
            && (Currency is null || account.Currency == Currency)
            && (Number is null || string.Equals(account.Number, Number, StringComparison.Ordinal))
            && (DebitAllowed is null || account.DebitAllowed == DebitAllowed)
            && (Kind is null || account.Kind == Kind);
    }
}
