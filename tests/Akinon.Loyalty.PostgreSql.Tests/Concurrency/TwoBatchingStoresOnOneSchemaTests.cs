using System.Collections.Concurrent;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Akinon.Loyalty.PostgreSql.Tests.Concurrency;

/// <summary>
/// Two stores batching on one schema, as two hosts of one shop do (issue 13): each its own pool and its own
/// <c>WriteBatcher</c>, so their batches run at once and each keeps every write's locks until it commits. The work
/// crosses on purpose: transfers A → B through one and B → A through the other, payments of the same users,
/// refunds of the same payments, captures of the same holds, and copies of one keyed request split across both.
/// No caller sees anything but its answer, each key has exactly one effect, the ledger's invariants hold, and the
/// server detected no deadlock. The test runs on its own server, so its log and its deadlock count hold only
/// what these writes caused.
/// </summary>
public sealed class TwoBatchingStoresOnOneSchemaTests(ITestOutputHelper output)
{
    private const string Schema = "loyalty";
    private const int Users = 6;
    private const int Rounds = 40;
    private static readonly Currency Try = Currency.TRY;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Crossing_writes_of_two_batching_stores_all_answer_once_without_a_deadlock(bool batchLoneWrites)
    {
        var bin = ThrowawayPostgres.FindBinaries(out var reason) ?? throw new InvalidOperationException(reason);
        await using var server = await ThrowawayPostgres.StartAsync(bin);
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString(maxPool: 40)) { CommandTimeout = 60 }.ConnectionString;
        await using var firstPool = NpgsqlDataSource.Create(connection);
        await using var secondPool = NpgsqlDataSource.Create(connection);
        PostgreSqlLedgerOptions Options() => new() { Schema = Schema, Batching = true, BatchLoneWrites = batchLoneWrites, SystemAccountBuckets = 4 };
        await using var first = new PostgreSqlLedgerStore(firstPool, Options());
        await using var second = new PostgreSqlLedgerStore(secondPool, Options());
        await first.MigrateAsync();
        await second.MigrateAsync();
        var one = PgStores.LedgerOver(first);
        var other = PgStores.LedgerOver(second);

