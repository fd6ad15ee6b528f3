namespace Akinon.Loyalty.Storage;

/// <summary>The accounts and their indexes: by id (the list position), by number and currency, by user.</summary>
public sealed partial class InMemoryLedgerStore
{
    private readonly List<AccountState> _accounts = [];
    private readonly Dictionary<(string Number, Currency Currency), AccountState> _accountsByNumber = [];
    private readonly Dictionary<long, List<AccountState>> _accountsByUser = [];

    private AccountState? TryGet(long accountId)
        => accountId > 0 && accountId <= _accounts.Count ? _accounts[(int)accountId - 1] : null;

    private AccountState Get(long accountId) => TryGet(accountId) ?? throw LedgerErrors.AccountNotFound(accountId);

    private void Add(AccountState state)
    {
        _accounts.Add(state);
        _accountsByNumber.Add((state.Number, state.Currency), state);
        if (state.UserId is { } userId)
        {
            Owned(userId).Add(state);
        }
    }

    private List<AccountState> Owned(long userId)
    {
        if (!_accountsByUser.TryGetValue(userId, out var owned))
        {
            owned = [];
            _accountsByUser.Add(userId, owned);
        }

        return owned;
    }
}
