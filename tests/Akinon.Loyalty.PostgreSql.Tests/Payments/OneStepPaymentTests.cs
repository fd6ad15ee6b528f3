using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Akinon.Loyalty.PostgreSql.Tests.Payments;

/// <summary>Order payments through <see cref="IOrderPaymentStore"/>: allocated and posted by one <c>pay_order</c> call.</summary>
public sealed class OneStepPaymentTests : IAsyncLifetime
{
    private static readonly Currency Try = Currency.TRY;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private PostgreSqlLedgerStore _store = null!;
    private LoyaltyLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _store = await PgStores.NewStoreAsync(o => o.SystemAccountBuckets = 4);
        _ledger = PgStores.LedgerOver(_store, _time);
    }

    public async Task DisposeAsync()
    {
        await Invariants.AssertHoldAsync(_store.Schema);
        await _store.DisposeAsync();
    }

    private ValueTask<Account> Open(decimal balance, long userId = 7, string? number = null)
        => _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = userId, Balance = Money.Of(balance, Try), Number = number });

    private Task<List<long>> KeysAsync(string key)
        => PgStores.QueryAsync($"SELECT count(*) FROM \"{_store.Schema}\".idempotency_keys WHERE key = '{key}'", r => r.GetInt64(0));

    private async Task<OrderPaymentDraft> DraftAsync(string order, long target, StoreAllocationOrder allocation = StoreAllocationOrder.OldestFirst, string? fingerprint = null, long? sale = null) => new()
    {
        Uuid = Guid.NewGuid(),
        Currency = Try,
        CreatedAt = _time.GetUtcNow(),
        OrderNumber = order,
        UserId = 7,
        IdempotencyKey = "payment:" + order,
        RequestFingerprint = fingerprint ?? order + "|" + target,
        Target = target,
        SaleAccountId = sale ?? (await _ledger.GetSystemAccountAsync(AccountKind.Sale, Try)).Id,
        Order = allocation,
    };

    [Fact]
    public async Task A_payment_is_returned_whole_as_it_is_read_back()
    {
        var a = await Open(30m, number: "first");
        var b = await Open(50m, number: "second");

        _store.Should().BeAssignableTo<IOrderPaymentStore>("the ledger then pays in one step");

        var paid = await _ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "o-1", UserId = 7, Amount = Money.Of(45m, Try), OrderId = 11, UserEmail = "u@example.com" });

        paid.Replayed.Should().BeFalse();
        paid.Covered.Should().Be(Money.Of(45m, Try));
        paid.Allocations.Should().Equal(new Allocation(a.Id, "first", Money.Of(30m, Try)), new Allocation(b.Id, "second", Money.Of(15m, Try)));
        (await _ledger.GetTransactionAsync(paid.Transaction!.Uuid)).Should().BeEquivalentTo(paid.Transaction, o => o.WithStrictOrdering());
        (await _store.GetAccountAsync(a.Id, default))!.Version.Should().Be(a.Version + 1);
        (await _ledger.GetAccountAsync(b.Id)).Balance.Should().Be(Money.Of(35m, Try));
        var state = await _store.GetPaymentRefundStateAsync(paid.Transaction.Uuid, default);
        state.Should().Be(new PaymentRefundState(4500, 0));
    }

    [Fact]
    public async Task A_replay_returns_the_original_payment_and_its_allocations_numbers_included()
    {
        var a = await Open(20m, number: "gift-AAA");
        var b = await Open(100m, number: "gift-BBB");
        var request = new OrderPaymentRequest { OrderNumber = "o-2", UserId = 7, Amount = Money.Of(60m, Try) };
        var first = await _ledger.PayOrderAsync(request);
        _time.Advance(TimeSpan.FromMinutes(1));
        await Open(500m);

        var again = await _ledger.PayOrderAsync(request);

        again.Replayed.Should().BeTrue();
        again.Transaction.Should().BeEquivalentTo(first.Transaction, o => o.WithStrictOrdering());
        again.Allocations.Should().Equal(first.Allocations);
        again.Allocations.Should().Equal(new Allocation(a.Id, "gift-AAA", Money.Of(20m, Try)), new Allocation(b.Id, "gift-BBB", Money.Of(40m, Try)));

        // Straight at the store too: a new UUID and time, the same key and fingerprint.
        var draft = await DraftAsync("o-2", 6000, fingerprint: first.Transaction!.RequestFingerprint);
        var replayed = await _store.PayOrderAsync(draft, default);
        replayed.Replayed.Should().BeTrue();
        replayed.Transaction.Should().BeEquivalentTo(first.Transaction, o => o.WithStrictOrdering());
        replayed.Allocations.Should().Equal(first.Allocations);
        (await _ledger.GetAccountAsync(b.Id)).Balance.Should().Be(Money.Of(60m, Try), "a replay writes nothing");
    }

    [Fact]
    public async Task A_different_request_under_the_same_key_is_a_conflict_and_writes_nothing()
    {
        var a = await Open(80m);
        await _store.PayOrderAsync(await DraftAsync("o-3", 1000), default);

        var conflict = async () => await _store.PayOrderAsync(await DraftAsync("o-3", 2000), default);

        (await conflict.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        (await _ledger.GetAccountAsync(a.Id)).Balance.Should().Be(Money.Of(70m, Try));
    }

    [Fact]
    public async Task Nothing_available_records_no_key_so_the_same_request_pays_once_money_arrives()
    {
        await Open(0m);
        var request = new OrderPaymentRequest { OrderNumber = "o-4", UserId = 7, Amount = Money.Of(25m, Try) };

        var nothing = await _ledger.PayOrderAsync(request);

        nothing.Transaction.Should().BeNull();
        nothing.Covered.Should().Be(Money.Zero(Try));
        nothing.Allocations.Should().BeEmpty();
        (await KeysAsync("payment:o-4")).Single().Should().Be(0, "a payment that took nothing leaves no key behind");
        (await _store.FindTransactionByKeyAsync("payment:o-4", default)).Should().BeNull();
        (await PgStores.QueryAsync($"SELECT count(*) FROM \"{_store.Schema}\".transactions WHERE kind = 2", r => r.GetInt64(0))).Single().Should().Be(0);

        var funded = await Open(40m);
        var paid = await _ledger.PayOrderAsync(request);
        var replay = await _ledger.PayOrderAsync(request);

        paid.Replayed.Should().BeFalse();
        paid.Covered.Should().Be(Money.Of(25m, Try));
        replay.Replayed.Should().BeTrue();
        replay.Transaction!.Uuid.Should().Be(paid.Transaction!.Uuid);
        (await _ledger.GetAccountAsync(funded.Id)).Balance.Should().Be(Money.Of(15m, Try), "the order is paid once");
    }

    [Fact]
    public async Task Smallest_balance_first_draws_the_smallest_accounts_first()
    {
        var big = await Open(50m);
        var small = await Open(10m);
        var middle = await Open(30m);

        var outcome = await _store.PayOrderAsync(await DraftAsync("o-5", 6000, StoreAllocationOrder.SmallestBalanceFirst), default);

        outcome.Allocations.Select(x => (x.AccountId, x.Amount.ToMinorUnits())).Should().Equal((small.Id, 1000L), (middle.Id, 3000L), (big.Id, 2000L));
        outcome.Transaction!.Transfers.Select(t => t.AccountId).Should().Equal(small.Id, middle.Id, big.Id, outcome.Transaction.Transfers[^1].AccountId);
        outcome.Transaction.Transfers.Select(t => t.Id).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Accounts_of_other_users_currencies_and_system_kinds_are_not_drawn()
    {
        var mine = await Open(10m);
        await Open(99m, userId: 8);
        await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 7, Balance = Money.Of(99m, Currency.EUR) });
        await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 7, Balance = Money.Of(-5m, Try), DebitAllowed = true });

        var outcome = await _store.PayOrderAsync(await DraftAsync("o-6", 5000), default);

        outcome.Allocations.Should().ContainSingle().Which.Should().Be(new Allocation(mine.Id, mine.Number, Money.Of(10m, Try)));
        outcome.Transaction!.Amount.Should().Be(Money.Of(10m, Try));
    }

    [Fact]
    public async Task An_unknown_Sale_account_is_refused_as_post_draft_refuses_it_and_nothing_is_written()
    {
        var a = await Open(10m);

        var missing = async () => await _store.PayOrderAsync(await DraftAsync("o-7", 500, sale: 424242), default);
        var foreign = async () => await _store.PayOrderAsync(await DraftAsync("o-7", 500, sale: (await _ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Id), default);

        (await missing.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.AccountNotFound);
        (await foreign.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.CurrencyMismatch);
        (await KeysAsync("payment:o-7")).Single().Should().Be(0);
        (await _ledger.GetAccountAsync(a.Id)).Balance.Should().Be(Money.Of(10m, Try));

        var paid = await _store.PayOrderAsync(await DraftAsync("o-7", 500), default);
        paid.Transaction!.Amount.Should().Be(Money.Of(5m, Try));
    }

    [Fact]
    public async Task A_target_of_zero_is_refused_before_anything_is_sent()
    {
        await Open(10m);
        var zero = async () => await _store.PayOrderAsync(await DraftAsync("o-8", 0), default);

        await zero.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}