        var accounts = new List<long>();
        for (var user = 1; user <= Users; user++)
        {
            for (var i = 0; i < 2; i++)
            {
                accounts.Add((await one.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = user, Balance = Money.Of(1_000m, Try) })).Id);
            }
        }

        var payments = new List<Guid>();
        for (var i = 0; i < Rounds; i++)
        {
            payments.Add((await one.PayOrderAsync(new OrderPaymentRequest { OrderNumber = $"early-{i}", UserId = 1 + (i % Users), Amount = Money.Of(5m, Try) })).Transaction!.Uuid);
            await other.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = $"hold-{i}", UserId = 1 + ((i + 3) % Users), Amount = Money.Of(4m, Try) });
        }

        var deadlocksBefore = await DeadlocksAsync(firstPool);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unexpected = new ConcurrentQueue<Exception>();
        var requests = new List<(string Group, Func<Task<string>> Send)>();
        void Add(string group, Func<Task<string>> send) => requests.Add((group, send));

        foreach (var i in Enumerable.Range(0, Rounds))
        {
            // Transfers that cross: x → y through one store while y → x goes through the other.
            var x = accounts[i % accounts.Count];
            var y = accounts[(i + 1 + (i / accounts.Count)) % accounts.Count];
            Add($"transfer-{i}-a", async () => (await one.TransferAsync(new TransferRequest { SourceAccountId = x, DestinationAccountId = y, Amount = Money.Of(1m, Try) })).Uuid.ToString());
            Add($"transfer-{i}-b", async () => (await other.TransferAsync(new TransferRequest { SourceAccountId = y, DestinationAccountId = x, Amount = Money.Of(1m, Try) })).Uuid.ToString());

            // Copies of one request, split over both stores: a keyed transfer, a payment (keyed by its order), a
            // keyed refund, a capture (keyed by its hold).
            var transfer = new TransferRequest { SourceAccountId = y, DestinationAccountId = x, Amount = Money.Of(2m, Try), IdempotencyKey = $"moved-{i}" };
            var payment = new OrderPaymentRequest { OrderNumber = $"late-{i}", UserId = 1 + ((i + 1) % Users), Amount = Money.Of(3m, Try) };
            var refund = new RefundRequest { TransactionUuid = payments[i], Amount = 1m, IdempotencyKey = $"refund-{i}" };
            var hold = $"hold-{i}";
            foreach (var ledger in new[] { one, other, one, other })
            {
                Add($"keyed-transfer-{i}", async () => (await ledger.TransferAsync(transfer)).Uuid.ToString());
                Add($"payment-{i}", async () => (await ledger.PayOrderAsync(payment)).Transaction!.Uuid.ToString());
                Add($"keyed-refund-{i}", async () => (await ledger.RefundAsync(refund)).Uuid.ToString());
            }

            Add($"capture-{i}", async () => (await one.CaptureOrderAsync(hold, 3m)).Transaction.Uuid.ToString());
            Add($"capture-{i}", async () => (await other.CaptureOrderAsync(hold, 3m)).Transaction.Uuid.ToString());

            // Refunds of the same payment through both stores, unkeyed: each is its own refund, and both fit.
            Add($"refund-{i}-a", async () => (await one.RefundAsync(new RefundRequest { TransactionUuid = payments[i], Amount = 1m })).Uuid.ToString());
            Add($"refund-{i}-b", async () => (await other.RefundAsync(new RefundRequest { TransactionUuid = payments[i], Amount = 1m })).Uuid.ToString());
        }

        // Mixed, so that each batch carries every kind of write.
        var shuffled = requests.OrderBy(_ => Random.Shared.Next()).ToList();
        var sent = shuffled.Select(r => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return (r.Group, Answer: await r.Send());
            }
            catch (Exception e)
            {
                unexpected.Enqueue(e);
                return (r.Group, Answer: "failed: " + e.Message);
            }
        })).ToList();
        start.SetResult();
        var answers = await Task.WhenAll(sent);

        // A backend reports its counts when it ends (otherwise only every so often): the pools are closed, and the
        // rest is read on a connection of its own once their backends are gone.
        await firstPool.DisposeAsync();
        await secondPool.DisposeAsync();
        await using var probe = NpgsqlDataSource.Create(connection);
        var deadlocks = await DeadlocksOnceAloneAsync(probe) - deadlocksBefore;
        var log = await File.ReadAllTextAsync(server.LogFile);
        // A deadlock inside a batched write's subtransaction is caught there (and the write retried), so it never
        // reaches the log; the server counts it all the same.
        output.WriteLine($"{requests.Count} requests; deadlocks (pg_stat_database): {deadlocks}");
        foreach (var line in log.Split('\n').Where(l => l.Contains("deadlock", StringComparison.OrdinalIgnoreCase) || l.Contains("Process ", StringComparison.Ordinal)).Take(400))
        {
            output.WriteLine(line);
        }

        unexpected.Should().BeEmpty("two batching stores on one schema answer every request (a collision is retried inside the store)");
        foreach (var group in answers.GroupBy(a => a.Group))
        {
            group.Select(a => a.Answer).Distinct().Should().ContainSingle($"every copy of {group.Key} answers with its one transaction");
        }

        var perOrder = await PgStores.QueryAsync(
            probe,
            $"SELECT order_number, count(*) FROM {Schema}.transactions WHERE kind = {(int)TransactionKind.OrderPayment} AND order_number LIKE 'late-%' GROUP BY 1",
            r => (Order: r.GetString(0), Count: r.GetInt64(1)));
        perOrder.Should().HaveCount(Rounds).And.OnlyContain(o => o.Count == 1, "each order is paid once, however many copies were sent");
        var perPayment = await PgStores.QueryAsync(
            probe,
            $"SELECT payment_uuid, count(*) FROM {Schema}.transactions WHERE kind = {(int)TransactionKind.Refund} GROUP BY 1",
            r => (Payment: r.GetGuid(0), Count: r.GetInt64(1)));
        perPayment.Should().HaveCount(Rounds).And.OnlyContain(p => p.Count == 3, "each payment got its keyed refund once and its two unkeyed ones");
        var captures = await PgStores.QueryAsync(
            probe,
            $"SELECT count(*) FROM {Schema}.transactions WHERE kind = {(int)TransactionKind.OrderPayment} AND order_number LIKE 'hold-%'",
            r => r.GetInt64(0));
        captures.Single().Should().Be(Rounds, "each hold is captured once");
        var transfers = await PgStores.QueryAsync(probe, $"SELECT count(*) FROM {Schema}.transactions WHERE kind = {(int)TransactionKind.Transfer}", r => r.GetInt64(0));
        transfers.Single().Should().Be(3 * Rounds, "two unkeyed transfers and one keyed transfer a round");
        await Invariants.AssertLedgerHoldsAsync(probe, Schema);

        deadlocks.Should().Be(0, "batches take their locks in one order, so two of them never wait on each other in a cycle");
        log.Should().NotContain("deadlock detected", "not even a batch's first or last statement, outside any write's subtransaction");
    }

    /// <summary>The server's deadlock count once no other client backend is left.</summary>
    private static async Task<long> DeadlocksOnceAloneAsync(NpgsqlDataSource probe)
    {
        while ((await PgStores.QueryAsync(probe, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()", r => r.GetInt64(0))).Single() > 0)
        {
            await Task.Yield();
        }

        return await DeadlocksAsync(probe);
    }

    private static async Task<long> DeadlocksAsync(NpgsqlDataSource dataSource)
        => (await PgStores.QueryAsync(dataSource, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", r => r.GetInt64(0))).Single();
}
