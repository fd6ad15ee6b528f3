using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty;

/// <summary>
/// The ledger service: turns each request into a balanced draft and has the <see cref="ILedgerStore"/>
/// post it atomically, preparing it again when concurrent writers got there first.
/// </summary>
/// <remarks>Thread-safe; one instance per ledger (channel).</remarks>
public sealed partial class LoyaltyLedger : ILoyaltyLedger
{
    private const int MaxEmailLength = 254;

    private readonly ILedgerStore _store;
    private readonly IOptionsMonitor<LoyaltyOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LoyaltyMetrics _metrics;
    private readonly ConcurrentDictionary<(AccountKind Kind, Currency Currency), Account> _systemAccounts = new();

    /// <summary>Creates a ledger over a store.</summary>
    /// <param name="store">Where accounts and transactions are kept.</param>
    /// <param name="options">The settings; <see cref="LoyaltyOptions.Enabled"/> is read at every call.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>Akinon.Loyalty</c> meter; a shared one when <see langword="null"/>.</param>
    public LoyaltyLedger(
        ILedgerStore store,
        IOptionsMonitor<LoyaltyOptions> options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<LoyaltyLedger>() ?? NullLogger.Instance;
        _metrics = LoyaltyMetrics.For(meterFactory);
    }

    /// <summary>The store this ledger writes to.</summary>
    public ILedgerStore Store => _store;

    /// <inheritdoc />
    public ValueTask<Account> CreateAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run("create_account", Stopwatch.GetTimestamp(), CreateAccountCoreAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask<Account> GetAccountAsync(long accountId, CancellationToken cancellationToken = default)
        => await _store.GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false) ?? throw LedgerErrors.AccountNotFound(accountId);

    /// <inheritdoc />
    public ValueTask<Account?> FindAccountAsync(string number, Currency currency, CancellationToken cancellationToken = default)
    {
        Guard.Text(number, nameof(number));
        Guard.Currency(currency, nameof(currency));
        return _store.FindAccountAsync(number, currency, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Account> GetSystemAccountAsync(AccountKind kind, Currency currency, CancellationToken cancellationToken = default)
    {
        if (!kind.IsSystem())
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"{kind} is not a system account kind; use Sale, Bank or Refund."));
        }

        Guard.Currency(currency, nameof(currency));
        return FreshSystemAccountAsync(kind, currency, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Account> UpdateAccountAsync(long accountId, UpdateAccountRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run("update_account", Stopwatch.GetTimestamp(), UpdateAccountCoreAsync(accountId, request, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<Page<Account>> ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Guard.Limit(query.Limit, AccountQuery.MaxLimit);
        CheckSkip(query.Skip);
        Guard.OptionalText(query.Number, nameof(query.Number));
        Guard.OptionalText(query.UserEmail, nameof(query.UserEmail), MaxEmailLength);
        return _store.ListAccountsAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<Transaction> GetTransactionAsync(Guid uuid, CancellationToken cancellationToken = default)
        => await _store.GetTransactionAsync(uuid, cancellationToken).ConfigureAwait(false) ?? throw LedgerErrors.TransactionNotFound(uuid);

    /// <inheritdoc />
    public ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Guard.Limit(query.Limit, TransferQuery.MaxLimit);
        CheckSkip(query.Skip);
        Guard.OptionalText(query.OrderNumber, nameof(query.OrderNumber));
        return _store.ListTransfersAsync(query, cancellationToken);
    }

    private async ValueTask<Account> CreateAccountCoreAsync(CreateAccountRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var currency = Guard.Currency(request.Currency, nameof(request.Currency));
        var number = request.Number is null ? Uuids.NewV4().ToString("D") : AccountNumber.CheckNotReserved(request.Number, nameof(request.Number), _options.CurrentValue);
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), MaxEmailLength);
        var key = CallerKey(request.IdempotencyKey);

        // An account no payment can ever draw on is a trap for money: a customer account always has its user.
        var userId = request.UserId ?? throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "'UserId' is required: a customer account belongs to a user.");
        Guard.PositiveId(userId, nameof(request.UserId));
        var opening = 0L;
        if (request.Balance is { } balance)
        {
            RequireCurrency(balance, currency, nameof(request.Balance));
            opening = balance.ToMinorUnits();
        }

        // The currency's system accounts are opened with its first account, so they take its first ids; what the
        // store would refuse once they exist is refused before they are created.
        var bank = await KnownSystemAccountAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        if (bank is null)
        {
            await RefuseUsedKeyAsync(key, cancellationToken).ConfigureAwait(false);
            if (await _store.FindAccountAsync(number, currency, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw LedgerErrors.DuplicateNumber(number, currency);
            }

            if (opening < 0 && !request.DebitAllowed)
            {
                throw new LoyaltyException(LoyaltyErrorCode.InsufficientFunds, string.Create(CultureInfo.InvariantCulture, $"An account that does not allow debit cannot open with {request.Balance}."));
            }

            bank = await SystemAccountAsync(AccountKind.Bank, currency, cancellationToken).ConfigureAwait(false);
        }

        var now = Now();
        var funding = opening == 0 ? null : new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = TransactionKind.Adjustment,
            Currency = currency,
            CreatedAt = now,
            UserId = userId,
            UserEmail = email,
            Legs = [new LegDraft(bank.Id, -opening), new LegDraft(LegDraft.NewAccountId, opening)],
        };
        var account = new NewAccount
        {
            Number = number,
            Currency = currency,
            Kind = AccountKind.Customer,
            UserId = userId,
            UserEmail = email,
            DebitAllowed = request.DebitAllowed,
            CreatedAt = now,
            IdempotencyKey = key,
            RequestFingerprint = key is null ? null : Fingerprint.Of($"create-account|{request.Number}|{currency.Code}|{userId}|{email}|{request.DebitAllowed}|{request.Balance?.ToMinorUnits()}"),
        };
        var created = await _store.CreateAccountAsync(account, funding, cancellationToken).ConfigureAwait(false);
        if (!created.Replayed)
        {
            Posted(created.Funding);
            LogAccountCreated(_logger, created.Account.Id, created.Account.Number, currency.Code);
        }

        return created.Account;
    }

