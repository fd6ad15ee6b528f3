using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Benchmarks.Infrastructure;

/// <summary>Builds in-memory ledgers and the accounts the benchmarks move money between.</summary>
internal static class Ledgers
{
    public static readonly Currency Eur = Currency.FromCode("EUR");

    /// <summary>A ledger over a fresh <see cref="InMemoryLedgerStore"/>, with default options.</summary>
    public static LoyaltyLedger NewInMemory(ILedgerStore? store = null)
        => new(store ?? new InMemoryLedgerStore(), new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));

    /// <summary>Opens <paramref name="count"/> customer accounts (debit not allowed), each with a large balance, and returns their ids.</summary>
    public static async Task<long[]> OpenTransferAccountsAsync(LoyaltyLedger ledger, int count)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            var account = await ledger.CreateAccountAsync(new CreateAccountRequest
            {
                Currency = Eur,
                UserId = i + 1,
                Balance = Money.Of(1_000_000m, Eur),
            });
            ids[i] = account.Id;
        }

        return ids;
    }

    /// <summary>
    /// Prepared transfer requests: account <c>i</c> pays one cent to another, spread so that no account runs dry
    /// within a bounded run. With <paramref name="keyPrefix"/>, each request carries its own idempotency key.
    /// </summary>
    public static TransferRequest[] TransferRequests(long[] accounts, int count, string? keyPrefix = null)
    {
        var cent = Money.Of(0.01m, Eur);
        var requests = new TransferRequest[count];
        for (var i = 0; i < count; i++)
        {
            var (from, to) = TransferPair(accounts.Length, i);
            requests[i] = new TransferRequest
            {
                SourceAccountId = accounts[from],
                DestinationAccountId = accounts[to],
                Amount = cent,
                IdempotencyKey = keyPrefix is null ? null : string.Concat(keyPrefix, i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
        }

        return requests;
    }

    /// <summary>The source and destination (indexes) of the <paramref name="i"/>-th transfer; never the same.</summary>
    public static (int From, int To) TransferPair(int accounts, int i)
    {
        var from = i % accounts;
        var to = (from + 1 + (i / accounts % (accounts - 1))) % accounts;
        return (from, to);
    }

    /// <summary>
    /// Opens three accounts for each of <paramref name="users"/> users (ids <c>firstUser..firstUser+users-1</c>), each
    /// holding one euro, so that a payment of <see cref="PaymentAmount"/> draws on all three.
    /// </summary>
    public static async Task<long[][]> OpenPayersAsync(ILoyaltyLedger ledger, int users, long firstUser = 1)
    {
        var accounts = new long[users][];
        for (var u = 0; u < users; u++)
        {
            accounts[u] = new long[3];
            for (var k = 0; k < 3; k++)
            {
                var account = await ledger.CreateAccountAsync(new CreateAccountRequest
                {
                    Currency = Eur,
                    UserId = firstUser + u,
                    Balance = AccountFunds,
                });
                accounts[u][k] = account.Id;
            }
        }

        return accounts;
    }

    /// <summary>What each payer account holds after a refill.</summary>
    public static Money AccountFunds => Money.Of(1m, Eur);

    /// <summary>More than the three accounts hold together, so every payment draws on all of them.</summary>
    public static Money PaymentAmount => Money.Of(5m, Eur);

    /// <summary>
    /// Brings every payer account back to <see cref="AccountFunds"/> after a round of payments emptied it: one
    /// adjustment from Bank per user, posted straight to the store (the benchmarks keep this outside timed regions).
    /// </summary>
    public static async Task RefillAsync(ILoyaltyLedger ledger, ILedgerStore store, IEnumerable<long[]> payers, CancellationToken cancellationToken = default)
    {
        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Eur, cancellationToken);
        var funds = AccountFunds.ToMinorUnits();
        // Now, in whole microseconds as stores keep times: a refill dated before the accounts' newest transfers (it was the
        // Unix epoch) is put in its place in each account's time-ordered history, which in memory scans that whole
        // history back, so the untimed refills took more of the run than everything timed.
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.UtcTicks % 10));
        foreach (var accounts in payers)
        {
            var legs = new LegDraft[accounts.Length + 1];
            for (var k = 0; k < accounts.Length; k++)
            {
                legs[k] = new LegDraft(accounts[k], funds);
            }

            legs[^1] = new LegDraft(bank.Id, -funds * accounts.Length);
            await store.PostAsync(
                new TransactionDraft
                {
                    Uuid = Guid.NewGuid(),
                    Kind = TransactionKind.Adjustment,
                    Currency = Eur,
                    CreatedAt = now,
                    Legs = legs,
                },
                cancellationToken);
        }
    }

    /// <summary>One payment request per payer (user ids <c>firstUser..</c>), each with a new order number starting with <paramref name="prefix"/>.</summary>
    public static OrderPaymentRequest[] PaymentRequests(int users, string prefix, long firstUser = 1)
    {
        var amount = PaymentAmount;
        var requests = new OrderPaymentRequest[users];
        for (var u = 0; u < users; u++)
        {
            requests[u] = new OrderPaymentRequest
            {
                OrderNumber = string.Concat(prefix, u.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                UserId = firstUser + u,
                Amount = amount,
            };
        }

        return requests;
    }
}
