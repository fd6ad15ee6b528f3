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
/// <remarks>Thread-safe; one instance per ledger (channel). Each use case is its own internal operation; this
/// class only times them and answers the reads.</remarks>
public sealed class LoyaltyLedger : ILoyaltyLedger
{
    private readonly LedgerContext _ledger;
    private readonly LedgerTelemetry _telemetry;
    private readonly OpenAccount _openAccount;
    private readonly ImportAccounts _importAccounts;
    private readonly UpdateAccount _updateAccount;
    private readonly TransferFunds _transfer;
    private readonly PayOrder _payOrder;
    private readonly AuthorizeOrder _authorizeOrder;
    private readonly SettleHold _settleHold;
    private readonly RefundPayment _refund;
    private readonly RefundToLoyalty _refundToLoyalty;
    private readonly IssueGiftCard _issueGiftCard;
    private readonly RedeemGiftCard _redeemGiftCard;
    private readonly ExpireAccounts _expireAccounts;
    private readonly ReadStatement _statements;
    private readonly Liability _liability;

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
        : this(store, options, timeProvider, loggerFactory, meterFactory, channel: null)
    {
    }

    /// <summary>A ledger that tags its spans with <paramref name="channel"/> (the name it was registered under).</summary>
    internal LoyaltyLedger(
        ILedgerStore store,
        IOptionsMonitor<LoyaltyOptions> options,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        string? channel)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var logger = (ILogger?)loggerFactory?.CreateLogger<LoyaltyLedger>() ?? NullLogger.Instance;
        _telemetry = new LedgerTelemetry(logger, LoyaltyMetrics.For(meterFactory), channel);
        _ledger = new LedgerContext(store, options, timeProvider ?? TimeProvider.System, _telemetry);
        _openAccount = new OpenAccount(_ledger);
        _importAccounts = new ImportAccounts(_ledger);
        _updateAccount = new UpdateAccount(_ledger);
        _transfer = new TransferFunds(_ledger);
        _payOrder = new PayOrder(_ledger);
        var recentHolds = new RecentHolds();
        _authorizeOrder = new AuthorizeOrder(_ledger, _payOrder, recentHolds);
        _settleHold = new SettleHold(_ledger, recentHolds);
        _refund = new RefundPayment(_ledger);
        _refundToLoyalty = new RefundToLoyalty(_ledger);
        _issueGiftCard = new IssueGiftCard(_ledger);
        _redeemGiftCard = new RedeemGiftCard(_ledger);
        _expireAccounts = new ExpireAccounts(_ledger);
        _statements = new ReadStatement(_ledger);
        _liability = new Liability(_ledger);
    }

    /// <summary>The store this ledger writes to.</summary>
    internal ILedgerStore Store => _ledger.Store;

    /// <inheritdoc />
    public ValueTask<Account> CreateAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("create_account", request.Currency, (_openAccount, request), static (s, ct) => s.Item1.RunAsync(s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<AccountImportResult> ImportAccountsAsync(IAsyncEnumerable<AccountImportRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return _telemetry.Run("import_accounts", null, (_importAccounts, rows), static (s, ct) => s.Item1.RunAsync(s.rows, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Account> GetAccountAsync(long accountId, CancellationToken cancellationToken = default)
        => _ledger.GetAccountAsync(accountId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Account?> FindAccountAsync(string number, Currency currency, CancellationToken cancellationToken = default)
    {
        Guard.Text(number, nameof(number));
        Guard.Currency(currency, nameof(currency));
        return Store.FindAccountAsync(number, currency, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Account> GetSystemAccountAsync(AccountKind kind, Currency currency, CancellationToken cancellationToken = default)
    {
        if (!kind.IsSystem())
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"{kind} is not a system account kind; use Sale, Bank, Refund or Hold."));
        }

        Guard.Currency(currency, nameof(currency));
        return _ledger.SystemAccounts.GetFreshAsync(kind, currency, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Account> UpdateAccountAsync(long accountId, UpdateAccountRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("update_account", request.Balance?.Currency, (_updateAccount, accountId, request), static (s, ct) => s.Item1.RunAsync(s.accountId, s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Page<Account>> ListAccountsAsync(AccountQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Guard.Limit(query.Limit, AccountQuery.MaxLimit);
        Guard.Skip(query.Skip);
        Guard.OptionalText(query.Number, nameof(query.Number));
        Guard.OptionalText(query.UserEmail, nameof(query.UserEmail), LedgerContext.MaxEmailLength);
        Guard.AccountListing(query);
        return Store.ListAccountsAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<Transaction> GetTransactionAsync(Guid uuid, CancellationToken cancellationToken = default)
        => await Store.GetTransactionAsync(uuid, cancellationToken).ConfigureAwait(false) ?? throw LedgerErrors.TransactionNotFound(uuid);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LoyaltyEvent>> ReadEventsAsync(long afterPosition, int limit, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit, LoyaltyEvent.MaxLimit);
        Guard.Position(afterPosition);
        return Store.ReadEventsAsync(afterPosition, limit, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Page<Transfer>> ListTransfersAsync(TransferQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Guard.Limit(query.Limit, TransferQuery.MaxLimit);
        Guard.Skip(query.Skip);
        Guard.OptionalText(query.OrderNumber, nameof(query.OrderNumber));
        return Store.ListTransfersAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Page<Transaction>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Guard.Limit(query.Limit, TransactionQuery.MaxLimit);
        Guard.Skip(query.Skip);
        return Store.ListTransactionsAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Transaction> TransferAsync(TransferRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("transfer", request.Amount.Currency, (_transfer, request), static (s, ct) => s.Item1.RunAsync(s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<OrderPayment> PayOrderAsync(OrderPaymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("pay_order", request.Amount.Currency, (_payOrder, request), static (s, ct) => s.Item1.RunAsync(s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<OrderAuthorization> AuthorizeOrderAsync(OrderPaymentRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("authorize_order", request.Amount.Currency, (_authorizeOrder, request, timeout), static (s, ct) => s.Item1.RunAsync(s.request, s.timeout, ct), cancellationToken);
    }

#pragma warning disable RS0026 // Overloads with optional parameters: see ILoyaltyLedger.
    /// <inheritdoc />
    public ValueTask<HoldSettlement> CaptureOrderAsync(string orderNumber, decimal? amount = null, CancellationToken cancellationToken = default)
        => CaptureOrderAsync(new CaptureOrderRequest { OrderNumber = orderNumber, Amount = amount }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<HoldSettlement> CaptureOrderAsync(CaptureOrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("capture_order", null, (_settleHold, request), static (s, ct) => s.Item1.CaptureAsync(s.request.OrderNumber, s.request.Amount, Requester.Of(s.request), ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<HoldSettlement> VoidOrderAsync(string orderNumber, CancellationToken cancellationToken = default)
        => VoidOrderAsync(new VoidOrderRequest { OrderNumber = orderNumber }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<HoldSettlement> VoidOrderAsync(VoidOrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("void_order", null, (_settleHold, request), static (s, ct) => s.Item1.VoidAsync(s.request.OrderNumber, Requester.Of(s.request), ct), cancellationToken);
    }
#pragma warning restore RS0026

    /// <inheritdoc />
    public ValueTask<int> VoidExpiredHoldsAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default)
        => _settleHold.VoidExpiredAsync(asOf, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Transaction?> GetOrderPaymentAsync(string orderNumber, CancellationToken cancellationToken = default)
        => _payOrder.FindAsync(orderNumber, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Refund> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("refund", null, (_refund, request), static (s, ct) => s.Item1.RefundAsync(s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Refund> CrossRefundAsync(CrossRefundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("cross_refund", null, (_refund, request), static (s, ct) => s.Item1.CrossRefundAsync(s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Refund> RefundToLoyaltyAsync(RefundToLoyaltyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("refund_to_loyalty", request.Amount.Currency, (_refundToLoyalty, request), static (s, ct) => s.Item1.RunAsync(s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Refund>> ListRefundsAsync(string orderNumber, CancellationToken cancellationToken = default)
    {
        Guard.Text(orderNumber, nameof(orderNumber));
        var transactions = await Store.GetOrderTransactionsAsync(orderNumber, cancellationToken).ConfigureAwait(false);
        return transactions.Where(static t => t.Kind is TransactionKind.Refund or TransactionKind.RefundToLoyalty).Select(Refund.FromTransaction).ToArray();
    }

    /// <inheritdoc />
    public ValueTask<Account> IssueGiftCardAsync(IssueGiftCardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("issue_gift_card", request.Amount.Currency, (_issueGiftCard, request), static (s, ct) => s.Item1.RunAsync(s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Account> RedeemGiftCardAsync(RedeemGiftCardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _telemetry.Run("redeem_gift_card", request.Currency, (_redeemGiftCard, request), static (s, ct) => s.Item1.RunAsync(s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Money> GetBalanceAsync(long accountId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
        => _statements.GetBalanceAsync(accountId, asOf, cancellationToken);

    /// <inheritdoc />
    public ValueTask<AccountStatement> ReadStatementAsync(long accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
        => _statements.ReadAsync(accountId, from, to, cancellationToken);

    /// <inheritdoc />
    public ValueTask<LoyaltyLiability> GetLiabilityAsync(Currency currency, DateTimeOffset asOf, CancellationToken cancellationToken = default)
        => _liability.GetAsync(currency, asOf, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Transaction>> ExpireDueAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default)
        => _telemetry.Run("expire_due", null, (Ledger: this, asOf), static (s, ct) => s.Ledger.ExpireDueOnceAsync(s.asOf, ct), cancellationToken);

    // Expired holds first: their money goes back to the accounts it came from, so an account that expired
    // meanwhile is swept with it in this very run.
    private async ValueTask<IReadOnlyList<Transaction>> ExpireDueOnceAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await _settleHold.VoidExpiredAsync(asOf, cancellationToken).ConfigureAwait(false);
        return await _expireAccounts.RunAsync(asOf, cancellationToken).ConfigureAwait(false);
    }
}
