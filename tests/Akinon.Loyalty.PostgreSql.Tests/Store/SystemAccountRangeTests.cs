using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// A bucketed system account's balance is the sum of its buckets: the range check holds for that total, on every
/// path that moves one (account funding, payments, transfers, adjustments), exactly where the in-memory store
/// refuses, and the account stays readable (issue 9 item 3).
/// </summary>
public sealed class SystemAccountRangeTests
{
    private static readonly Currency Isk = Currency.FromCode("ISK");
    private static readonly Currency Try = Currency.TRY;
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Opening_2050_ISK_accounts_of_4503599627370495_refuses_from_the_2049th_as_memory_does_and_Bank_stays_readable()
    {
        await OpenUntilBankIsFullAsync(4_503_599_627_370_495m, count: 2_050, buckets: 16);
    }

    [Theory]
    [InlineData(36_028_797_018_963_967, 258, 16)] // 2^55 - 1: the lock-free path fills the buckets to their shares.
    [InlineData(1_152_921_504_606_846_975, 10, 16)] // 2^60 - 1: every opening is larger than a bucket's share.
    [InlineData(1_537_228_672_809_129_301, 7, 3)] // (2^63 - 1) / 6: shares that do not divide the range.
    [InlineData(9_223_372_036_854_775_807, 2, 1)]
    public async Task Larger_openings_meet_the_same_boundary(long amount, int count, int buckets)
    {
        await OpenUntilBankIsFullAsync(amount, count, buckets);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(16)]
    public async Task Payments_transfers_and_adjustments_check_the_total_of_Sale_and_Bank_as_memory_does(int buckets)
    {
        await using var pg = await PgStores.NewStoreAsync(o => o.SystemAccountBuckets = buckets);
        var memory = new InMemoryLedgerStore();
        var stores = new ILedgerStore[] { memory, pg };
        const long max = long.MaxValue;
        var steps = new List<Func<ILedgerStore, Task<string>>>();

        async Task<long> Id(ILedgerStore store, string number) => (await store.FindAccountAsync(number, Try, default))!.Id;
        TransactionDraft Draft(TransactionKind kind, params LegDraft[] legs) => new() { Uuid = Guid.NewGuid(), Kind = kind, Currency = Try, CreatedAt = Now, Legs = legs };
        void Step(Func<ILedgerStore, Task<string>> step) => steps.Add(step);
        void Open(string number, string from, long amount)
            => Step(async s => Describe((await s.CreateAccountAsync(
                new NewAccount { Number = number, Currency = Try, Kind = AccountKind.Customer, UserId = 1, DebitAllowed = false, CreatedAt = Now },
                Draft(TransactionKind.Adjustment, new LegDraft(await Id(s, from), -amount), new LegDraft(LegDraft.NewAccountId, amount)),
                default)).Funding));
        void Pay(string order, long amount)
            => Step(async s => Describe((await ((IOrderPaymentStore)s).PayOrderAsync(
                new OrderPaymentDraft { Uuid = Guid.NewGuid(), Currency = Try, CreatedAt = Now, OrderNumber = order, UserId = 1, IdempotencyKey = "payment:" + order, RequestFingerprint = order, Target = amount, SaleAccountId = await Id(s, "Sale"), Order = StoreAllocationOrder.OldestFirst },
                default)).Transaction));
        void Move(string from, string to, long amount)
            => Step(async s => Describe((await s.PostAsync(Draft(TransactionKind.Transfer, new LegDraft(await Id(s, from), -amount), new LegDraft(await Id(s, to), amount)), default)).Transaction));
        void Adjust(string number, long delta)
            => Step(async s =>
            {
                var account = (await s.FindAccountAsync(number, Try, default))!;
                var adjustment = Draft(TransactionKind.Adjustment, new LegDraft(await Id(s, "Bank"), -delta), new LegDraft(account.Id, delta) { ExpectedVersion = account.Version });
                return Snapshot(await s.UpdateAccountAsync(new AccountChanges { AccountId = account.Id, ExpectedVersion = account.Version, ModifiedAt = Now }, adjustment, default));
            });

        // Bank and Refund each give almost the whole range to customers of user 1, whose payments then fill Sale.
        Open("c-1", "Bank", max - 10);
        Open("c-2", "Refund", max - 10);
        Open("c-3", "Bank", 5);
        Open("c-4", "Bank", 5);
        Open("c-5", "Bank", 2);
        Pay("o-1", max - 10);
        Pay("o-2", 5);
        Pay("o-3", 5);
        Pay("o-4", 1);
        Move("c-2", "Sale", 1);
        Move("Sale", "c-4", 3);
        Move("c-2", "Sale", 3);
        Move("c-2", "Sale", 1);
        Adjust("c-4", 2);
        Adjust("c-3", -3);
        Adjust("c-4", 3);
        Move("Bank", "c-4", 2);
        Move("Refund", "c-4", 9);
        Move("Refund", "c-4", 1);
        Move("Refund", "c-4", 2);

        foreach (var store in stores)
        {
            foreach (var (number, kind) in new[] { ("Sale", AccountKind.Sale), ("Bank", AccountKind.Bank), ("Refund", AccountKind.Refund) })
            {
                await store.GetOrCreateAccountAsync(new NewAccount { Number = number, Currency = Try, Kind = kind, DebitAllowed = kind != AccountKind.Sale, CreatedAt = Now }, default);
            }
        }

        var refused = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var expected = await Outcome(() => steps[i](memory));
            var actual = await Outcome(() => steps[i](pg));
            refused += expected.StartsWith("refused", StringComparison.Ordinal) ? 1 : 0;
            actual.Should().Be(expected, $"step {i} must end on PostgreSQL ({buckets} buckets) as in memory");
            foreach (var number in new[] { "Sale", "Bank", "Refund" })
            {
                Snapshot((await pg.FindAccountAsync(number, Try, default))!).Should().Be(Snapshot((await memory.FindAccountAsync(number, Try, default))!), $"{number} after step {i}");
            }
        }

