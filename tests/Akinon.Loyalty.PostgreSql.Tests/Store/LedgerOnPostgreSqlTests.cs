using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>The ledger's everyday operations, on a fresh PostgreSQL schema per test.</summary>
public sealed class LedgerOnPostgreSqlTests : IAsyncLifetime
{
    private static readonly Currency Try = Currency.TRY;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private PostgreSqlLedgerStore _store = null!;
    private LoyaltyLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _store = await PgStores.NewStoreAsync();
        _ledger = PgStores.LedgerOver(_store, _time);
    }

    public async Task DisposeAsync()
    {
        await Invariants.AssertHoldAsync(_store.Schema);
        await _store.DisposeAsync();
    }

    private ValueTask<Account> Open(decimal balance, long? userId = 7, bool debitAllowed = false, string? number = null, string? email = null)
        => _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = userId, Balance = Money.Of(balance, Try), DebitAllowed = debitAllowed, Number = number, UserEmail = email });

    [Fact]
    public async Task An_opening_balance_comes_from_Bank()
    {
        var account = await Open(100m, email: "a@example.com");

        account.Balance.Should().Be(Money.Of(100m, Try));
        account.Version.Should().Be(2, "creating is version 1 and the funding leg moves it once");
        account.CreatedAt.Should().Be(_time.GetUtcNow());
        var bank = (await _store.GetAccountAsync((await _ledger.GetSystemAccountAsync(AccountKind.Bank, Try)).Id, default))!;
        bank.Balance.Should().Be(Money.Of(-100m, Try));
        (await _store.GetAccountAsync(account.Id, default)).Should().BeEquivalentTo(account);
        var transfers = await _ledger.ListTransfersAsync(new TransferQuery { AccountId = account.Id });
        transfers.Items.Should().ContainSingle().Which.Amount.Should().Be(Money.Of(100m, Try));
    }

    [Fact]
    public async Task A_transfer_moves_money_and_is_read_back_whole()
    {
        var a = await Open(50m);
        var b = await Open(0m);

        var transaction = await _ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(20.5m, Try) });

        (await _ledger.GetAccountAsync(a.Id)).Balance.Should().Be(Money.Of(29.5m, Try));
        (await _ledger.GetAccountAsync(b.Id)).Balance.Should().Be(Money.Of(20.5m, Try));
        (await _ledger.GetTransactionAsync(transaction.Uuid)).Should().BeEquivalentTo(transaction);
        transaction.Transfers.Select(t => t.AccountId).Should().Equal(a.Id, b.Id);
        transaction.Transfers[1].Id.Should().BeGreaterThan(transaction.Transfers[0].Id);
    }

    [Fact]
    public async Task Insufficient_funds_write_nothing()
    {
        var a = await Open(10m);
        var b = await Open(0m);

        var act = async () => await _ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(10.01m, Try) });

        (await act.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.InsufficientFunds);
        (await _ledger.GetAccountAsync(a.Id)).Should().BeEquivalentTo(a);
        (await _ledger.ListTransfersAsync(new TransferQuery { AccountId = b.Id })).TotalCount.Should().Be(0);
    }

    [Fact]
    public async Task A_debit_allowed_account_may_go_negative()
    {
        var a = await Open(0m, debitAllowed: true);
        var b = await Open(0m);

        await _ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(5m, Try) });

        (await _ledger.GetAccountAsync(a.Id)).Balance.Should().Be(Money.Of(-5m, Try));
    }

    [Fact]
    public async Task The_same_key_replays_and_a_different_request_under_it_conflicts()
    {
        var a = await Open(50m);
        var b = await Open(0m);
        var request = new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(10m, Try), IdempotencyKey = "k-1" };

        var first = await _ledger.TransferAsync(request);
        var again = await _ledger.TransferAsync(request);
        var act = async () => await _ledger.TransferAsync(request with { Amount = Money.Of(11m, Try) });

        again.Should().BeEquivalentTo(first);
        (await act.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        (await _ledger.GetAccountAsync(b.Id)).Balance.Should().Be(Money.Of(10m, Try));
        (await _store.FindTransactionByKeyAsync("key:k-1", default))!.Uuid.Should().Be(first.Uuid);
    }

    [Fact]
    public async Task Account_creation_keys_replay_and_conflict()
    {
        var request = new CreateAccountRequest { Currency = Try, UserId = 3, Balance = Money.Of(5m, Try), IdempotencyKey = "open-3" };

        var first = await _ledger.CreateAccountAsync(request);
        var again = await _ledger.CreateAccountAsync(request);
        var act = async () => await _ledger.CreateAccountAsync(request with { Balance = Money.Of(6m, Try) });

        again.Id.Should().Be(first.Id);
        again.Balance.Should().Be(Money.Of(5m, Try));
        (await act.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        (await _ledger.ListAccountsAsync(new AccountQuery { UserId = 3 })).TotalCount.Should().Be(1);
    }

    [Fact]
    public async Task A_number_is_unique_per_currency()
    {
        await Open(0m, number: "GC-1");
        var act = async () => await Open(1m, number: "GC-1");

        (await act.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.DuplicateAccountNumber);
        var eur = await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 7, Number = "GC-1" });
        eur.Currency.Should().Be(Currency.EUR);
    }

    [Fact]
    public async Task Unknown_accounts_and_other_currencies_are_refused()
    {
        var a = await Open(10m);
        var eur = await _ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 7 });

        var missing = async () => await _ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = 999_999, Amount = Money.Of(1m, Try) });
        var mismatch = async () => await _ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = eur.Id, Amount = Money.Of(1m, Try) });

        (await missing.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.AccountNotFound);
        (await mismatch.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.CurrencyMismatch);
    }

    [Fact]
    public async Task Accounts_list_by_filters_in_id_order_with_keyset_and_offset_paging()
    {
        var mine = new List<Account>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add(await Open(i, userId: 42, email: "Ada@Example.com"));
        }

        await Open(1m, userId: 43);

        var first = await _ledger.ListAccountsAsync(new AccountQuery { UserId = 42, Limit = 2 });
        var second = await _ledger.ListAccountsAsync(new AccountQuery { UserId = 42, Limit = 2, AfterId = first.NextCursor });
        var skipped = await _ledger.ListAccountsAsync(new AccountQuery { UserEmail = "ada@example.COM", Skip = 4, Limit = 2 });
        var customers = await _ledger.ListAccountsAsync(new AccountQuery { Kind = AccountKind.Customer, Currency = Try, DebitAllowed = false });

        first.Items.Select(a => a.Id).Should().Equal(mine[0].Id, mine[1].Id);
        first.TotalCount.Should().Be(5);
        second.Items.Select(a => a.Id).Should().Equal(mine[2].Id, mine[3].Id);
        skipped.Items.Select(a => a.Id).Should().Equal(mine[4].Id);
        skipped.NextCursor.Should().BeNull();
        customers.TotalCount.Should().Be(6);
        (await _store.GetUserAccountsAsync(42, Try, default)).Select(a => a.Id).Should().Equal(mine.Select(a => a.Id));
    }

    [Fact]
    public async Task Transfers_list_newest_first_by_account_user_and_transaction()
    {
        var a = await Open(100m, userId: 1);
        var b = await Open(0m, userId: 2);
        var posted = new List<Transaction>();
        for (var i = 1; i <= 3; i++)
        {
            posted.Add(await _ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(i, Try) }));
        }

        var page = await _ledger.ListTransfersAsync(new TransferQuery { UserId = 2, Limit = 2 });
        var next = await _ledger.ListTransfersAsync(new TransferQuery { UserId = 2, Limit = 2, BeforeId = page.NextCursor });
        var ofOne = await _ledger.ListTransfersAsync(new TransferQuery { TransactionUuid = posted[1].Uuid });

        page.TotalCount.Should().Be(3);
        page.Items.Select(t => t.Amount.Amount).Should().Equal(3m, 2m);
        next.Items.Select(t => t.Amount.Amount).Should().Equal(1m);
        next.NextCursor.Should().BeNull();
        ofOne.Items.Should().HaveCount(2).And.OnlyContain(t => t.TransactionUuid == posted[1].Uuid);
        (await _ledger.ListTransfersAsync(new TransferQuery { AccountId = a.Id, Currency = Try, Skip = 1 })).Items.Should().HaveCount(3, "the funding and three transfers, one skipped");
    }

    [Fact]
    public async Task Switching_debit_off_on_a_negative_balance_is_refused_and_a_version_conflict_is_reported()
    {
        var a = await Open(0m, debitAllowed: true);
        var b = await Open(0m);
        await _ledger.TransferAsync(new TransferRequest { SourceAccountId = a.Id, DestinationAccountId = b.Id, Amount = Money.Of(5m, Try) });

        var off = async () => await _ledger.UpdateAccountAsync(a.Id, new UpdateAccountRequest { DebitAllowed = false });
        var stale = async () => await _store.UpdateAccountAsync(new Storage.AccountChanges { AccountId = b.Id, ExpectedVersion = 1, UserEmail = "x@y.z", ModifiedAt = _time.GetUtcNow() }, null, default);

        (await off.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.OperationNotAllowed);
        (await stale.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.ConcurrencyConflict);
        var renamed = await _ledger.UpdateAccountAsync(b.Id, new UpdateAccountRequest { UserEmail = "new@example.com" });
        renamed.UserEmail.Should().Be("new@example.com");
        renamed.Version.Should().Be(3);
    }

    [Fact]
    public async Task An_owner_is_set_once()
    {
        // An unowned gift card: customer accounts always have their user.
        var card = await _ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5m, Try) });
        var changes = new Storage.AccountChanges { AccountId = card.Id, UserId = 9, ModifiedAt = _time.GetUtcNow() };

        var redeemed = await _store.UpdateAccountAsync(changes, null, default);
        var again = async () => await _store.UpdateAccountAsync(changes with { UserId = 10 }, null, default);

        redeemed.UserId.Should().Be(9);
        (await again.Should().ThrowAsync<LoyaltyException>()).Which.Code.Should().Be(LoyaltyErrorCode.GiftCardAlreadyRedeemed);
        (await _store.GetUserAccountsAsync(9, Try, default)).Should().ContainSingle();
    }

    [Fact]
    public async Task Schemas_are_separate_ledgers()
    {
        await Open(10m, number: "shared-number");
        await using var other = await PgStores.NewStoreAsync();

        (await other.FindAccountAsync("shared-number", Try, default)).Should().BeNull();
        (await other.ListAccountsAsync(new AccountQuery(), default)).TotalCount.Should().Be(0);
    }
}