    private async ValueTask<Account> UpdateAccountCoreAsync(long accountId, UpdateAccountRequest request, CancellationToken cancellationToken)
    {
        Guard.PositiveId(accountId, nameof(accountId));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), MaxEmailLength);
        var key = CallerKey(request.IdempotencyKey);
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var account = await GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
            if (account.Kind.IsSystem())
            {
                throw new LoyaltyException(LoyaltyErrorCode.OperationNotAllowed, string.Create(CultureInfo.InvariantCulture, $"Account {accountId} is the {account.Kind} system account; it changes only through transactions."));
            }

            TransactionDraft? adjustment = null;
            long? target = null;
            if (request.Balance is { } balance)
            {
                RequireCurrency(balance, account.Currency, nameof(request.Balance));
                target = balance.ToMinorUnits();
                var delta = LedgerErrors.Add(target.Value, -account.Balance.ToMinorUnits());
                if (delta != 0)
                {
                    var bank = await KnownSystemAccountAsync(AccountKind.Bank, account.Currency, cancellationToken).ConfigureAwait(false);
                    if (bank is null)
                    {
                        await RefuseUsedKeyAsync(key, cancellationToken).ConfigureAwait(false);
                        if (target < 0 && !(request.DebitAllowed ?? account.DebitAllowed))
                        {
                            throw LedgerErrors.InsufficientFunds(account.Id, account.Balance.ToMinorUnits(), delta < 0 ? -delta : delta, account.Currency);
                        }

                        bank = await SystemAccountAsync(AccountKind.Bank, account.Currency, cancellationToken).ConfigureAwait(false);
                    }

                    // The key belongs to the update, judged by the store with it; the adjustment carries none.
                    adjustment = new TransactionDraft
                    {
                        Uuid = Uuids.NewV4(),
                        Kind = TransactionKind.Adjustment,
                        Currency = account.Currency,
                        CreatedAt = Now(),
                        UserId = account.UserId,
                        UserEmail = email ?? account.UserEmail,
                        Legs = [new LegDraft(bank.Id, -delta), new LegDraft(account.Id, delta) { ExpectedVersion = account.Version }],
                    };
                }
            }

            var changes = new AccountChanges
            {
                AccountId = accountId,
                ExpectedVersion = account.Version,
                DebitAllowed = request.DebitAllowed,
                UserEmail = email,
                ModifiedAt = Now(),
                IdempotencyKey = key,
                RequestFingerprint = key is null ? null : Fingerprint.Of($"update-account|{accountId}|{target}|{request.DebitAllowed}|{email}"),
            };
            try
            {
                var updated = await _store.UpdateAccountAsync(changes, adjustment, cancellationToken).ConfigureAwait(false);
                if (adjustment is not null && updated.Version != account.Version)
                {
                    _metrics.Posted(TransactionKind.Adjustment);
                }

                return updated;
            }
            catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.ConcurrencyConflict && attempt < _options.CurrentValue.MaxConcurrencyRetries)
            {
                _metrics.Retried("update_account");
            }
        }
    }

    private async ValueTask<Account> FreshSystemAccountAsync(AccountKind kind, Currency currency, CancellationToken cancellationToken)
    {
        var account = await SystemAccountAsync(kind, currency, cancellationToken).ConfigureAwait(false);
        return await GetAccountAsync(account.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The configured number of a system account kind.</summary>
    private string SystemNumber(AccountKind kind)
    {
        var options = _options.CurrentValue;
        return kind switch
        {
            AccountKind.Sale => options.SaleAccountNumber,
            AccountKind.Bank => options.BankAccountNumber,
            _ => options.RefundAccountNumber,
        };
    }

    /// <summary>The system account's identity if it exists already, or <see langword="null"/>: never creates it.</summary>
    private async ValueTask<Account?> KnownSystemAccountAsync(AccountKind kind, Currency currency, CancellationToken cancellationToken)
    {
        if (_systemAccounts.TryGetValue((kind, currency), out var cached))
        {
            return cached;
        }

        var found = await _store.FindAccountAsync(SystemNumber(kind), currency, cancellationToken).ConfigureAwait(false);
        if (found is null || found.Kind != kind)
        {
            return null;
        }

        _systemAccounts.TryAdd((kind, currency), found);
        return found;
    }

    /// <summary>
    /// Called just before a write creates the first system accounts of a currency: a key already used by any
    /// transaction cannot be this request's own (that one would have created them), so the store would refuse
    /// it; refusing here keeps the refusal from leaving new system accounts behind.
    /// </summary>
    private async ValueTask RefuseUsedKeyAsync(string? key, CancellationToken cancellationToken)
    {
        if (key is not null && await _store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw LedgerErrors.IdempotencyConflict(key);
        }
    }

    /// <summary>The system account's identity (id, number), created with its two siblings when missing: its balance in the result may be stale.</summary>
    private async ValueTask<Account> SystemAccountAsync(AccountKind kind, Currency currency, CancellationToken cancellationToken)
    {
        if (_systemAccounts.TryGetValue((kind, currency), out var cached))
        {
            return cached;
        }

        // All three at once: a currency's system accounts appear together.
        Account? wanted = null;
        foreach (var systemKind in new[] { AccountKind.Sale, AccountKind.Bank, AccountKind.Refund })
        {
            var number = SystemNumber(systemKind);
            var account = await _store.GetOrCreateAccountAsync(
                new NewAccount
                {
                    Number = number,
                    Currency = currency,
                    Kind = systemKind,
                    DebitAllowed = systemKind != AccountKind.Sale,
                    CreatedAt = Now(),
                },
                cancellationToken).ConfigureAwait(false);
            if (account.Kind != systemKind)
            {
                throw new LoyaltyException(
                    LoyaltyErrorCode.OperationNotAllowed,
                    string.Create(CultureInfo.InvariantCulture, $"The {currency.Code} account numbered '{number}' is a {account.Kind} account, so it cannot serve as the {systemKind} system account; configure another number."));
            }

            // Cache identity only: balances are always read from the store.
            _systemAccounts.TryAdd((systemKind, currency), account);
            if (systemKind == kind)
            {
                wanted = account;
            }
        }

        return wanted!;
    }

    /// <summary>The current time, to the whole microsecond: the seed's precision and PostgreSQL's, so a time reads back exactly as it was written.</summary>
    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    private void EnsureEnabled()
    {
        if (!_options.CurrentValue.Enabled)
        {
            throw LedgerErrors.Disabled();
        }
    }

    private static void RequireCurrency(Money amount, Currency currency, string name)
    {
        if (amount.Currency != currency)
        {
            throw new LoyaltyException(LoyaltyErrorCode.CurrencyMismatch, string.Create(CultureInfo.InvariantCulture, $"'{name}' is in {amount.Currency.Code}, but the account holds {currency.Code}."));
        }
    }

    private static void CheckSkip(int skip)
    {
        if (skip < 0)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "Skip must not be negative.");
        }
    }

    /// <summary>
    /// The one scope of every caller-chosen key in a ledger: the same key sent with another operation, another
    /// account or other fields is an <see cref="LoyaltyErrorCode.IdempotencyConflict"/>, because every fingerprint
    /// names its operation and all its fields. Natural keys (order numbers, invoice numbers, gift card codes)
    /// have scopes of their own.
    /// </summary>
    private static string? CallerKey(string? key)
        => key is null ? null : string.Concat("key:", Guard.Text(key, "IdempotencyKey"));

    private void Posted(Transaction? transaction)
    {
        if (transaction is null)
        {
            return;
        }

        _metrics.Posted(transaction.Kind);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogPosted(_logger, transaction.Kind, transaction.Uuid, transaction.Amount);
        }
    }

    /// <summary>Counts and times an operation already started at <paramref name="started"/>, and logs its refusal.</summary>
    private async ValueTask<T> Run<T>(string operation, long started, ValueTask<T> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (LoyaltyException e)
        {
            _metrics.Refused(operation, e.Code);
            LogRefused(_logger, operation, e.Code, e.Message);
            throw;
        }
        finally
        {
            _metrics.Duration(operation, started);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Posted {Kind} transaction {Uuid} moving {Amount}")]
    private static partial void LogPosted(ILogger logger, TransactionKind kind, Guid uuid, Money amount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Refused {Operation}: {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string operation, LoyaltyErrorCode code, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Opened account {AccountId} numbered {Number} in {Currency}")]
    private static partial void LogAccountCreated(ILogger logger, long accountId, string number, string currency);
}
