using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Testing;

/// <summary>
/// The store contract, written once. A store author subclasses this class in an xunit test project and
/// returns a fresh, empty store from <see cref="CreateStore"/>; every test, property and concurrency
/// check then runs against that store through the real <see cref="LoyaltyLedger"/>, exactly as it runs
/// against the in-memory store in this repository.
/// </summary>
public abstract partial class LedgerConformanceTests
{
    /// <summary>Creates a new, empty store: one independent ledger. Called once per ledger a test needs.</summary>
    /// <returns>The store.</returns>
    protected abstract ILedgerStore CreateStore();

    /// <summary>
    /// How many random operation sequences each property runs: the <c>LOYALTY_PROPERTY_RUNS</c>
    /// environment variable when set, else <see cref="DefaultPropertyRuns"/>.
    /// </summary>
    protected int PropertyRuns =>
        int.TryParse(Environment.GetEnvironmentVariable("LOYALTY_PROPERTY_RUNS"), out var runs) && runs > 0 ? runs : DefaultPropertyRuns;

    /// <summary>How many sequences a property runs when no environment variable says otherwise; 1,000 unless a slow store lowers it.</summary>
    protected virtual int DefaultPropertyRuns => 1000;

    /// <summary>How many operations run in parallel in the concurrency tests.</summary>
    protected virtual int ConcurrentWorkers => 8;

    /// <summary>Creates a ledger over a fresh store.</summary>
    /// <param name="configure">Changes the options; they stay mutable through the returned options object.</param>
    /// <returns>The ledger and its live options.</returns>
    protected (LoyaltyLedger Ledger, LoyaltyOptions Options) NewLedger(Action<LoyaltyOptions>? configure = null)
    {
        var options = new LoyaltyOptions();
        configure?.Invoke(options);
        return (new LoyaltyLedger(CreateStore(), new FixedOptionsMonitor<LoyaltyOptions>(options)), options);
    }

    /// <summary>Asserts that an operation is refused with a code and leaves the ledger exactly as it was.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="code">The expected code.</param>
    /// <param name="operation">The operation.</param>
    /// <returns>The exception, for further checks.</returns>
    protected static async Task<LoyaltyException> ShouldRefuseAsync(ILoyaltyLedger ledger, LoyaltyErrorCode code, Func<Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var before = await LedgerSnapshot.TakeAsync(ledger);
        var refusal = await Assert.ThrowsAsync<LoyaltyException>(operation);
        refusal.Code.Should().Be(code, refusal.Message);
        refusal.Message.Should().NotBeNullOrWhiteSpace();
        var after = await LedgerSnapshot.TakeAsync(ledger);
        after.Accounts.Should().Equal(before.Accounts, "a refused operation changes no account");
        after.Transfers.Should().Equal(before.Transfers, "a refused operation posts nothing");
        return refusal;
    }

    /// <summary>Asserts that the ledger's master invariants hold.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <returns>The snapshot the check was made on.</returns>
    protected static async Task<LedgerSnapshot> ShouldBalanceAsync(ILoyaltyLedger ledger)
    {
        var snapshot = await LedgerSnapshot.TakeAsync(ledger);
        snapshot.Violations().Should().BeEmpty();
        return snapshot;
    }

    /// <summary>Opens a customer account.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="userId">The owner.</param>
    /// <param name="balance">The opening balance (EUR unless <paramref name="currency"/> says otherwise).</param>
    /// <param name="currency">The currency; EUR when <see langword="null"/>.</param>
    /// <param name="debitAllowed">Whether it may go negative.</param>
    /// <returns>The account.</returns>
    protected static async Task<Account> OpenAsync(ILoyaltyLedger ledger, long userId, decimal balance, Currency? currency = null, bool debitAllowed = false)
    {
        var c = currency ?? Currency.EUR;
        return await ledger.CreateAccountAsync(new CreateAccountRequest
        {
            Currency = c,
            UserId = userId,
            UserEmail = $"user{userId}@example.com",
            Balance = balance == 0 ? null : Money.Of(balance, c),
            DebitAllowed = debitAllowed,
        });
    }

    /// <summary>Reads an account's balance.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="account">The account.</param>
    /// <returns>The balance amount.</returns>
    protected static async Task<decimal> BalanceAsync(ILoyaltyLedger ledger, Account account)
        => (await ledger.GetAccountAsync(account.Id)).Balance.Amount;
}
