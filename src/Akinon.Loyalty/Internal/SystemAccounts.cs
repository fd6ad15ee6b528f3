using System.Collections.Concurrent;
using System.Globalization;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.Internal;

/// <summary>
/// The identities (id, number) of a ledger's Sale, Bank and Refund accounts per currency, cached once known,
/// and their creation: a currency's three appear together, on first use.
/// </summary>
/// <remarks>Only identities are cached: balances are always read from the store. Thread-safe.</remarks>
internal sealed class SystemAccounts
{
    private static readonly AccountKind[] Kinds = [AccountKind.Sale, AccountKind.Bank, AccountKind.Refund, AccountKind.Hold];

    private readonly ILedgerStore _store;
    private readonly IOptionsMonitor<LoyaltyOptions> _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(AccountKind Kind, Currency Currency), Account> _known = new();

    public SystemAccounts(ILedgerStore store, IOptionsMonitor<LoyaltyOptions> options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    /// <summary>The system account's identity if it exists already, or <see langword="null"/>: never creates it.</summary>
    public async ValueTask<Account?> KnownAsync(AccountKind kind, Currency currency, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue((kind, currency), out var cached))
        {
            return cached;
        }

        var found = await _store.FindAccountAsync(Number(kind), currency, cancellationToken).ConfigureAwait(false);
        if (found is null || found.Kind != kind)
        {
            return null;
        }

        _known.TryAdd((kind, currency), found);
        return found;
    }

    /// <summary>The system account's identity, created with its two siblings when missing: its balance in the result may be stale.</summary>
    public async ValueTask<Account> GetAsync(AccountKind kind, Currency currency, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue((kind, currency), out var cached))
        {
            return cached;
        }

        // Sale, Bank and Refund open together; Breakage alone, with the first expiry that has money to move.
        Account? wanted = null;
        foreach (var systemKind in kind == AccountKind.Breakage ? [AccountKind.Breakage] : Kinds)
        {
            var number = Number(systemKind);
            var account = await _store.GetOrCreateAccountAsync(
                new NewAccount
                {
                    Number = number,
                    Currency = currency,
                    Kind = systemKind,
                    DebitAllowed = systemKind is not (AccountKind.Sale or AccountKind.Hold or AccountKind.Breakage),
                    CreatedAt = MicrosecondClock.Now(_time),
                },
                cancellationToken).ConfigureAwait(false);
            if (account.Kind != systemKind)
            {
                throw new LoyaltyException(
                    LoyaltyErrorCode.OperationNotAllowed,
                    string.Create(CultureInfo.InvariantCulture, $"The {currency.Code} account numbered '{number}' is a {account.Kind} account, so it cannot serve as the {systemKind} system account; configure another number."));
            }

            _known.TryAdd((systemKind, currency), account);
            if (systemKind == kind)
            {
                wanted = account;
            }
        }

        return wanted!;
    }

    /// <summary>The system account with its current balance, created when missing.</summary>
    public async ValueTask<Account> GetFreshAsync(AccountKind kind, Currency currency, CancellationToken cancellationToken)
    {
        var account = await GetAsync(kind, currency, cancellationToken).ConfigureAwait(false);
        return await _store.GetAccountAsync(account.Id, cancellationToken).ConfigureAwait(false) ?? throw LedgerErrors.AccountNotFound(account.Id);
    }

    /// <summary>
    /// Called just before a write creates the first system accounts of a currency: a key already used by any
    /// transaction cannot be this request's own (that one would have created them), so the store would refuse
    /// it; refusing here keeps the refusal from leaving new system accounts behind.
    /// </summary>
    public async ValueTask RefuseUsedKeyAsync(string? key, CancellationToken cancellationToken)
    {
        if (key is not null && await _store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw LedgerErrors.IdempotencyConflict(key);
        }
    }

    /// <summary>The configured number of a system account kind.</summary>
    private string Number(AccountKind kind)
    {
        var options = _options.CurrentValue;
        return kind switch
        {
            AccountKind.Sale => options.SaleAccountNumber,
            AccountKind.Bank => options.BankAccountNumber,
            AccountKind.Hold => options.HoldAccountNumber,
            AccountKind.Breakage => options.BreakageAccountNumber,
            _ => options.RefundAccountNumber,
        };
    }
}
