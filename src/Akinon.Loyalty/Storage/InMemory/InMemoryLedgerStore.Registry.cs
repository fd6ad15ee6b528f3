namespace Akinon.Loyalty.Storage;

/// <summary>The accounts and their indexes: by id (the list position), by number and currency, by user.</summary>
public sealed partial class InMemoryLedgerStore
{
    private readonly List<AccountState> _accounts = [];
    private readonly Dictionary<(string Number, Currency Currency), AccountState> _accountsByNumber = [];

    // Per user, the newest account and how many there are; the others are chained through AccountState.PreviousOfUser,
    // so a user's accounts need no list of their own (an account gets an owner at most once: only from none).
    private readonly Dictionary<long, UserAccounts> _accountsByUser = [];

    private AccountState? TryGet(long accountId)
        => accountId > 0 && accountId <= _accounts.Count ? _accounts[(int)accountId - 1] : null;

    private AccountState Get(long accountId) => TryGet(accountId) ?? throw LedgerErrors.AccountNotFound(accountId);

    private void Add(AccountState state)
    {
        _accounts.Add(state);
        _accountsByNumber.Add((state.Number, state.Currency), state);
        if (state.UserId is not null)
        {
            Own(state);
        }
    }

    /// <summary>Chains an account that has just been given its owner (it had none) to that user's accounts.</summary>
    private void Own(AccountState state)
    {
        var userId = state.UserId!.Value;
        ref var owned = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_accountsByUser, userId, out _);
        state.PreviousOfUser = owned.Newest;
        owned = new UserAccounts(state, owned.Count + 1);
    }

    /// <summary>A user's accounts: the newest (the others chained from it, newest first) and how many.</summary>
    private readonly record struct UserAccounts(AccountState? Newest, int Count);
}
