namespace Akinon.Loyalty.Storage;

/// <summary>An account a store is asked to create. The store assigns the id, the timestamps and version 1.</summary>
public sealed record NewAccount
{
    /// <summary>The account number; unique per currency.</summary>
    public required string Number { get; init; }

    /// <summary>The currency.</summary>
    public required Currency Currency { get; init; }

    /// <summary>What the account is for.</summary>
    public required AccountKind Kind { get; init; }

    /// <summary>The owning user, when any.</summary>
    public long? UserId { get; init; }

    /// <summary>The owning user's email, when known.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Whether the balance may go below zero.</summary>
    public required bool DebitAllowed { get; init; }

    /// <summary>When the account expires, if ever (whole microseconds).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The scoped idempotency key the account is created under, when any. Creating again with the same key returns this account when <see cref="RequestFingerprint"/> is equal, else it is a conflict.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>A canonical text of the request, compared on replays of <see cref="IdempotencyKey"/>.</summary>
    public string? RequestFingerprint { get; init; }

    /// <summary>The creation time (also the first modification time).</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
