using System.Collections.Concurrent;
using System.Globalization;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Faults;

/// <summary>
/// Sixteen writers doing keyed payments (the order number is the key), keyed refunds of their own payments and keyed
/// transfers between the accounts of shared users, while something breaks the database under them. Each writer
/// retries its in-flight request with the same key until it has an answer (an outage is not one), and logs the
/// answer; <see cref="AssertExactlyOnceAsync"/> then compares the ledger with those logs.
/// </summary>
internal sealed class FaultWorkload
{
    public const int Writers = 16;
    private const int Users = 6;
    private const int MaxAttempts = 400;
    private static readonly Currency Try = Currency.TRY;

    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly Dictionary<long, long> _opening = [];
    private readonly List<(long UserId, long AccountId)> _accounts = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _milestones = [];
    private int _answered;
    private int _outages;
    private int _unknown;

    public FaultWorkload(int requestsPerWriter, int seed)
    {
        RequestsPerWriter = requestsPerWriter;
        Seed = seed;
    }

    public int RequestsPerWriter { get; }

    public int Seed { get; }

    public int Total => Writers * RequestsPerWriter;

    /// <summary>Requests answered so far (applied or refused).</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>How many attempts met an outage (StoreUnavailable or OutcomeUnknown).</summary>
    public int Outages => Volatile.Read(ref _outages);

    /// <summary>How many of those were OutcomeUnknown.</summary>
    public int Unknown => Volatile.Read(ref _unknown);

    /// <summary>Payments whose answer, after an outage, was a replay: sent, committed, answer lost, retried.</summary>
    public int ReplayedAfterOutage => _answers.Count(a => a.Replayed && a.Attempts > 1);

