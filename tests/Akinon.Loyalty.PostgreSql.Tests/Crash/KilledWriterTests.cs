using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Crash;

/// <summary>A writer process killed with SIGKILL in the middle of posting leaves only whole transactions behind.</summary>
public sealed class KilledWriterTests
{
    private const int CommitsBeforeKill = 300;
    private static readonly Currency Try = Currency.TRY;

    [Fact]
    public async Task Every_committed_transaction_is_whole_after_the_writer_is_killed()
    {
        await using var store = await PgStores.NewStoreAsync();
        var ledger = PgStores.LedgerOver(store);
        var accounts = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            accounts.Add((await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = i + 1, Balance = Money.Of(1000m, Try) })).Id);
        }

        var committed = new List<Guid>();
        using var process = CrashWorker.Start(await PostgresServer.ConnectionStringAsync(), store.Schema, string.Join(',', accounts), Try.Code);
        var errors = process.StandardError.ReadToEndAsync();
        using (var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (committed.Count < CommitsBeforeKill && await process.StandardOutput.ReadLineAsync(patience.Token) is { } line)
            {
                committed.Add(Guid.Parse(line));
            }
        }

        committed.Should().HaveCount(CommitsBeforeKill, $"the worker should keep posting until killed; it wrote: {(process.HasExited ? await errors : "")}");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        foreach (var uuid in committed)
        {
            var transaction = await store.GetTransactionAsync(uuid, default);
            transaction.Should().NotBeNull("a transaction reported as committed is durable");
            transaction!.Transfers.Should().HaveCount(2);
            transaction.Transfers.Sum(t => t.Amount.ToMinorUnits()).Should().Be(0);
        }

        await Invariants.AssertHoldAsync(store.Schema);

        // Whatever the killed connections held is released: the same accounts take new writes.
        var after = await ledger.TransferAsync(new TransferRequest { SourceAccountId = (await ledger.GetSystemAccountAsync(AccountKind.Bank, Try)).Id, DestinationAccountId = accounts[0], Amount = Money.Of(1m, Try) });
        after.Transfers.Should().HaveCount(2);
        await Invariants.AssertHoldAsync(store.Schema);
    }
}
