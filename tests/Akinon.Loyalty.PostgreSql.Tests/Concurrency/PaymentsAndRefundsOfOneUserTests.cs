using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Concurrency;

/// <summary>
/// Payments and refunds of one user at once (issue 9 item 4): refunds move Sale and the payer's accounts, payments
/// the payer's accounts and Sale, account openings and balance updates the user's accounts and Bank. With one lock
/// order for every write none of them waits on another in a cycle. Each test runs on its own server, so its log
/// holds only what these writes caused, and with a short command timeout, so a wait fails the test instead of
/// being outwaited.
/// </summary>
public sealed class PaymentsAndRefundsOfOneUserTests
{
    private const long User = 5;
    private static readonly Currency Try = Currency.TRY;

    [Fact]
    public async Task Fifty_payments_and_fifty_refunds_of_one_user_sent_at_once_all_succeed_without_a_deadlock()
    {
        await RaceAsync(openings: 0, updates: 0);
    }

    [Fact]
    public async Task Account_openings_and_balance_updates_of_that_user_join_the_race_without_a_deadlock()
    {
        await RaceAsync(openings: 10, updates: 10);
    }

    private static async Task RaceAsync(int openings, int updates)
    {
        var bin = ThrowawayPostgres.FindBinaries(out var reason) ?? throw new InvalidOperationException(reason);
        await using var server = await ThrowawayPostgres.StartAsync(bin);
        // A deadlock shows in the server log (checked below); the timeout only has to stay under Npgsql's default 30 s,
        // which is what a request stuck behind a lock used to wait. 5 s was too tight on a loaded 2-core machine.
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server.ConnectionString(maxPool: 120)) { CommandTimeout = 20 }.ConnectionString);
        await using var store = new PostgreSqlLedgerStore(dataSource, new PostgreSqlLedgerOptions { Schema = "loyalty" });
        await store.MigrateAsync();
        var ledger = PgStores.LedgerOver(store);

        var accounts = new List<Account>();
        for (var i = 0; i < 3; i++)
        {
            accounts.Add(await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = User, Balance = Money.Of(60m, Try) }));
        }

        var earlier = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            var paid = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = $"early-{i}", UserId = User, Amount = Money.Of(1m, Try) });
            earlier.Add(paid.Transaction!.Uuid);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<string> Send(Func<Task<string>> request)
        {
            await start.Task;
            return await request();
        }

        var requests = new List<Task<string>>();
        for (var i = 0; i < 50; i++)
        {
            var order = $"late-{i}";
            var payment = earlier[i];
            requests.Add(Task.Run(() => Send(async () => (await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = order, UserId = User, Amount = Money.Of(1m, Try) })).Covered.ToString())));
            requests.Add(Task.Run(() => Send(async () => (await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment, Amount = 1m })).Amount.ToString())));
        }

        for (var i = 0; i < openings; i++)
        {
            requests.Add(Task.Run(() => Send(async () => (await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = User, Balance = Money.Of(2m, Try) })).Balance.ToString())));
        }

        // The youngest account: payments draw on the oldest first and never reach it, so its updates race only on locks.
        var updated = accounts[^1];
        for (var i = 0; i < updates; i++)
        {
            var balance = Money.Of(60m + i, Try);
            requests.Add(Task.Run(() => Send(async () => (await ledger.UpdateAccountAsync(updated.Id, new UpdateAccountRequest { Balance = balance })).Currency.Code)));
        }

        start.SetResult();
        var answers = await Task.WhenAll(requests);

        answers.Take(100).Should().OnlyContain(a => a == "1.00 TRY", "every payment covers its 1.00 and every refund gives back 1.00");
        answers.Should().HaveCount(100 + openings + updates);
        var log = await File.ReadAllTextAsync(server.LogFile);
        log.Should().NotContain("deadlock detected");
        var sale = await ledger.GetSystemAccountAsync(AccountKind.Sale, Try);
        sale.Balance.Should().Be(Money.Of(50m, Try), "50 payments were refunded and 50 are new");
        var total = 0m;
        foreach (var account in (await ledger.ListAccountsAsync(new AccountQuery { UserId = User, Limit = 100 })).Items)
        {
            total += account.Balance.Amount;
        }

        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Try);
        (total + sale.Balance.Amount + bank.Balance.Amount).Should().Be(0m, "the user's accounts, Sale and Bank are the whole ledger");
    }
}
