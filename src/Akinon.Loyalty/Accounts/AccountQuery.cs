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

    /// <summary>
    /// Only accounts with this email, compared with ASCII-only case folding: <c>A</c>-<c>Z</c> match <c>a</c>-<c>z</c>
    /// and every other character only itself (so the Kelvin sign is not <c>k</c>, nor dotted <c>İ</c> <c>i</c>), the
    /// same in every store and culture.
    /// </summary>
    public string? UserEmail { get; init; }

    /// <summary>Only accounts of this currency.</summary>
    public Currency? Currency { get; init; }

    /// <summary>Only accounts with this number.</summary>
    public string? Number { get; init; }

    /// <summary>Only accounts with this debit rule.</summary>
    public bool? DebitAllowed { get; init; }

    /// <summary>Only accounts of this kind.</summary>
    public AccountKind? Kind { get; init; }

    /// <summary>Only accounts that have expired by this instant (their <see cref="Account.ExpiresAt"/> at or before it).</summary>
    public DateTimeOffset? ExpiredBy { get; init; }

    /// <summary>Only accounts whose number is one of these (ordinal comparison); every number when <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Numbers { get; init; }

    /// <summary>Only accounts whose balance is this amount in the account's own currency (<c>100</c> matches 100.00 EUR and 100 JPY).</summary>
    public decimal? Balance { get; init; }

    /// <summary>Only accounts with this id or a larger one.</summary>
    public long? MinId { get; init; }

    /// <summary>Only accounts with this id or a smaller one.</summary>
    public long? MaxId { get; init; }

    /// <summary>Only accounts created at or after this instant (inclusive).</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only accounts created before this instant (exclusive).</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Only accounts last modified at or after this instant (inclusive; <see cref="Account.ModifiedAt"/>).</summary>
    public DateTimeOffset? ModifiedFrom { get; init; }

    /// <summary>Only accounts last modified before this instant (exclusive).</summary>
    public DateTimeOffset? ModifiedBefore { get; init; }

    /// <summary>
    /// The order of the listing, <see cref="AccountOrder.Id"/> (ascending id) by default; equal keys are ordered by id
    /// in the same direction. <see cref="AfterId"/> and <see cref="Page{T}.NextCursor"/> page by id, so with any other
    /// order page with <see cref="Skip"/>.
    /// </summary>
    public AccountOrder Order { get; init; } = AccountOrder.Id;

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
            && (UserEmail is null || (account.UserEmail is { } email && SameEmail(email, UserEmail)))
            && (Currency is null || account.Currency == Currency)
            && (Number is null || string.Equals(account.Number, Number, StringComparison.Ordinal))
            && (DebitAllowed is null || account.DebitAllowed == DebitAllowed)
            && (Kind is null || account.Kind == Kind)
            && (ExpiredBy is null || account.IsExpiredAt(ExpiredBy.Value))
            && (Numbers is null || Numbers.Contains(account.Number, StringComparer.Ordinal))
            && (Balance is null || account.Balance.Amount == Balance)
            && (MinId is null || account.Id >= MinId)
            && (MaxId is null || account.Id <= MaxId)
            && (CreatedFrom is null || account.CreatedAt >= CreatedFrom)
            && (CreatedBefore is null || account.CreatedAt < CreatedBefore)
            && (ModifiedFrom is null || account.ModifiedAt >= ModifiedFrom)
            && (ModifiedBefore is null || account.ModifiedAt < ModifiedBefore);
    }

    /// <summary>Compares two accounts in <see cref="Order"/>: the order every store lists them in.</summary>
    /// <param name="left">An account.</param>
    /// <param name="right">Another account.</param>
    /// <returns>Negative when <paramref name="left"/> comes first, positive when it comes after, zero for the same id.</returns>
    public int Compare(Account left, Account right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var key = Order switch
        {
            AccountOrder.Balance or AccountOrder.BalanceDescending => left.Balance.Amount.CompareTo(right.Balance.Amount),
            AccountOrder.Created or AccountOrder.CreatedDescending => left.CreatedAt.CompareTo(right.CreatedAt),
            AccountOrder.Modified or AccountOrder.ModifiedDescending => left.ModifiedAt.CompareTo(right.ModifiedAt),
            _ => 0,
        };
        var order = key != 0 ? key : left.Id.CompareTo(right.Id);
        return Order is AccountOrder.IdDescending or AccountOrder.BalanceDescending or AccountOrder.CreatedDescending or AccountOrder.ModifiedDescending ? -order : order;
    }

    /// <summary>An email with <c>A</c>-<c>Z</c> turned into <c>a</c>-<c>z</c> and nothing else changed, for stores that compare folded text.</summary>
    internal static string FoldEmail(string email)
        => string.Create(email.Length, email, static (folded, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                folded[i] = Fold(source[i]);
            }
        });

    private static bool SameEmail(string left, string right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (Fold(left[i]) != Fold(right[i]))
            {
                return false;
            }
        }

        return true;
    }

    // The one case-folding rule for emails: ASCII letters only, so no culture or Unicode table decides a match.
    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
}
