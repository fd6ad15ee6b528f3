namespace Akinon.Loyalty.Storage;

/// <summary>
/// Buffers the in-memory store reuses across writes instead of allocating: every write runs under the
/// store's one lock, and no buffer outlives the write that fills it.
/// </summary>
/// <remarks>Not thread-safe; used under the store's lock.</remarks>
internal sealed class Scratch
{
    private AccountState[] _states = new AccountState[8];
    private LegAccount[] _accounts = new LegAccount[8];
    private long[] _balances = new long[8];
    private AllocationCandidate[] _candidates = new AllocationCandidate[8];
    private long[] _takes = new long[8];

    /// <summary>The legs of an order payment being built.</summary>
    public List<LegDraft> Legs { get; } = [];

    /// <summary>Each leg's account state, for a draft of <paramref name="count"/> legs.</summary>
    /// <param name="count">How many legs.</param>
    /// <returns>A buffer of at least that length.</returns>
    public AccountState[] States(int count) => Fit(ref _states, count);

    /// <summary>Each leg's account as the rules see it.</summary>
    /// <param name="count">How many legs.</param>
    /// <returns>A span of exactly that length.</returns>
    public Span<LegAccount> Accounts(int count) => Fit(ref _accounts, count).AsSpan(0, count);

    /// <summary>Each leg's account balance once the draft applies.</summary>
    /// <param name="count">How many legs.</param>
    /// <returns>A span of exactly that length.</returns>
    public Span<long> Balances(int count) => Fit(ref _balances, count).AsSpan(0, count);

    /// <summary>The allocation candidates of an order payment.</summary>
    /// <param name="count">How many candidates at most.</param>
    /// <returns>A buffer of at least that length.</returns>
    public AllocationCandidate[] Candidates(int count) => Fit(ref _candidates, count);

    /// <summary>What each candidate gives.</summary>
    /// <param name="count">How many candidates.</param>
    /// <returns>A span of exactly that length.</returns>
    public Span<long> Takes(int count) => Fit(ref _takes, count).AsSpan(0, count);

    private static T[] Fit<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count)
        {
            buffer = new T[Math.Max(count, buffer.Length * 2)];
        }

        return buffer;
    }
}
