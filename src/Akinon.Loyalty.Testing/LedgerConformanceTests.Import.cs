using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>More rows than one chunk of the import holds, so a failure can fall between two chunks.</summary>
    private const int RowsOverSeveralChunks = 10_000;

    private static readonly DateTimeOffset ImportedCreatedAt = new(2021, 5, 4, 10, 57, 4, 761, TimeSpan.Zero);

    /// <summary>Imported accounts open with their balances adjusted in from Bank: Bank holds minus their sum, per currency, and every invariant holds.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_import_writes_each_account_with_its_opening_against_Bank()
    {
        var (ledger, _) = NewLedger();
        var tryCurrency = Currency.FromCode("TRY");
        AccountImportRow[] rows =
        [
            Row("imp-1", 1, 100.25m),
            Row("imp-2", 1, 0m),
            Row("imp-3", 2, -7.5m) with { DebitAllowed = true },
            Row("imp-4", 3, 40m, tryCurrency),
        ];

        var result = await ledger.ImportAccountsAsync(rows);

        result.Imported.Should().Be(4);
        result.Skipped.Should().Be(0);
        result.Refused.Should().BeEmpty();
        var first = await ledger.FindAccountAsync("imp-1", Currency.EUR);
        first.Should().NotBeNull();
        first!.Balance.Should().Be(Money.Of(100.25m, Currency.EUR));
        first.UserId.Should().Be(1);
        first.UserEmail.Should().Be("imp-1@example.com");
        first.CreatedAt.Should().Be(ImportedCreatedAt);
        first.Kind.Should().Be(AccountKind.Customer);
        (await ledger.FindAccountAsync("imp-2", Currency.EUR))!.Balance.Should().Be(Money.Of(0m, Currency.EUR));
        (await ledger.FindAccountAsync("imp-3", Currency.EUR))!.Balance.Should().Be(Money.Of(-7.5m, Currency.EUR));
        (await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR)).Balance.Should().Be(Money.Of(-92.75m, Currency.EUR));
        (await ledger.GetSystemAccountAsync(AccountKind.Bank, tryCurrency)).Balance.Should().Be(Money.Of(-40m, tryCurrency));

        var snapshot = await ShouldBalanceAsync(ledger);
        var openings = snapshot.Transfers.Where(t => t.AccountId == first.Id).ToList();
        openings.Should().ContainSingle().Which.TransactionKind.Should().Be(TransactionKind.Adjustment, "an opening is an adjustment against Bank");
        snapshot.Transfers.Should().NotContain(t => t.AccountId == snapshot.Accounts.Single(a => a.Number == "imp-2").Id, "a zero balance posts nothing");
    }

    /// <summary>Bad rows are refused with their line and the ledger's code, write nothing, and do not stop the good ones.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_import_refuses_bad_rows_with_their_line_and_code_and_writes_the_rest()
    {
        var (ledger, _) = NewLedger();
        AccountImportRow[] rows =
        [
            Row("good-1", 1, 10m),
            Row("bad number", 1, 10m),
            Row("bank", 1, 10m),
            Row("no-user", 0, 10m),
            Row("wrong-currency", 1, 10m) with { Balance = Money.Of(10m, Currency.FromCode("TRY")) },
            Row("negative", 1, -1m),
            Row("future", 1, 1m) with { CreatedAt = DateTimeOffset.MaxValue },
            Row("good-1", 2, 10m),
            Row("good-2", 2, 5m) with { Line = 42 },
            Row("good-1", 1, 10m),
        ];

        var result = await ledger.ImportAccountsAsync(rows);

        result.Imported.Should().Be(2);
        result.Skipped.Should().Be(1, "the last row repeats the first one exactly");
        result.Refused.Select(r => (r.Line, r.Number, r.Code)).Should().Equal(
            (2L, "bad number", LoyaltyErrorCode.InvalidArgument),
            (3L, "bank", LoyaltyErrorCode.DuplicateAccountNumber),
            (4L, "no-user", LoyaltyErrorCode.InvalidArgument),
            (5L, "wrong-currency", LoyaltyErrorCode.CurrencyMismatch),
            (6L, "negative", LoyaltyErrorCode.InsufficientFunds),
            (7L, "future", LoyaltyErrorCode.InvalidArgument),
            (8L, "good-1", LoyaltyErrorCode.DuplicateAccountNumber));
        result.Refused.Should().OnlyContain(r => !string.IsNullOrWhiteSpace(r.Message));
        var snapshot = await ShouldBalanceAsync(ledger);
        snapshot.Accounts.Where(a => a.Kind == AccountKind.Customer).Select(a => a.Number).Should().BeEquivalentTo("good-1", "good-2");
        (await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR)).Balance.Should().Be(Money.Of(-15m, Currency.EUR));
    }

    /// <summary>An import of nothing but bad rows changes nothing, not even the system accounts of a new currency.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_import_of_only_bad_rows_changes_nothing()
    {
        var (ledger, _) = NewLedger();
        await OpenAsync(ledger, 1, 5m);
        var before = await LedgerSnapshot.TakeAsync(ledger);
        var nok = Currency.FromCode("NOK");

        var result = await ledger.ImportAccountsAsync([Row("x y", 1, 1m, nok), Row("neg", 1, -1m, nok), Row("ok-but-bank", 1, 1m, nok) with { Number = "Bank" }]);

        result.Imported.Should().Be(0);
        result.Refused.Should().HaveCount(3);
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue("a refused row writes nothing");
    }

    /// <summary>Running an import again skips every row it wrote and changes nothing; a row that now differs is reported.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Running_an_import_again_skips_what_it_wrote_and_reports_rows_that_differ()
    {
        var (ledger, _) = NewLedger();
        var rows = Enumerable.Range(1, 50).Select(i => Row($"again-{i}", i, i)).ToArray();
        (await ledger.ImportAccountsAsync(rows)).Imported.Should().Be(50);
        var before = await LedgerSnapshot.TakeAsync(ledger);

        var again = await ledger.ImportAccountsAsync(rows);

        again.Imported.Should().Be(0);
        again.Skipped.Should().Be(50);
        again.Refused.Should().BeEmpty();
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue("a skipped row writes nothing");

        rows[9] = rows[9] with { Balance = Money.Of(999m, Currency.EUR) };
        rows[19] = rows[19] with { UserEmail = "other@example.com" };
        var changed = await ledger.ImportAccountsAsync(rows);

        changed.Skipped.Should().Be(48);
        changed.Refused.Select(r => (r.Line, r.Code)).Should().Equal((10L, LoyaltyErrorCode.DuplicateAccountNumber), (20L, LoyaltyErrorCode.DuplicateAccountNumber));
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue();
    }

    /// <summary>An import cancelled part way keeps the chunks it wrote whole; running it again finishes it without duplicates.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_import_cancelled_part_way_resumes_without_duplicates()
    {
        var (ledger, _) = NewLedger();
        var rows = ManyRows();
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.ImportAccountsAsync(CancelAfter(rows, 9_000, cancellation), cancellation.Token).AsTask());
        var partial = await ShouldBalanceAsync(ledger);
        var writtenBefore = partial.Accounts.Count(a => a.Kind == AccountKind.Customer);
        writtenBefore.Should().BeInRange(1, 9_000, "the chunks before the cancellation are written, whole");

        var resumed = await ledger.ImportAccountsAsync(rows);

        resumed.Imported.Should().Be(rows.Length - writtenBefore);
        resumed.Skipped.Should().Be(writtenBefore);
        await ShouldHoldEveryRowOnceAsync(ledger, rows);
    }

    /// <summary>An import whose store fails part way (the database gone) keeps the chunks it wrote; running it again finishes it without duplicates.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_import_whose_store_fails_part_way_resumes_without_duplicates()
    {
        var inner = CreateStore();
        ILedgerStore store = inner is IAccountImportStore ? new FailingImportStore(inner, failOnChunk: 2) : new FailingWritesStore(inner, failOnWrite: 5_000);
        var ledger = new LoyaltyLedger(store, new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));
        var rows = ManyRows();

        var failure = await Assert.ThrowsAsync<LoyaltyException>(() => ledger.ImportAccountsAsync(rows).AsTask());
        failure.Code.Should().Be(LoyaltyErrorCode.StoreUnavailable);
        var partial = await ShouldBalanceAsync(ledger);
        var writtenBefore = partial.Accounts.Count(a => a.Kind == AccountKind.Customer);
        writtenBefore.Should().BeInRange(1, rows.Length - 1, "the import stopped part way, with what it wrote whole");

        var resumed = await ledger.ImportAccountsAsync(rows);

        resumed.Skipped.Should().Be(writtenBefore);
        resumed.Imported.Should().Be(rows.Length - writtenBefore);
        await ShouldHoldEveryRowOnceAsync(ledger, rows);
    }

    /// <summary>Two runs of one import at once write every account once: what one wrote, the other skips.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Two_runs_of_one_import_at_once_write_each_account_once()
    {
        var (ledger, _) = NewLedger();
        var rows = Enumerable.Range(1, 3_000).Select(i => Row($"race-{i}", 1 + (i % 97), i % 13)).ToArray();

        var results = await Task.WhenAll(Task.Run(() => ledger.ImportAccountsAsync(rows).AsTask()), Task.Run(() => ledger.ImportAccountsAsync(rows).AsTask()));

        results.Sum(r => r.Imported).Should().Be(rows.Length);
        results.Sum(r => r.Skipped).Should().Be(rows.Length);
        results.Should().OnlyContain(r => r.Refused.Count == 0);
        await ShouldHoldEveryRowOnceAsync(ledger, rows);
    }

    /// <summary>A store without the import capability gets the same import, one account at a time.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_import_through_a_store_without_bulk_writes_gives_the_same_result()
    {
        var ledger = new LoyaltyLedger(new PlainStore(CreateStore()), new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));
        AccountImportRow[] rows = [Row("plain-1", 1, 3m), Row("plain 2", 1, 3m), Row("plain-3", 2, 0m), Row("plain-1", 1, 4m)];
        (await ledger.ImportAccountsAsync(rows.Take(1))).Imported.Should().Be(1);

        var result = await ledger.ImportAccountsAsync(rows);

        result.Imported.Should().Be(1);
        result.Skipped.Should().Be(1);
        result.Refused.Select(r => (r.Line, r.Code)).Should().Equal((2L, LoyaltyErrorCode.InvalidArgument), (4L, LoyaltyErrorCode.DuplicateAccountNumber));
        await ShouldBalanceAsync(ledger);
    }

    private static AccountImportRow Row(string number, long userId, decimal balance, Currency? currency = null)
    {
        var c = currency ?? Currency.EUR;
        return new AccountImportRow
        {
            Number = number,
            UserId = userId,
            UserEmail = $"{number}@example.com",
            Currency = c,
            Balance = Money.Of(balance, c),
            CreatedAt = ImportedCreatedAt,
        };
    }

    private static AccountImportRow[] ManyRows()
        => Enumerable.Range(1, RowsOverSeveralChunks).Select(i => Row($"many-{i}", 1 + (i % 1_000), (i % 50) * 1.25m)).ToArray();

    private static async IAsyncEnumerable<AccountImportRow> CancelAfter(AccountImportRow[] rows, int count, CancellationTokenSource cancellation)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            if (i == count)
            {
                await cancellation.CancelAsync();
            }

            yield return rows[i];
        }
    }

    private static async Task ShouldHoldEveryRowOnceAsync(ILoyaltyLedger ledger, AccountImportRow[] rows)
    {
        var snapshot = await ShouldBalanceAsync(ledger);
        var customers = snapshot.Accounts.Where(a => a.Kind == AccountKind.Customer).ToList();
        customers.Select(a => a.Number).Should().OnlyHaveUniqueItems().And.HaveCount(rows.Length);
        var byNumber = customers.ToDictionary(a => a.Number);
        rows.Should().OnlyContain(r => byNumber[r.Number].Balance == r.Balance && byNumber[r.Number].UserId == r.UserId);
        var openings = snapshot.Transfers.GroupBy(t => t.AccountId).ToDictionary(g => g.Key, g => g.Count());
        customers.Should().OnlyContain(a => openings.GetValueOrDefault(a.Id) == (a.Balance.IsZero ? 0 : 1), "each account has exactly one opening");
        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR);
        bank.Balance.ToMinorUnits().Should().Be(-rows.Sum(r => r.Balance.ToMinorUnits()));
    }

    /// <summary>Forwards to a store, bulk imports included, and fails its Nth import chunk as if the database had gone away.</summary>
    private sealed class FailingImportStore(ILedgerStore inner, int failOnChunk) : ForwardingStore(inner), IAccountImportStore
    {
        private int _chunks;

        public ValueTask<AccountImportResult> ImportAccountsAsync(IReadOnlyList<AccountImportDraft> drafts, CancellationToken cancellationToken)
            => ++_chunks == failOnChunk ? throw Unavailable() : ((IAccountImportStore)Inner).ImportAccountsAsync(drafts, cancellationToken);
    }

    /// <summary>Forwards to a store without bulk imports, and fails its Nth write as if the database had gone away.</summary>
    private sealed class FailingWritesStore(ILedgerStore inner, int failOnWrite) : ForwardingStore(inner)
    {
        private int _writes;

        protected override ValueTask BeforeWriteAsync() => ++_writes == failOnWrite ? throw Unavailable() : ValueTask.CompletedTask;
    }

    private static LoyaltyException Unavailable() => new(LoyaltyErrorCode.StoreUnavailable, "The store is unavailable (a test failure).");

    /// <summary>Forwards to a store but offers only <see cref="ILedgerStore"/>, so an import goes one account at a time.</summary>
    private sealed class PlainStore(ILedgerStore inner) : ForwardingStore(inner);
}
