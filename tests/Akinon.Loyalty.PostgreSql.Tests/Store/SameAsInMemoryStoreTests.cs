using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// Random sequences of store writes (creations with funding, transfers, payments, refunds, updates, replayed and
/// conflicting keys, stale versions, unknown accounts) applied to the in-memory reference store and to PostgreSQL:
/// every outcome and every account must be the same. Ids are store-assigned, so accounts are compared by number.
/// </summary>
public sealed class SameAsInMemoryStoreTests
{
    private static readonly Currency Try = Currency.TRY;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Both_stores_answer_every_write_alike(int seed)
    {
        await using var pg = await PgStores.NewStoreAsync(o => o.SystemAccountBuckets = 3);
        var memory = new InMemoryLedgerStore();
        var stores = new ILedgerStore[] { memory, pg };
        var random = new Random(seed);
        var time = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var numbers = new List<string>();
        var payments = new List<Guid>();
        var seen = new HashSet<string>();

        foreach (var (number, kind) in new[] { ("Sale", AccountKind.Sale), ("Bank", AccountKind.Bank), ("Refund", AccountKind.Refund) })
        {
            foreach (var store in stores)
            {
                await store.GetOrCreateAccountAsync(new NewAccount { Number = number, Currency = Try, Kind = kind, DebitAllowed = kind != AccountKind.Sale, CreatedAt = time }, default);
            }

            numbers.Add(number);
        }

        async Task<long> Id(ILedgerStore store, string number) => (await store.FindAccountAsync(number, Try, default))?.Id ?? 999_999;

        for (var step = 0; step < 160; step++)
        {
            time = time.AddSeconds(1);
            var operation = random.Next(12);
            var pick = () => numbers[random.Next(numbers.Count)];
            var results = new string[2];
            switch (operation)
            {
                case 0 or 1:
                {
                    var number = random.Next(3) == 0 && numbers.Count > 3 ? pick() : "acct-" + random.Next(40);
                    var key = random.Next(3) == 0 ? "account:" + random.Next(4) : null;
                    var debit = random.Next(4) == 0;
                    var funding = random.Next(3) == 0 ? 0 : random.Next(1, 1000);
                    var user = (long)random.Next(1, 4);
                    var uuid = Guid.NewGuid();
                    for (var s = 0; s < 2; s++)
                    {
                        var account = new NewAccount { Number = number, Currency = Try, Kind = AccountKind.Customer, UserId = user, DebitAllowed = debit, CreatedAt = time, IdempotencyKey = key, RequestFingerprint = key is null ? null : $"{number}|{debit}|{funding}|{user}" };
                        var draft = funding == 0 ? null : new TransactionDraft
                        {
                            Uuid = uuid,
                            Kind = TransactionKind.Adjustment,
                            Currency = Try,
                            CreatedAt = time,
                            Legs = [new LegDraft(await Id(stores[s], "Bank"), -funding), new LegDraft(LegDraft.NewAccountId, funding)],
                        };
                        results[s] = await Outcome(async () =>
                        {
                            var created = await stores[s].CreateAccountAsync(account, draft, default);
                            return $"created {created.Account.Number} replayed={created.Replayed} funding={Describe(created.Funding)}";
                        });
                    }

                    if (!numbers.Contains(number) && await memory.FindAccountAsync(number, Try, default) is not null)
                    {
                        numbers.Add(number);
                    }

                    break;
                }

                case 2 or 3 or 4:
                {
                    var (from, to) = (random.Next(16) == 0 ? "missing" : pick(), random.Next(8) == 0 ? "missing" : pick());
                    var amount = random.Next(8) == 0 ? 0 : random.Next(1, 700);
                    var keep = random.Next(4) == 0;
                    var stale = random.Next(6) == 0;
                    var key = random.Next(4) == 0 ? "transfer:" + random.Next(5) : null;
                    var uuid = Guid.NewGuid();
                    for (var s = 0; s < 2; s++)
                    {
                        var source = await stores[s].FindAccountAsync(from, Try, default);
                        var draft = new TransactionDraft
                        {
                            Uuid = uuid,
                            Kind = TransactionKind.Transfer,
                            Currency = Try,
                            CreatedAt = time,
                            IdempotencyKey = key,
                            RequestFingerprint = key is null ? null : $"{from}|{to}|{amount}",
                            Legs =
                            [
                                new LegDraft(source?.Id ?? 999_999, -amount) { NeverBelowZero = keep, ExpectedVersion = stale ? 1 : source?.Version },
                                new LegDraft(await Id(stores[s], to), amount),
                            ],
                        };
                        results[s] = await Outcome(async () => Describe((await stores[s].PostAsync(draft, default)).Transaction));
                    }

                    break;
                }

                case 5 or 6:
                {
                    var payer = pick();
                    var amount = random.Next(1, 400);
                    var order = "order-" + random.Next(10);
                    var uuid = Guid.NewGuid();
                    for (var s = 0; s < 2; s++)
                    {
                        var draft = new TransactionDraft
                        {
                            Uuid = uuid,
                            Kind = TransactionKind.OrderPayment,
                            Currency = Try,
                            CreatedAt = time,
                            OrderNumber = order,
                            UserId = 1,
                            IdempotencyKey = "payment:" + order,
                            RequestFingerprint = $"{order}|{amount}",
                            Legs = [new LegDraft(await Id(stores[s], payer), -amount) { NeverBelowZero = true }, new LegDraft(await Id(stores[s], "Sale"), amount)],
                        };
                        results[s] = await Outcome(async () => Describe((await stores[s].PostAsync(draft, default)).Transaction));
                    }

                    if (await memory.GetTransactionAsync(uuid, default) is not null)
                    {
                        payments.Add(uuid);
                    }

                    break;
                }

                case 7 or 8:
                {
                    var payment = payments.Count == 0 || random.Next(8) == 0 ? Guid.NewGuid() : payments[random.Next(payments.Count)];
                    var amount = random.Next(1, 300);
                    var to = pick();
                    // Claims are always fresh here: on a stale claim against a short Sale balance this store reports the race first, memory the balance.
                    const int staleBy = 0;
                    var uuid = Guid.NewGuid();
                    for (var s = 0; s < 2; s++)
                    {
                        var state = await stores[s].GetPaymentRefundStateAsync(payment, default);
                        var draft = new TransactionDraft
                        {
                            Uuid = uuid,
                            Kind = TransactionKind.Refund,
                            Currency = Try,
                            CreatedAt = time,
                            PaymentUuid = payment,
                            Refund = new RefundClaim(payment, (state?.Refunded ?? 0) + staleBy, amount),
                            Legs = [new LegDraft(await Id(stores[s], "Sale"), -amount), new LegDraft(await Id(stores[s], to), amount)],
                        };
                        results[s] = await Outcome(async () => Describe((await stores[s].PostAsync(draft, default)).Transaction) + " state=" + await stores[s].GetPaymentRefundStateAsync(payment, default));
                    }

                    break;
                }

                case 10 or 11:
                {
                    // The one-step payment (IOrderPaymentStore): the stores allocate themselves, in either order.
                    var user = (long)random.Next(1, 4);
                    var amount = random.Next(1, 900);
                    var order = "order-" + random.Next(10);
                    var allocation = random.Next(2) == 0 ? StoreAllocationOrder.OldestFirst : StoreAllocationOrder.SmallestBalanceFirst;
                    var missingSale = random.Next(5) == 0;
                    var uuid = Guid.NewGuid();
                    for (var s = 0; s < 2; s++)
                    {
                        var draft = new OrderPaymentDraft
                        {
                            Uuid = uuid,
                            Currency = Try,
                            CreatedAt = time,
                            OrderNumber = order,
                            UserId = user,
                            IdempotencyKey = "payment:" + order,
                            RequestFingerprint = $"{order}|{amount}",
                            Target = amount,
                            SaleAccountId = await Id(stores[s], missingSale ? "missing" : "Sale"),
                            Order = allocation,
                        };
                        results[s] = await Outcome(async () =>
                        {
                            var paid = await ((IOrderPaymentStore)stores[s]).PayOrderAsync(draft, default);
                            return $"{Describe(paid.Transaction)} replayed={paid.Replayed} allocations=[{string.Join(", ", paid.Allocations.Select(a => a.Number + ":" + a.Amount.ToMinorUnits()))}]";
                        });
                    }

                    if (await memory.GetTransactionAsync(uuid, default) is not null)
                    {
                        payments.Add(uuid);
                    }

                    break;
                }

                default:
                {
                    var target = pick();
                    bool? debit = random.Next(2) == 0 ? random.Next(2) == 0 : null;
                    long? owner = random.Next(5) == 0 ? random.Next(1, 4) : null;
                    var stale = random.Next(5) == 0;
                    for (var s = 0; s < 2; s++)
                    {
                        var account = await stores[s].FindAccountAsync(target, Try, default);
                        var changes = new AccountChanges { AccountId = account!.Id, ExpectedVersion = stale ? account.Version - 1 : account.Version, DebitAllowed = debit, UserId = owner, UserEmail = "e" + step, ModifiedAt = time };
                        results[s] = await Outcome(async () => Snapshot(await stores[s].UpdateAccountAsync(changes, null, default)));
                    }

                    break;
                }
            }

            seen.Add(results[0].StartsWith("refused", StringComparison.Ordinal) ? results[0].Split(':')[0] : "written");
            results[1].Should().Be(results[0], $"step {step} (operation {operation}, seed {seed}) must end the same on PostgreSQL as in memory");
            foreach (var number in numbers)
            {
                var expected = await memory.FindAccountAsync(number, Try, default);
                var actual = await pg.FindAccountAsync(number, Try, default);
                Snapshot(actual!).Should().Be(Snapshot(expected!), $"account {number} after step {step}, seed {seed}");
            }
        }

        seen.Should().Contain(["written", "refused InsufficientFunds", "refused AccountNotFound", "refused ConcurrencyConflict"], "the sequence must reach refusals as well as writes");
        var memoryTransfers = await memory.ListTransfersAsync(new TransferQuery { Limit = 1000 }, default);
        var pgTransfers = await pg.ListTransfersAsync(new TransferQuery { Limit = 1000 }, default);
        pgTransfers.TotalCount.Should().Be(memoryTransfers.TotalCount);
        pgTransfers.Items.Select(t => (t.TransactionUuid, t.Amount)).Should().Equal(memoryTransfers.Items.Select(t => (t.TransactionUuid, t.Amount)), "the listing is newest first in both");
        await Invariants.AssertHoldAsync(pg.Schema);
    }

    private static async Task<string> Outcome(Func<Task<string>> write)
    {
        try
        {
            return await write();
        }
        catch (LoyaltyException e)
        {
            return "refused " + e.Code + ": " + System.Text.RegularExpressions.Regex.Replace(e.Message, "(Account|id) [0-9]+", "$1 #");
        }
    }

    private static string Describe(Transaction? transaction)
        => transaction is null ? "none" : $"{transaction.Uuid} {transaction.Kind} [{string.Join(", ", transaction.Transfers.Select(t => t.Amount.ToMinorUnits()))}] key={transaction.IdempotencyKey}";

    private static string Snapshot(Account account)
        => $"{account.Number} {account.Kind} user={account.UserId} email={account.UserEmail} debit={account.DebitAllowed} balance={account.Balance} version={account.Version} modified={account.ModifiedAt.UtcTicks}";
}