        refused.Should().Be(7, "the sequence reaches the range's edge on every path: funding, payment, transfer, adjustment");
        (await pg.ListAccountsAsync(new AccountQuery(), default)).TotalCount.Should().Be((await memory.ListAccountsAsync(new AccountQuery(), default)).TotalCount);
        await Invariants.AssertHoldAsync(pg.Schema);
    }

    /// <summary>Opens <paramref name="count"/> accounts of <paramref name="amount"/> ISK each on both stores, through the ledger.</summary>
    private static async Task OpenUntilBankIsFullAsync(decimal amount, int count, int buckets)
    {
        var time = new FakeTimeProvider(Now);
        await using var store = await PgStores.NewStoreAsync(o => o.SystemAccountBuckets = buckets);
        var pg = PgStores.LedgerOver(store, time);
        var memory = PgStores.LedgerOver(new InMemoryLedgerStore(), time);
        var request = new CreateAccountRequest { Currency = Isk, Balance = Money.Of(amount, Isk) };
        var refusedFrom = new List<int>();

        for (var i = 1; i <= count; i++)
        {
            var expected = await Outcome(async () => (await memory.CreateAccountAsync(request with { UserId = i })).Balance.ToString());
            var actual = await Outcome(async () => (await pg.CreateAccountAsync(request with { UserId = i })).Balance.ToString());
            actual.Should().Be(expected, $"opening {i} must end on PostgreSQL as in memory");
            if (expected.StartsWith("refused Overflow", StringComparison.Ordinal))
            {
                refusedFrom.Add(i);
            }
        }

        var full = (int)(long.MaxValue / (long)amount);
        refusedFrom.Should().Equal(Enumerable.Range(full + 1, count - full), "from the first opening that takes Bank past the range, every one is refused");
        var bank = await pg.GetSystemAccountAsync(AccountKind.Bank, Isk);
        bank.Balance.Should().Be((await memory.GetSystemAccountAsync(AccountKind.Bank, Isk)).Balance);
        (await pg.ListAccountsAsync(new AccountQuery { Currency = Isk, Limit = 10 })).TotalCount.Should().Be(full + 4, "the openings that held, with Sale, Bank, Refund and Hold");
        (await pg.ListAccountsAsync(new AccountQuery { Kind = AccountKind.Bank })).Items.Should().ContainSingle().Which.Balance.Should().Be(bank.Balance);

        // Bank is still usable within the range: a claw-back, then a small opening and a gift card.
        var first = (await pg.ListAccountsAsync(new AccountQuery { UserId = 1, Currency = Isk })).Items.Single();
        await pg.TransferAsync(new TransferRequest { SourceAccountId = first.Id, DestinationAccountId = bank.Id, Amount = Money.Of(2m, Isk) });
        var small = await pg.CreateAccountAsync(new CreateAccountRequest { Currency = Isk, UserId = 1, Balance = Money.Of(1m, Isk) });
        var card = await pg.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(1m, Isk) });
        (await pg.GetAccountAsync(card.Id)).Balance.Should().Be(Money.Of(1m, Isk));
        (await pg.GetAccountAsync(small.Id)).Balance.Should().Be(Money.Of(1m, Isk));
        (await pg.GetSystemAccountAsync(AccountKind.Bank, Isk)).Balance.Should().Be(bank.Balance);
        await Invariants.AssertHoldAsync(store.Schema);
    }

    private static async Task<string> Outcome(Func<Task<string>> write)
    {
        try
        {
            return await write();
        }
        catch (LoyaltyException e)
        {
            return "refused " + e.Code;
        }
    }

    private static string Describe(Transaction? transaction)
        => transaction is null ? "none" : $"{transaction.Kind} [{string.Join(", ", transaction.Transfers.Select(t => t.Amount.ToMinorUnits()))}]";

    private static string Snapshot(Account account) => $"{account.Number} balance={account.Balance.ToMinorUnits()} version={account.Version}";
}
