namespace Akinon.Loyalty.Storage;

/// <summary>An account as the in-memory store holds it: mutable under the lock, with its snapshot cached until it changes.</summary>
internal sealed class AccountState(long id, NewAccount account)
{
    private Account? _snapshot;

    public long Id { get; } = id;

    public string Number { get; } = account.Number;

    public Currency Currency { get; } = account.Currency;

    public AccountKind Kind { get; } = account.Kind;

    public DateTimeOffset CreatedAt { get; } = account.CreatedAt;

    public long? UserId { get; set; } = account.UserId;

    public string? UserEmail { get; set; } = account.UserEmail;

    public bool DebitAllowed { get; set; } = account.DebitAllowed;

    public long Balance { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; } = account.ExpiresAt;

    public DateTimeOffset ModifiedAt { get; set; } = account.CreatedAt;

    public long Version { get; set; } = 1;

    /// <summary>The indexes of the account's transfer rows, ordered by (time posted, index): what statements and balances as of an instant read.</summary>
    /// <remarks>A field, not a property: the history is a mutable struct, changed in place.</remarks>
    public TransferHistory History;

    /// <summary>The account the same user was given before this one (a chain per user, newest first), or <see langword="null"/>.</summary>
    public AccountState? PreviousOfUser { get; set; }

    public void Invalidate() => _snapshot = null;

    public Account Snapshot() => _snapshot ??= new Account
    {
        Id = Id,
        Number = Number,
        Currency = Currency,
        Kind = Kind,
        UserId = UserId,
        UserEmail = UserEmail,
        DebitAllowed = DebitAllowed,
        Balance = Money.FromMinorUnits(Balance, Currency),
        ExpiresAt = ExpiresAt,
        CreatedAt = CreatedAt,
        ModifiedAt = ModifiedAt,
        Version = Version,
    };
}
