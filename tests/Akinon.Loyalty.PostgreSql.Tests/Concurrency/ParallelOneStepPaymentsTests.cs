using System.Collections.Concurrent;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.PostgreSql.Tests.Concurrency;

/// <summary>
/// Twenty-four clients, each on its own connection, paying through the one-step path at once: distinct orders of
/// the same three users in both allocation orders, asking for far more than the users have; and one order sent by
/// all of them.
/// </summary>
public sealed class ParallelOneStepPaymentsTests
{
    private const int Clients = 24;
    private const int PaymentsPerClient = 25;
    private static readonly Currency Try = Currency.TRY;

    [Fact]
    public async Task Each_user_spends_exactly_what_they_had_and_Sale_receives_exactly_that()
    {
        await using var store = await PgStores.NewStoreAsync(o => o.SystemAccountBuckets = 4);
        store.Should().BeAssignableTo<IOrderPaymentStore>();
        var ledger = PgStores.LedgerOver(store);
        var users = new long[] { 101, 102, 103 };
        var available = new Dictionary<long, long>();
        var accounts = new List<long>();
        foreach (var user in users)
        {
            foreach (var balance in new[] { 150.00m, 37.45m, 12.01m, 80.50m })
            {
                accounts.Add((await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = user, Balance = Money.Of(balance + user, Try) })).Id);
                available[user] = available.GetValueOrDefault(user) + (long)((balance + user) * 100);
            }
        }

        var covered = new ConcurrentDictionary<long, long>();
        var unexpected = new ConcurrentQueue<Exception>();
        var paidCount = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Client(int client)
        {
            var random = new Random(client * 7919);
            await start.Task;
            for (var i = 0; i < PaymentsPerClient; i++)
            {
                var user = users[random.Next(users.Length)];
                try
                {
                    var payment = await ledger.PayOrderAsync(new OrderPaymentRequest
                    {
                        OrderNumber = $"order-{client}-{i}",
                        UserId = user,
                        Amount = Money.Of(random.Next(100, 9000) / 100m, Try),
                        AllocationOrder = random.Next(2) == 0 ? AllocationOrder.OldestFirst : AllocationOrder.SmallestBalanceFirst,
                    });
                    var minor = payment.Covered.ToMinorUnits();
                    payment.Allocations.Sum(a => a.Amount.ToMinorUnits()).Should().Be(minor);
                    payment.Allocations.Where(a => !a.Amount.IsPositive).Should().BeEmpty();
                    covered.AddOrUpdate(user, minor, (_, n) => n + minor);
                    if (payment.Transaction is not null)
                    {
                        Interlocked.Increment(ref paidCount);
                    }
                }
                catch (Exception e)
                {
                    unexpected.Enqueue(e);
                }
            }
        }

        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => Client(c))).ToArray();
        start.SetResult();
        await Task.WhenAll(clients);

        unexpected.Should().BeEmpty("locks are taken in id order and deadlocks or serialization failures are retried inside the store");
        paidCount.Should().BeGreaterThan(users.Length * 4, "the users' money went to many orders");
        foreach (var user in users)
        {
            covered.GetValueOrDefault(user).Should().Be(available[user], $"user {user} asked for far more than they had, so spent exactly all of it");
            var left = await store.GetUserAccountsAsync(user, Try, default);
            left.Should().OnlyContain(a => a.Balance.IsZero, "every account was drawn to zero and none below");
        }

        var sale = await store.GetAccountAsync((await ledger.GetSystemAccountAsync(AccountKind.Sale, Try)).Id, default);
        sale!.Balance.ToMinorUnits().Should().Be(available.Values.Sum(), "Sale holds exactly what the payments took");
        var paid = await PgStores.QueryAsync($"SELECT count(*), coalesce(sum(paid), 0)::bigint FROM \"{store.Schema}\".transactions WHERE kind = 2", r => (Count: r.GetInt64(0), Sum: r.GetInt64(1)));
        paid.Single().Should().Be((paidCount, available.Values.Sum()));
        var keys = await PgStores.QueryAsync($"SELECT count(*) FROM \"{store.Schema}\".idempotency_keys WHERE key LIKE 'payment:%'", r => r.GetInt64(0));
        keys.Single().Should().Be(paidCount, "only payments that took something keep their key");
        await Invariants.AssertHoldAsync(store.Schema);
    }

    [Fact]
    public async Task The_same_payment_sent_by_many_clients_at_once_is_posted_once_and_replayed_alike_to_the_rest()
    {
        await using var store = await PgStores.NewStoreAsync(o => o.SystemAccountBuckets = 4);
        var ledger = PgStores.LedgerOver(store);
        var a = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 5, Balance = Money.Of(30m, Try), Number = "gift-1" });
        var b = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 5, Balance = Money.Of(30m, Try), Number = "gift-2" });
        var request = new OrderPaymentRequest { OrderNumber = "same-order", UserId = 5, Amount = Money.Of(45m, Try) };
        var broke = new OrderPaymentRequest { OrderNumber = "broke-order", UserId = 6, Amount = Money.Of(45m, Try) };

        var payments = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () => await ledger.PayOrderAsync(request))));
        var nothing = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () => await ledger.PayOrderAsync(broke))));

        payments.Count(p => !p.Replayed).Should().Be(1, "one request posts, every other one waits for its key and replays it");
        payments.Select(p => p.Transaction!.Uuid).Distinct().Should().ContainSingle();
        payments.Should().OnlyContain(p => p.Allocations.SequenceEqual(new[] { new Allocation(a.Id, "gift-1", Money.Of(30m, Try)), new Allocation(b.Id, "gift-2", Money.Of(15m, Try)) }));
        (await ledger.GetAccountAsync(b.Id)).Balance.Should().Be(Money.Of(15m, Try));
        nothing.Should().OnlyContain(p => p.Transaction == null && !p.Replayed);
        (await store.FindTransactionByKeyAsync("payment:broke-order", default)).Should().BeNull();
        await Invariants.AssertHoldAsync(store.Schema);
    }
}
