using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>The store's contract, driven directly with drafts: refund claims, system accounts, migrations, registration.</summary>
public sealed class StoreContractTests
{
    private static readonly Currency Try = Currency.TRY;
    private static readonly DateTimeOffset Now = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static NewAccount Customer(string number, long? user = 1) => new() { Number = number, Currency = Try, Kind = AccountKind.Customer, UserId = user, DebitAllowed = false, CreatedAt = Now };

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
        var customer = (await store.CreateAccountAsync(Customer("c-1"), Draft(TransactionKind.Adjustment, new LegDraft(bank.Id, -10_000), new LegDraft(LegDraft.NewAccountId, 10_000)), default)).Account;
        return (store, sale, bank, customer);
    }

    [Fact]
    public async Task Refund_claims_are_checked_against_what_the_payment_paid_and_what_was_refunded_before()
    {
        var (store, sale, _, customer) = await ArrangeAsync();
        await using var _ = store;
        var payment = (await store.PostAsync(Draft(TransactionKind.OrderPayment, new LegDraft(customer.Id, -3_000) { NeverBelowZero = true }, new LegDraft(sale.Id, 3_000)) with { OrderNumber = "o-1" }, default)).Transaction;
        // Another order's payment, so Sale could give more than this payment paid: the claim, not the balance, must refuse it.
        await store.PostAsync(Draft(TransactionKind.OrderPayment, new LegDraft(customer.Id, -5_000) { NeverBelowZero = true }, new LegDraft(sale.Id, 5_000)) with { OrderNumber = "o-2" }, default);
        TransactionDraft Refund(long before, long amount, Guid? of = null)
            => Draft(TransactionKind.Refund, new LegDraft(sale.Id, -amount), new LegDraft(customer.Id, amount)) with { PaymentUuid = of ?? payment.Uuid, Refund = new RefundClaim(of ?? payment.Uuid, before, amount), OrderNumber = "o-1" };

        await store.PostAsync(Refund(0, 1_000), default);
        var stale = async () => await store.PostAsync(Refund(0, 500), default);
        var tooMuch = async () => await store.PostAsync(Refund(1_000, 2_001), default);
        var unknown = async () => await store.PostAsync(Refund(0, 1, Guid.NewGuid()), default);
        var notAPayment = async () => await store.PostAsync(Refund(0, 1, (await store.GetOrderTransactionsAsync("o-1", default))[1].Uuid), default);

        (await stale.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.ConcurrencyConflict);
        (await tooMuch.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.RefundExceedsPayment);
        (await unknown.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.PaymentNotFound);
        (await notAPayment.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.PaymentNotFound);
        await store.PostAsync(Refund(1_000, 2_000), default);
        (await store.GetPaymentRefundStateAsync(payment.Uuid, default)).Should().Be(new PaymentRefundState(3_000, 3_000));
        (await store.GetOrderTransactionsAsync("o-1", default)).Select(t => t.Kind).Should().Equal(TransactionKind.OrderPayment, TransactionKind.Refund, TransactionKind.Refund);
        (await store.GetAccountAsync(sale.Id, default))!.Balance.ToMinorUnits().Should().Be(5_000);
        await Invariants.AssertHoldAsync(store.Schema);
    }

    [Fact]
    public async Task Sale_never_goes_negative_and_keep_non_negative_holds_on_debit_allowed_accounts()
    {
        var (store, sale, bank, customer) = await ArrangeAsync();
        await using var _ = store;

        var overdrawSale = async () => await store.PostAsync(Draft(TransactionKind.Transfer, new LegDraft(sale.Id, -1), new LegDraft(customer.Id, 1)), default);
        var keepBank = async () => await store.PostAsync(Draft(TransactionKind.Transfer, new LegDraft(bank.Id, -1) { NeverBelowZero = true }, new LegDraft(customer.Id, 1)), default);

        (await overdrawSale.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.InsufficientFunds);
        (await keepBank.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.InsufficientFunds);
        var bankNow = (await store.GetAccountAsync(bank.Id, default))!;
        bankNow.Balance.ToMinorUnits().Should().Be(-10_000);
        bankNow.Version.Should().Be(2, "a bucketed account counts its changes like any other");
    }

    [Fact]
    public async Task Unbalanced_and_expected_version_drafts_are_refused()
    {
        var (store, _, bank, customer) = await ArrangeAsync();
        await using var _ = store;

        var unbalanced = async () => await store.PostAsync(Draft(TransactionKind.Transfer, new LegDraft(bank.Id, -2), new LegDraft(customer.Id, 1)), default);
        var single = async () => await store.PostAsync(Draft(TransactionKind.Transfer, new LegDraft(customer.Id, 0)), default);
        var zero = async () => await store.PostAsync(Draft(TransactionKind.Transfer, new LegDraft(bank.Id, 0), new LegDraft(customer.Id, 0)), default);
        var stale = async () => await store.PostAsync(Draft(TransactionKind.Transfer, new LegDraft(bank.Id, -1) { ExpectedVersion = 1 }, new LegDraft(customer.Id, 1)), default);
        var overflow = async () => await store.PostAsync(Draft(TransactionKind.Transfer, new LegDraft(bank.Id, -long.MaxValue), new LegDraft(customer.Id, long.MaxValue)), default);

        (await unbalanced.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.InvalidArgument);
        (await single.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.InvalidArgument);
        (await zero.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.InvalidArgument);
        (await stale.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.ConcurrencyConflict);
        (await overflow.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.Overflow);
        var withVersion = await store.PostAsync(Draft(TransactionKind.Transfer, new LegDraft(bank.Id, -1) { ExpectedVersion = 2 }, new LegDraft(customer.Id, 1) { ExpectedVersion = customer.Version }), default);
        withVersion.Replayed.Should().BeFalse();
        await Invariants.AssertHoldAsync(store.Schema);
    }

    [Fact]
    public async Task Get_or_create_returns_the_existing_account()
    {
        var (store, sale, _, _) = await ArrangeAsync();
        await using var _ = store;

        var again = await store.GetOrCreateAccountAsync(new NewAccount { Number = "Sale", Currency = Try, Kind = AccountKind.Sale, DebitAllowed = false, CreatedAt = Now.AddDays(1) }, default);

        again.Should().BeEquivalentTo(sale);
    }

    [Fact]
    public async Task Servers_migrating_at_once_apply_each_script_once()
    {
        var dataSource = await PostgresServer.DataSourceAsync();
        var schema = PgStores.NewSchema();
        var stores = Enumerable.Range(0, 6).Select(_ => new PostgreSqlLedgerStore(dataSource, new PostgreSqlLedgerOptions { Schema = schema })).ToArray();

        await Task.WhenAll(stores.Select(s => s.MigrateAsync()));
        await stores[0].MigrateAsync();

        var versions = await PgStores.QueryAsync($"SELECT version FROM \"{schema}\".schema_migrations ORDER BY version", r => r.GetInt32(0));
        versions.Should().Equal(Internal.Migrations.Scripts.Select(s => s.Version), "each script is applied exactly once");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Loyalty")]
    [InlineData("1abc")]
    [InlineData("a\"; DROP SCHEMA public; --")]
    [InlineData("pg_catalog")]
    public async Task An_invalid_schema_name_is_refused(string schema)
    {
        var dataSource = await PostgresServer.DataSourceAsync();

        var act = () => new PostgreSqlLedgerStore(dataSource, new PostgreSqlLedgerOptions { Schema = schema });

        act.Should().Throw<ArgumentException>().WithMessage("*Schema*");
    }

    [Fact]
    public async Task UsePostgreSql_replaces_the_in_memory_store_and_migrates_on_first_use()
    {
        var schema = PgStores.NewSchema();
        var services = new ServiceCollection();
        services.AddLoyalty().UsePostgreSql(await PostgresServer.ConnectionStringAsync(), o => o.Schema = schema);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ILedgerStore>();
        var ledger = provider.GetRequiredService<ILoyaltyLedger>();
        var account = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = 1, Balance = Money.Of(3m, Try) });

        store.Should().BeOfType<PostgreSqlLedgerStore>().Which.Schema.Should().Be(schema);
        provider.GetRequiredService<PostgreSqlLedgerStore>().Should().BeSameAs(store);
        (await store.GetAccountAsync(account.Id, default))!.Balance.Should().Be(Money.Of(3m, Try));
        await Invariants.AssertHoldAsync(schema);
    }
}
