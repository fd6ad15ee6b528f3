namespace Akinon.Loyalty;

/// <summary>
/// A loyalty account as the ledger holds it: one currency, a balance that only balanced transactions
/// change, and the fields of Akinon's API. A snapshot: reading it again may show a newer balance.
/// </summary>
public sealed record Account
{
    /// <summary>The store-assigned id (<c>pk</c> in Akinon's API).</summary>
    public required long Id { get; init; }

    /// <summary>The account number: a UUID by default, or a name such as <c>Bank</c>, an invoice number or a gift card code. Unique per currency; never changes.</summary>
    public required string Number { get; init; }

    /// <summary>The currency of every amount on the account; never changes.</summary>
    public required Currency Currency { get; init; }

    /// <summary>What the account is for.</summary>
    public required AccountKind Kind { get; init; }

    /// <summary>The owning user's id, or <see langword="null"/> for system accounts and unredeemed gift cards.</summary>
    public long? UserId { get; init; }

    /// <summary>The owning user's email, when known.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Whether the balance may go below zero. When <see langword="false"/>, no transaction ever takes it below zero.</summary>
    public required bool DebitAllowed { get; init; }

    /// <summary>The posted balance: the sum of every transfer on the account.</summary>
    public required Money Balance { get; init; }

    /// <summary>
    /// When the account expires, or <see langword="null"/> when it never does. From that instant (by the ledger's
    /// <see cref="TimeProvider"/>) it is never drawn on and receives nothing (<see cref="LoyaltyErrorCode.AccountExpired"/>).
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the account was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the account, or its balance, last changed.</summary>
    public required DateTimeOffset ModifiedAt { get; init; }

    /// <summary>Increases by one with every change of the account or its balance; for optimistic concurrency.</summary>
    public required long Version { get; init; }

    /// <summary>Whether the account has expired at an instant: its <see cref="ExpiresAt"/> is at or before it.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns><see langword="true"/> when expired.</returns>
    public bool IsExpiredAt(DateTimeOffset asOf) => IsExpired(ExpiresAt, asOf);

    /// <summary>The rule of <see cref="IsExpiredAt"/>, for an expiry read without the account's record.</summary>
    internal static bool IsExpired(DateTimeOffset? expiresAt, DateTimeOffset asOf) => expiresAt is { } expiry && expiry <= asOf;
}
