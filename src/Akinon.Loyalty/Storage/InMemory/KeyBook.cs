namespace Akinon.Loyalty.Storage;

/// <summary>
/// The in-memory store's idempotency keys: what each was used for, and the one judgement of a key a write
/// brings (rule 1 of <see cref="DraftRules"/>).
/// </summary>
/// <remarks>Not thread-safe; the in-memory store uses it under its lock.</remarks>
internal sealed class KeyBook
{
    private readonly Dictionary<string, KeyEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Judges a write's key: <see langword="false"/> when it is unused (or there is none), so the write goes
    /// ahead; <see langword="true"/> with the earlier use when the same request made it, so the write replays;
    /// a refusal when another request, or another kind of write, used it.
    /// </summary>
    /// <param name="key">The write's scoped key, if any.</param>
    /// <param name="fingerprint">The write's request fingerprint.</param>
    /// <param name="use">The kind of write.</param>
    /// <param name="used">The earlier use, when replaying.</param>
    /// <returns>Whether the write replays.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.IdempotencyConflict"/>.</exception>
    public bool Judge(string? key, string? fingerprint, KeyUse use, out KeyEntry used)
    {
        if (key is null || !_entries.TryGetValue(key, out used))
        {
            used = default;
            return false;
        }

        if (!use.Fits(used) || !string.Equals(used.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            throw LedgerErrors.IdempotencyConflict(key);
        }

        return true;
    }

    /// <summary>The transaction a key posted, if any: index, or -1.</summary>
    /// <param name="key">The scoped key.</param>
    /// <returns>The transaction's index in the history, or -1.</returns>
    public int TransactionOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Transaction : -1;

    /// <summary>Whether a key was used by any write.</summary>
    /// <param name="key">The scoped key.</param>
    /// <returns><see langword="true"/> when it was.</returns>
    public bool Contains(string key) => _entries.ContainsKey(key);

    /// <summary>Records what a key was used for, once the write has applied.</summary>
    /// <param name="key">The scoped key, if any.</param>
    /// <param name="entry">What it did.</param>
    public void Record(string? key, KeyEntry entry)
    {
        if (key is not null)
        {
            _entries.Add(key, entry);
        }
    }
}

/// <summary>What an idempotency key was used for: a transaction (index, or -1) and, for an account write, the account.</summary>
/// <param name="Transaction">The transaction's index in the history, or -1.</param>
/// <param name="Fingerprint">The request's fingerprint.</param>
/// <param name="AccountId">The account created or updated, if any.</param>
internal readonly record struct KeyEntry(int Transaction, string? Fingerprint, long? AccountId);

/// <summary>The kind of write a key is brought by; a key replays only for the kind that used it.</summary>
internal readonly struct KeyUse
{
    private readonly long? _account;
    private readonly byte _kind;

    private KeyUse(byte kind, long? account) => (_kind, _account) = (kind, account);

    /// <summary>A posting: the key must have posted a transaction.</summary>
    public static KeyUse Posting => new(0, null);

    /// <summary>An account creation: the key must have created an account.</summary>
    public static KeyUse Creation => new(1, null);

    /// <summary>An update of one account: the key must have updated that account.</summary>
    /// <param name="accountId">The account updated.</param>
    /// <returns>The use.</returns>
    public static KeyUse Update(long accountId) => new(2, accountId);

    /// <summary>Whether an earlier use is of this kind.</summary>
    /// <param name="used">The earlier use.</param>
    /// <returns><see langword="true"/> when the key may replay it.</returns>
    public bool Fits(in KeyEntry used) => _kind switch
    {
        0 => used.Transaction >= 0,
        1 => used.AccountId is not null,
        _ => used.AccountId == _account,
    };
}
