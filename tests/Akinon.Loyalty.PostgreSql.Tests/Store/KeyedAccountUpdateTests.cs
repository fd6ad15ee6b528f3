using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// The store's contract for keyed account updates (<see cref="AccountChanges.IdempotencyKey"/>, issue 9 item 10),
/// driven directly: the key is judged first, recorded even when nothing posts, and a replay writes nothing.
/// </summary>
public sealed class KeyedAccountUpdateTests
{
    private static readonly Currency Try = Currency.TRY;
    private static readonly DateTimeOffset Now = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static TransactionDraft Draft(TransactionKind kind, params LegDraft[] legs) => new()
    {
        Uuid = Guid.NewGuid(),
        Kind = kind,
        Currency = Try,
        CreatedAt = Now,
        Legs = legs,
    };

    private static async Task<(PostgreSqlLedgerStore Store, Account Sale, Account Bank, Account Customer)> ArrangeAsync()
    {
        var store = await PgStores.NewStoreAsync();
        var sale = await store.GetOrCreateAccountAsync(new NewAccount { Number = "Sale", Currency = Try, Kind = AccountKind.Sale, DebitAllowed = false, CreatedAt = Now }, default);
        var bank = await store.GetOrCreateAccountAsync(new NewAccount { Number = "Bank", Currency = Try, Kind = AccountKind.Bank, DebitAllowed = true, CreatedAt = Now }, default);
        var customer = (await store.CreateAccountAsync(
            new NewAccount { Number = "c-1", Currency = Try, Kind = AccountKind.Customer, UserId = 1, DebitAllowed = false, CreatedAt = Now },
            Draft(TransactionKind.Adjustment, new LegDraft(bank.Id, -10_000), new LegDraft(LegDraft.NewAccountId, 10_000)),
            default)).Account;
        return (store, sale, bank, customer);
    }

    /// <summary>The ledger's shape of "set the balance to <paramref name="target"/>": an adjustment of the difference, when there is one.</summary>
    private static TransactionDraft? SetBalance(Account account, Account bank, long target)
    {
        var delta = target - account.Balance.ToMinorUnits();
        return delta == 0 ? null : Draft(TransactionKind.Adjustment, new LegDraft(bank.Id, -delta), new LegDraft(account.Id, delta) { ExpectedVersion = account.Version });
    }

    private static AccountChanges Keyed(Account account, string key, string fingerprint, DateTimeOffset at) => new()
    {
        AccountId = account.Id,
        ExpectedVersion = account.Version,
        ModifiedAt = at,
        IdempotencyKey = key,
        RequestFingerprint = fingerprint,
    };

    private static async Task<long> TransactionCountAsync(PostgreSqlLedgerStore store)
        => (await PgStores.QueryAsync($"SELECT count(*) FROM \"{store.Schema}\".transactions", r => r.GetInt64(0))).Single();

    [Fact]
    public async Task A_keyed_update_that_posts_nothing_is_remembered_so_its_retry_after_a_payment_posts_nothing()
    {
        var (store, sale, bank, customer) = await ArrangeAsync();
        await using var _ = store;

        // Balance = 100.00 on an account already at 100.00: nothing to post, but the key is recorded.
        var first = await store.UpdateAccountAsync(Keyed(customer, "update:nk", "balance=10000", Now), SetBalance(customer, bank, 10_000), default);
        await store.PostAsync(Draft(TransactionKind.OrderPayment, new LegDraft(customer.Id, -3_000) { NeverBelowZero = true }, new LegDraft(sale.Id, 3_000)) with { OrderNumber = "o-1" }, default);
        var paid = (await store.GetAccountAsync(customer.Id, default))!;
        var transactions = await TransactionCountAsync(store);

        var retry = await store.UpdateAccountAsync(Keyed(paid, "update:nk", "balance=10000", Now.AddMinutes(1)), SetBalance(paid, bank, 10_000), default);

        first.Version.Should().Be(customer.Version + 1, "the first update applied");
        retry.Should().BeEquivalentTo(paid, "a replay writes nothing, not even the version or the modification time");
        (await TransactionCountAsync(store)).Should().Be(transactions, "the retry posted no adjustment of +30.00");
        await Invariants.AssertHoldAsync(store.Schema);
    }

    [Fact]
    public async Task A_keyed_update_with_an_adjustment_records_it_and_its_replay_returns_the_account_as_it_is_now()
    {
        var (store, _, bank, customer) = await ArrangeAsync();
        await using var _ = store;

        var first = await store.UpdateAccountAsync(Keyed(customer, "update:up", "balance=12500", Now), SetBalance(customer, bank, 12_500), default);
        var adjustment = await store.FindTransactionByKeyAsync("update:up", default);
        var replay = await store.UpdateAccountAsync(Keyed(first, "update:up", "balance=12500", Now.AddMinutes(1)), SetBalance(first, bank, 12_500), default);
        var stale = await store.UpdateAccountAsync(Keyed(customer, "update:up", "balance=12500", Now.AddMinutes(2)), SetBalance(customer, bank, 12_500), default);

        first.Balance.ToMinorUnits().Should().Be(12_500);
        adjustment.Should().NotBeNull("the key points at the adjustment it posted");
        adjustment!.Transfers.Select(t => t.Amount.ToMinorUnits()).Should().Equal(-2_500, 2_500);
        adjustment.IdempotencyKey.Should().BeNull("the adjustment of a keyed update has no key of its own");
        replay.Should().BeEquivalentTo(first);
        stale.Should().BeEquivalentTo(first, "the key is judged before the expected version");
        (await store.GetAccountAsync(bank.Id, default))!.Balance.ToMinorUnits().Should().Be(-12_500);
        await Invariants.AssertHoldAsync(store.Schema);
    }

