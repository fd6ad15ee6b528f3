namespace Akinon.Loyalty;

/// <summary>A request to open an account (the seed's <c>POST loyalty_account/</c>).</summary>
public sealed record CreateAccountRequest
{
    /// <summary>The account number; a new UUID when <see langword="null"/>. Unique per currency.</summary>
    public string? Number { get; init; }

    /// <summary>The currency of the account.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The owning user.</summary>
    public long? UserId { get; init; }

    /// <summary>The owning user's email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Whether the balance may go below zero.</summary>
    public bool DebitAllowed { get; init; }

    /// <summary>An opening balance, recorded as an adjustment from the Bank account; none when <see langword="null"/> or zero.</summary>
    public Money? Balance { get; init; }

    /// <summary>A caller-chosen key: the same key with the same request returns the first account and writes nothing.</summary>
    public string? IdempotencyKey { get; init; }
}
