namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>Akinon's API's three system accounts appear on first use, with its numbers and debit rules.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task System_accounts_are_created_on_first_use_with_the_seed_numbers()
    {
        var (ledger, _) = NewLedger();
        var sale = await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.TRY);
        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.TRY);
        var refund = await ledger.GetSystemAccountAsync(AccountKind.Refund, Currency.TRY);

        sale.Number.Should().Be("71c07edb-d531-49f1-aec6-b26a971104e4");
        bank.Number.Should().Be("Bank");
        refund.Number.Should().Be("ae73f88d-0fea-42d6-a695-36217b9b091b");
        sale.DebitAllowed.Should().BeFalse("the Sale account may not go negative");
        bank.DebitAllowed.Should().BeTrue();
        refund.DebitAllowed.Should().BeTrue();
        new[] { sale, bank, refund }.Should().OnlyContain(a => a.Balance == Money.Zero(Currency.TRY) && a.UserId == null);
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.TRY)).Id.Should().Be(sale.Id, "system accounts are created once");
        (await ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR)).Id.Should().NotBe(sale.Id, "each currency has its own");
    }

    /// <summary>System account numbers come from the options.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task System_account_numbers_are_configurable()
    {
        var (ledger, _) = NewLedger(o => o.BankAccountNumber = "central-bank");
        (await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR)).Number.Should().Be("central-bank");
    }

    /// <summary>The account example of Akinon's API: the opening balance is an adjustment from Bank.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Creating_the_seed_account_records_its_balance_as_an_adjustment_from_Bank()
    {
        var (ledger, _) = NewLedger();
        var account = await ledger.CreateAccountAsync(new CreateAccountRequest
        {
            Number = "e74496da-c3e7-4a91-b382-514f638d2141",
            UserEmail = "john.doe@akinon.com",
            Balance = Money.Of(100.00m, "eur"),
            DebitAllowed = true,
            UserId = 414185,
            Currency = Currency.FromCode("eur"),
        });

        account.Id.Should().BePositive();
        account.Number.Should().Be("e74496da-c3e7-4a91-b382-514f638d2141");
        account.UserEmail.Should().Be("john.doe@akinon.com");
        account.Balance.Should().Be(Money.Of(100m, Currency.EUR));
        account.DebitAllowed.Should().BeTrue();
        account.UserId.Should().Be(414185);
        account.Kind.Should().Be(AccountKind.Customer);
        account.ModifiedAt.Should().BeOnOrAfter(account.CreatedAt);

        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR);
        bank.Balance.Should().Be(Money.Of(-100m, Currency.EUR));
        var transfers = await ledger.ListTransfersAsync(new TransferQuery { AccountId = account.Id });
        transfers.Items.Should().ContainSingle().Which.TransactionKind.Should().Be(TransactionKind.Adjustment);
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Without a number the account gets a UUID.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_account_without_a_number_gets_a_uuid()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 1, 0);
        Guid.TryParse(account.Number, out _).Should().BeTrue();
        account.Balance.Should().Be(Money.Zero(Currency.EUR));
        (await ledger.ListTransfersAsync(new TransferQuery())).TotalCount.Should().Be(0, "a zero opening balance posts nothing");
    }

    /// <summary>Number and currency together are unique; the same number in another currency is another account.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_number_is_unique_per_currency()
    {
        var (ledger, _) = NewLedger();
        await ledger.CreateAccountAsync(new CreateAccountRequest { Number = "A-1", Currency = Currency.EUR, UserId = 1 });
        (await ledger.CreateAccountAsync(new CreateAccountRequest { Number = "A-1", Currency = Currency.TRY, UserId = 1 })).Currency.Should().Be(Currency.TRY);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.DuplicateAccountNumber, () => ledger.CreateAccountAsync(new CreateAccountRequest { Number = "A-1", Currency = Currency.EUR, UserId = 2, Balance = Money.Of(5, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.DuplicateAccountNumber, () => ledger.CreateAccountAsync(new CreateAccountRequest { Number = "Bank", Currency = Currency.EUR, UserId = 2 }).AsTask());
    }

    /// <summary>A keyed account creation replays instead of opening a second account.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Creating_an_account_twice_with_one_key_returns_the_first()
    {
        var (ledger, _) = NewLedger();
        var request = new CreateAccountRequest { Currency = Currency.EUR, UserId = 7, Balance = Money.Of(10, Currency.EUR), IdempotencyKey = "open-7" };
        var first = await ledger.CreateAccountAsync(request);
        var before = await LedgerSnapshot.TakeAsync(ledger);
        var again = await ledger.CreateAccountAsync(request);
        again.Id.Should().Be(first.Id);
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue();
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.CreateAccountAsync(request with { Balance = Money.Of(11, Currency.EUR) }).AsTask());
    }

    /// <summary>A transfer moves money and is listed newest first, with its transaction.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_transfer_moves_money_between_two_accounts()
    {
        var (ledger, _) = NewLedger();
        var source = await OpenAsync(ledger, 1, 50);
        var destination = await OpenAsync(ledger, 2, 0);

        var transaction = await ledger.TransferAsync(new TransferRequest { SourceAccountId = source.Id, DestinationAccountId = destination.Id, Amount = Money.Of(20, Currency.EUR) });

        transaction.Kind.Should().Be(TransactionKind.Transfer);
        transaction.Transfers.Select(t => (t.AccountId, t.Amount.Amount)).Should().Equal((source.Id, -20m), (destination.Id, 20m));
        transaction.Amount.Should().Be(Money.Of(20, Currency.EUR));
        (await BalanceAsync(ledger, source)).Should().Be(30m);
        (await BalanceAsync(ledger, destination)).Should().Be(20m);
        (await ledger.GetTransactionAsync(transaction.Uuid)).Should().BeEquivalentTo(transaction);
        var listed = await ledger.ListTransfersAsync(new TransferQuery { TransactionUuid = transaction.Uuid });
        listed.Items.Select(t => t.AccountId).Should().Equal(destination.Id, source.Id);
        (await ledger.ListTransfersAsync(new TransferQuery { UserId = 2 })).Items.Should().ContainSingle().Which.Amount.Should().Be(Money.Of(20, Currency.EUR));
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>An account that does not allow debit cannot go below zero; one that does can.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task The_debit_rule_decides_whether_a_balance_may_go_negative()
    {
        var (ledger, _) = NewLedger();
        var strict = await OpenAsync(ledger, 1, 10);
        var lenient = await OpenAsync(ledger, 2, 10, debitAllowed: true);
        var other = await OpenAsync(ledger, 3, 0);

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InsufficientFunds, () => ledger.TransferAsync(new TransferRequest { SourceAccountId = strict.Id, DestinationAccountId = other.Id, Amount = Money.Of(10.01m, Currency.EUR) }).AsTask());
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = strict.Id, DestinationAccountId = other.Id, Amount = Money.Of(10m, Currency.EUR) });
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = lenient.Id, DestinationAccountId = other.Id, Amount = Money.Of(25m, Currency.EUR) });

        (await BalanceAsync(ledger, strict)).Should().Be(0m);
        (await BalanceAsync(ledger, lenient)).Should().Be(-15m);
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>A keyed transfer posts once; the key with another request is a conflict.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_keyed_transfer_is_posted_once()
    {
        var (ledger, _) = NewLedger();
        var source = await OpenAsync(ledger, 1, 50);
        var destination = await OpenAsync(ledger, 2, 0);
        var request = new TransferRequest { SourceAccountId = source.Id, DestinationAccountId = destination.Id, Amount = Money.Of(5, Currency.EUR), IdempotencyKey = "t-1" };

        var first = await ledger.TransferAsync(request);
        var before = await LedgerSnapshot.TakeAsync(ledger);
        var replay = await ledger.TransferAsync(request);

        replay.Uuid.Should().Be(first.Uuid);
        (await LedgerSnapshot.TakeAsync(ledger)).SameAs(before).Should().BeTrue("a replay writes nothing");
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.IdempotencyConflict, () => ledger.TransferAsync(request with { Amount = Money.Of(6, Currency.EUR) }).AsTask());
    }

    /// <summary>PATCH of the balance is an adjustment against Bank; the other fields change in place.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Updating_the_balance_posts_an_adjustment_against_Bank()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 414185, 100);

        var updated = await ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { Balance = Money.Of(130m, Currency.EUR), UserEmail = "new@akinon.com" });

        updated.Balance.Should().Be(Money.Of(130m, Currency.EUR));
        updated.UserEmail.Should().Be("new@akinon.com");
        updated.Number.Should().Be(account.Number);
        updated.Version.Should().BeGreaterThan(account.Version);
        (await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR)).Balance.Should().Be(Money.Of(-130m, Currency.EUR));
        var lowered = await ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { Balance = Money.Of(0m, Currency.EUR), DebitAllowed = true });
        lowered.Balance.Amount.Should().Be(0m);
        lowered.DebitAllowed.Should().BeTrue();
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>The debit rule cannot be switched on a negative balance, and system accounts are not patched.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Updates_that_would_break_a_rule_are_refused()
    {
        var (ledger, _) = NewLedger();
        var account = await OpenAsync(ledger, 1, 0, debitAllowed: true);
        await ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { Balance = Money.Of(-5m, Currency.EUR) });

        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.OperationNotAllowed, () => ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { DebitAllowed = false }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InsufficientFunds, () => ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { DebitAllowed = false, Balance = Money.Of(-1m, Currency.EUR) }).AsTask());
        var bank = await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.OperationNotAllowed, () => ledger.UpdateAccountAsync(bank.Id, new UpdateAccountRequest { Balance = Money.Of(0m, Currency.EUR) }).AsTask());
        var fixedUp = await ledger.UpdateAccountAsync(account.Id, new UpdateAccountRequest { DebitAllowed = false, Balance = Money.Of(0m, Currency.EUR) });
        fixedUp.DebitAllowed.Should().BeFalse();
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>Listing filters and pages, by cursor and by offset, with a total count.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Accounts_are_listed_with_filters_and_pages()
    {
        var (ledger, _) = NewLedger();
        for (var i = 0; i < 5; i++)
        {
            await OpenAsync(ledger, 10, i, debitAllowed: i % 2 == 0);
        }

        await OpenAsync(ledger, 11, 1, Currency.TRY);

        var first = await ledger.ListAccountsAsync(new AccountQuery { UserId = 10, Limit = 2 });
        first.TotalCount.Should().Be(5);
        first.Items.Should().HaveCount(2);
        first.NextCursor.Should().Be(first.Items[^1].Id);
        var second = await ledger.ListAccountsAsync(new AccountQuery { UserId = 10, Limit = 2, AfterId = first.NextCursor });
        var lastOfFirst = first.Items[^1].Id;
        second.Items.Select(a => a.Id).Should().BeInAscendingOrder().And.OnlyContain(id => id > lastOfFirst);
        var third = await ledger.ListAccountsAsync(new AccountQuery { UserId = 10, Limit = 2, AfterId = second.NextCursor });
        third.Items.Should().HaveCount(1);
        third.NextCursor.Should().BeNull();
        (await ledger.ListAccountsAsync(new AccountQuery { UserId = 10, Limit = 2, Skip = 2 })).Items.Should().Equal(second.Items);

        (await ledger.ListAccountsAsync(new AccountQuery { UserId = 10, DebitAllowed = true })).TotalCount.Should().Be(3);
        (await ledger.ListAccountsAsync(new AccountQuery { Currency = Currency.TRY, Kind = AccountKind.Customer })).Items.Should().ContainSingle().Which.UserId.Should().Be(11);
        (await ledger.ListAccountsAsync(new AccountQuery { UserEmail = "USER11@example.com" })).TotalCount.Should().Be(1);
        (await ledger.ListAccountsAsync(new AccountQuery { Number = "Bank" })).Items.Should().HaveCount(2, "system accounts are listed, one Bank per currency");
    }

    /// <summary>Switching loyalty money off refuses spending, keeps reads and refunds working, and is read at call time.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Switching_loyalty_off_refuses_spending_but_not_reads_or_refunds()
    {
        var (ledger, options) = NewLedger();
        var account = await OpenAsync(ledger, 1, 50);
        var other = await OpenAsync(ledger, 2, 0);
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "O-1", UserId = 1, Amount = Money.Of(20, Currency.EUR) });

        options.Enabled = false;
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.LoyaltyDisabled, () => ledger.TransferAsync(new TransferRequest { SourceAccountId = account.Id, DestinationAccountId = other.Id, Amount = Money.Of(1, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.LoyaltyDisabled, () => ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "O-2", UserId = 1, Amount = Money.Of(5, Currency.EUR) }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.LoyaltyDisabled, () => ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR) }).AsTask());
        (await BalanceAsync(ledger, account)).Should().Be(30m);
        var refund = await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 20m });
        refund.Amount.Should().Be(Money.Of(20, Currency.EUR));
        (await BalanceAsync(ledger, account)).Should().Be(50m);

        options.Enabled = true;
        (await ledger.TransferAsync(new TransferRequest { SourceAccountId = account.Id, DestinationAccountId = other.Id, Amount = Money.Of(1, Currency.EUR) })).Should().NotBeNull();
        await ShouldBalanceAsync(ledger);
    }
}