    [Fact]
    public async Task A_metadata_only_keyed_update_replays_without_moving_the_version_and_its_key_refuses_a_different_update()
    {
        var (store, _, bank, customer) = await ArrangeAsync();
        await using var _ = store;
        var changes = Keyed(customer, "update:meta", "email=a@example.com", Now) with { UserEmail = "a@example.com" };

        var first = await store.UpdateAccountAsync(changes, null, default);
        var replay = await store.UpdateAccountAsync(changes with { ModifiedAt = Now.AddMinutes(1) }, null, default);
        var other = async () => await store.UpdateAccountAsync(Keyed(first, "update:meta", "balance=5000", Now.AddMinutes(2)), SetBalance(first, bank, 5_000), default);
        var otherFields = async () => await store.UpdateAccountAsync(changes with { RequestFingerprint = "email=a@example.com|debit=1", DebitAllowed = true, ExpectedVersion = first.Version }, null, default);

        first.UserEmail.Should().Be("a@example.com");
        replay.Should().BeEquivalentTo(first, "a replay does not bump the version or the modification time");
        (await other.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        (await otherFields.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        (await store.GetAccountAsync(customer.Id, default)).Should().BeEquivalentTo(first, "a refused update changes nothing");
        await Invariants.AssertHoldAsync(store.Schema);
    }

    [Fact]
    public async Task A_key_is_one_account_s_and_another_write_s_key_is_not_an_update_s()
    {
        // Fingerprints name their route (as the ledger writes them), so another write's key never replays as an update.
        var (store, sale, _, customer) = await ArrangeAsync();
        await using var _ = store;
        var second = (await store.CreateAccountAsync(
            new NewAccount { Number = "c-2", Currency = Try, Kind = AccountKind.Customer, UserId = 1, DebitAllowed = false, CreatedAt = Now, IdempotencyKey = "account:c-2", RequestFingerprint = "account|c-2" },
            null,
            default)).Account;
        await store.PostAsync(Draft(TransactionKind.OrderPayment, new LegDraft(customer.Id, -100) { NeverBelowZero = true }, new LegDraft(sale.Id, 100)) with { OrderNumber = "o-1", IdempotencyKey = "payment:o-1", RequestFingerprint = "payment|o-1" }, default);
        var paid = (await store.GetAccountAsync(customer.Id, default))!;
        await store.UpdateAccountAsync(Keyed(paid, "update:k", "email=x", Now) with { UserEmail = "x@example.com" }, null, default);

        var otherAccount = async () => await store.UpdateAccountAsync(Keyed(second, "update:k", "email=x", Now) with { UserEmail = "x@example.com" }, null, default);
        var creationKey = async () => await store.UpdateAccountAsync(Keyed(second, "account:c-2", "update|c-2", Now) with { UserEmail = "x@example.com" }, null, default);
        var paymentKey = async () => await store.UpdateAccountAsync(Keyed(second, "payment:o-1", "update|o-1", Now) with { UserEmail = "x@example.com" }, null, default);

        (await otherAccount.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        (await creationKey.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        (await paymentKey.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        (await store.GetAccountAsync(second.Id, default)).Should().BeEquivalentTo(second);
    }

    [Fact]
    public async Task A_refused_keyed_update_records_nothing_so_the_same_request_applies_once_it_can()
    {
        var (store, _, bank, customer) = await ArrangeAsync();
        await using var _ = store;

        var request = Keyed(customer, "update:low", "balance=-1", Now);
        var tooLow = async () => await store.UpdateAccountAsync(request, SetBalance(customer, bank, -1), default);
        (await tooLow.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.InsufficientFunds);
        var debit = await store.UpdateAccountAsync(new AccountChanges { AccountId = customer.Id, DebitAllowed = true, ModifiedAt = Now }, null, default);
        var withDebit = await store.UpdateAccountAsync(request with { ExpectedVersion = debit.Version }, SetBalance(debit, bank, -1), default);

        withDebit.Balance.ToMinorUnits().Should().Be(-1, "the refused attempt left its key unclaimed");
        await Invariants.AssertHoldAsync(store.Schema);
    }

    [Fact]
    public async Task Copies_of_one_keyed_update_sent_at_once_apply_it_once()
    {
        var (store, _, bank, customer) = await ArrangeAsync();
        await using var _ = store;

        var copies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            await store.UpdateAccountAsync(Keyed(customer, "update:race", "balance=20000", Now), SetBalance(customer, bank, 20_000), default))));

        copies.Should().OnlyContain(a => a.Balance.ToMinorUnits() == 20_000 && a.Version == customer.Version + 2, "one adjustment leg and one update, whichever copy won");
        (await store.GetAccountAsync(bank.Id, default))!.Balance.ToMinorUnits().Should().Be(-20_000);
        await Invariants.AssertHoldAsync(store.Schema);
    }
}
