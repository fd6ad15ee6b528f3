using System.Collections.Concurrent;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Concurrency;

/// <summary>
/// Sixteen clients at once, each on its own connection, moving money between the same accounts: transfers,
/// order payments (all crediting the one Sale account), refunds (debiting it), and accounts opened from Bank.
/// </summary>
public sealed class SixteenClientsOnSharedAccountsTests
{
    private const int Clients = 16;
    private const int OperationsPerClient = 40;
    private static readonly Currency Try = Currency.TRY;

    [Fact]
    public async Task Money_is_neither_made_nor_lost_and_no_database_error_reaches_the_caller()
    {
        await using var store = await PgStores.NewStoreAsync(o => o.SystemAccountBuckets = 4);
        var ledger = PgStores.LedgerOver(store);
        var users = Enumerable.Range(1, 6).Select(i => (long)i).ToArray();
        var accounts = new List<long>();
        foreach (var user in users)
        {
            accounts.Add((await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = user, Balance = Money.Of(500m, Try) })).Id);
            accounts.Add((await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = user, Balance = Money.Of(200m, Try), DebitAllowed = user % 3 == 0 })).Id);
        }

        var paidOrders = new ConcurrentQueue<(string Order, Guid Payment)>();
        var unexpected = new ConcurrentQueue<Exception>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Client(int client)
        {
            var random = new Random(client * 7919);
            await start.Task;
            for (var i = 0; i < OperationsPerClient; i++)
            {
                var operation = random.Next(6);
                try
                {
                    switch (operation)
                    {
                        case 0:
                        case 1:
                            var from = accounts[random.Next(accounts.Count)];
                            var to = accounts[random.Next(accounts.Count)];
                            if (from != to)
                            {
                                await ledger.TransferAsync(new TransferRequest { SourceAccountId = from, DestinationAccountId = to, Amount = Money.Of(random.Next(1, 30000) / 100m, Try) });
                            }

                            break;
                        case 2:
                        case 3:
                            var order = $"order-{client}-{i}";
                            var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = order, UserId = users[random.Next(users.Length)], Amount = Money.Of(random.Next(100, 20000) / 100m, Try) });
                            if (payment.Transaction is { } paid)
                            {
                                paidOrders.Enqueue((order, paid.Uuid));
                            }

                            break;
                        case 4:
                            if (paidOrders.TryPeek(out var refundable))
                            {
                                var amount = random.Next(1, 5000) / 100m;
                                _ = random.Next(2) == 0
                                    ? await ledger.RefundAsync(new RefundRequest { TransactionUuid = refundable.Payment, Amount = amount })
                                    : await ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = refundable.Order, Amount = amount });
                            }

                            break;
                        default:
                            await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = users[random.Next(users.Length)], Balance = Money.Of(random.Next(1, 100), Try) });
                            break;
                    }

                    outcomes.AddOrUpdate("ok", 1, (_, n) => n + 1);
                }
                catch (LoyaltyException e) when (e.Code is LoyaltyErrorCode.InsufficientFunds or LoyaltyErrorCode.RefundExceedsPayment)
                {
                    outcomes.AddOrUpdate(e.Code.ToString(), 1, (_, n) => n + 1);
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

        unexpected.Should().BeEmpty("deadlocks and serialization failures are retried inside the store");
        outcomes["ok"].Should().BeGreaterThan(Clients * OperationsPerClient / 2);
        paidOrders.Should().NotBeEmpty();
        await Invariants.AssertHoldAsync(store.Schema);
        var sale = await store.GetAccountAsync((await ledger.GetSystemAccountAsync(AccountKind.Sale, Try)).Id, default);
        var expectedSale = await PgStores.QueryAsync(
            $"SELECT coalesce(sum(paid - refunded), 0)::bigint FROM \"{store.Schema}\".transactions WHERE kind = 2",
            r => r.GetInt64(0));
        sale!.Balance.ToMinorUnits().Should().Be(expectedSale.Single(), "Sale holds exactly what payments paid less what refunds gave back");
        sale.Balance.IsNegative.Should().BeFalse();
        var kinds = await PgStores.QueryAsync($"SELECT kind, count(*) FROM \"{store.Schema}\".transactions GROUP BY kind", r => (Kind: (TransactionKind)r.GetInt16(0), Count: r.GetInt64(1)));
        kinds.Select(k => k.Kind).Should().Contain([TransactionKind.Transfer, TransactionKind.OrderPayment, TransactionKind.Refund, TransactionKind.Adjustment], "every kind of write ran concurrently");
    }
}