    /// <summary>Opens two funded accounts for each shared user (over a healthy connection).</summary>
    public async Task SetUpAsync(LoyaltyLedger ledger)
    {
        for (var user = 1; user <= Users; user++)
        {
            for (var n = 0; n < 2; n++)
            {
                var account = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = user, Balance = Money.Of(2000m, Try) });
                _accounts.Add((user, account.Id));
                _opening[account.Id] = account.Balance.ToMinorUnits();
            }
        }
    }

    /// <summary>
    /// Runs the writers to the end. <paramref name="afterOutage"/> is awaited before each retry (for example until a
    /// killed server is back); <paramref name="patience"/> bounds the whole run.
    /// </summary>
    /// <summary>Completes once at least <paramref name="count"/> requests have their answer (at once if they already have).</summary>
    public Task AnsweredAsync(int count)
    {
        var milestone = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_milestones)
        {
            _milestones.Add(milestone);
        }

        ReachMilestones(Answered);
        return milestone.Item2.Task;
    }

    private void ReachMilestones(int answered)
    {
        lock (_milestones)
        {
            _milestones.RemoveAll(m => m.Count <= answered && m.Reached.TrySetResult());
        }
    }

    public Task RunAsync(LoyaltyLedger ledger, Func<Task> afterOutage, CancellationToken patience)
        => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(ledger, w, afterOutage, patience), patience)));

    private async Task WriteAsync(LoyaltyLedger ledger, int writer, Func<Task> afterOutage, CancellationToken patience)
    {
        var random = new Random(Seed * 1000 + writer);
        var payments = new List<(Guid Uuid, long Paid, long Refunded)>();
        for (var i = 0; i < RequestsPerWriter; i++)
        {
            var roll = random.Next(100);
            var refundable = payments.FindIndex(p => p.Paid / 2 - p.Refunded >= 100);
            if (roll < 25 && refundable >= 0)
            {
                // Refunds stay within half of what was paid, so the refund room never decides a replay.
                var (uuid, paid, refunded) = payments[refundable];
                var minor = random.NextInt64(100, Math.Min(paid / 2 - refunded, 1000) + 1);
                var request = new RefundRequest { TransactionUuid = uuid, Amount = minor / 100m, IdempotencyKey = Key("r", writer, i) };
                var answer = await AnswerAsync(Kind.Refund, request.IdempotencyKey!, () => ledger.RefundAsync(request, patience), r => (r.Uuid, r.Transfers, false), afterOutage, patience);
                if (answer.Applied)
                {
                    payments[refundable] = (uuid, paid, refunded + minor);
                }
            }
            else if (roll < 65)
            {
                var (from, to) = TwoAccounts(random);
                var request = new TransferRequest { SourceAccountId = from, DestinationAccountId = to, Amount = Money.FromMinorUnits(random.NextInt64(100, 2000), Try), IdempotencyKey = Key("t", writer, i) };
                await AnswerAsync(Kind.Transfer, request.IdempotencyKey!, () => ledger.TransferAsync(request, patience), t => (t.Uuid, t.Transfers, false), afterOutage, patience);
            }
            else
            {
                var request = new OrderPaymentRequest { OrderNumber = Key("o", writer, i), UserId = 1 + random.Next(Users), Amount = Money.FromMinorUnits(random.NextInt64(500, 5000), Try) };
                var answer = await AnswerAsync(
                    Kind.Payment,
                    request.OrderNumber,
                    () => ledger.PayOrderAsync(request, patience),
                    p => p.Transaction is { } t ? (t.Uuid, t.Transfers, p.Replayed) : (Guid.Empty, [], p.Replayed),
                    afterOutage,
                    patience);
                if (answer.Applied && answer.Transfers.Count > 0)
                {
                    payments.Add((answer.Uuid, answer.Transfers.Where(t => t.Amount.ToMinorUnits() > 0).Sum(t => t.Amount.ToMinorUnits()), 0));
                }
            }
        }
    }

    private async Task<Answer> AnswerAsync<T>(Kind kind, string key, Func<ValueTask<T>> send, Func<T, (Guid Uuid, IReadOnlyList<Transfer> Transfers, bool Replayed)> read, Func<Task> afterOutage, CancellationToken patience)
    {
        for (var attempt = 1; ; attempt++)
        {
            patience.ThrowIfCancellationRequested();
            Answer answer;
            try
            {
                var (uuid, transfers, replayed) = read(await send());
                answer = new Answer(kind, key, attempt, uuid, transfers, replayed, null);
            }
            catch (LoyaltyException e) when (e.Code is LoyaltyErrorCode.StoreUnavailable or LoyaltyErrorCode.OutcomeUnknown)
            {
                Interlocked.Increment(ref _outages);
                if (e.Code == LoyaltyErrorCode.OutcomeUnknown)
                {
                    Interlocked.Increment(ref _unknown);
                }

                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException($"{kind} {key} had no answer after {attempt} attempts (seed {Seed}).", e);
                }

                await afterOutage();
                continue;
            }
            catch (LoyaltyException e)
            {
                // A refusal is an answer too (for example a transfer from an account another writer emptied).
                answer = new Answer(kind, key, attempt, Guid.Empty, [], false, e.Code);
            }

            _answers.Enqueue(answer);
            ReachMilestones(Interlocked.Increment(ref _answered));
            return answer;
        }
    }

    /// <summary>
    /// Every answered request took effect exactly once (one transaction per key, the one its answer named),
    /// refused ones not at all; every balance is its opening balance plus what the answers moved; the invariants hold.
    /// </summary>
    public async Task AssertExactlyOnceAsync(NpgsqlDataSource dataSource, string schema)
    {
        var answers = _answers.ToArray();
        answers.Should().HaveCount(Total, "every request got an answer");
        var s = $"\"{schema}\"";

        // Kinds: 0 transfer, 2 order payment, 3 refund. The ledger may scope a caller's key with a prefix.
        var written = await PgStores.QueryAsync(
            dataSource,
            $"SELECT x.kind, coalesce(x.order_number, ''), coalesce(x.idempotency_key, ''), x.uuid FROM {s}.transactions x WHERE x.kind IN (0, 2, 3)",
            r => (Key: r.GetInt16(0) == 2 ? r.GetString(1) : Unscoped(r.GetString(2)), Uuid: r.GetGuid(3)));
        var byKey = written.GroupBy(w => w.Key).ToDictionary(g => g.Key, g => g.Select(w => w.Uuid).ToList());

        var problems = new List<string>();
        foreach (var answer in answers)
        {
            var found = byKey.GetValueOrDefault(answer.Key) ?? [];
            var expected = answer.Applied && answer.Uuid != Guid.Empty ? 1 : 0;
            if (found.Count != expected || (expected == 1 && found[0] != answer.Uuid))
            {
                problems.Add($"{answer.Kind} {answer.Key} (answered after {answer.Attempts} attempts, {(answer.Refused is { } code ? "refused " + code : "applied " + answer.Uuid)}) has {found.Count} transactions: {string.Join(", ", found)}");
            }
        }

        var unknownKeys = byKey.Keys.Except(answers.Select(a => a.Key)).ToList();
        problems.AddRange(unknownKeys.Select(k => $"transaction(s) under key {k} that no writer logged"));

        var expectedBalances = new Dictionary<long, long>(_opening);
        foreach (var transfer in answers.Where(a => a.Applied).SelectMany(a => a.Transfers))
        {
            expectedBalances[transfer.AccountId] = expectedBalances.GetValueOrDefault(transfer.AccountId) + transfer.Amount.ToMinorUnits();
        }

        var balances = (await PgStores.QueryAsync(dataSource, $"SELECT id, balance FROM {s}.account_view WHERE kind IN (0, 10)", r => (Id: r.GetInt64(0), Balance: r.GetInt64(1))))
            .ToDictionary(b => b.Id, b => b.Balance);
        foreach (var (id, balance) in balances)
        {
            if (expectedBalances.GetValueOrDefault(id) != balance)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"account {id} holds {balance} but the writers' answers imply {expectedBalances.GetValueOrDefault(id)}"));
            }
        }

        problems.Should().BeEmpty($"every request takes effect exactly once (seed {Seed}, {Outages} outages met, {Unknown} of them outcome unknown)");
        await Invariants.AssertLedgerHoldsAsync(dataSource, schema);
    }

    private static string Unscoped(string key) => key[(key.LastIndexOf(':') + 1)..];

    private static string Key(string kind, int writer, int i) => string.Create(CultureInfo.InvariantCulture, $"{kind}-{writer}-{i}");

    private (long From, long To) TwoAccounts(Random random)
    {
        var from = _accounts[random.Next(_accounts.Count)];
        var others = _accounts.Where(a => a.UserId != from.UserId).ToList();
        return (from.AccountId, others[random.Next(others.Count)].AccountId);
    }

    private enum Kind
    {
        Payment,
        Refund,
        Transfer,
    }

    private sealed record Answer(Kind Kind, string Key, int Attempts, Guid Uuid, IReadOnlyList<Transfer> Transfers, bool Replayed, LoyaltyErrorCode? Refused)
    {
        public bool Applied => Refused is null;
    }
}
