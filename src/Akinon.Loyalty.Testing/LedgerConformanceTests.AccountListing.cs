namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>
    /// The account listing's balance, number, id and time filters and every order agree with
    /// <see cref="AccountQuery.Matches"/> and <see cref="AccountQuery.Compare"/>, across currencies of 0, 2 and 3
    /// decimals and with the system accounts, whose balances and modification times the store sums over its rows.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Accounts_are_listed_by_balance_id_and_time_filters_in_every_order_as_the_query_says()
    {
        var (ledger, _) = NewLedger(o => o.Enabled = true);
        var jpy = Currency.FromCode("JPY");
        var kwd = Currency.FromCode("KWD");
        var alice = await OpenAsync(ledger, 1, 100m);
        await OpenAsync(ledger, 2, 100m, jpy);
        await OpenAsync(ledger, 3, 1.25m, kwd);
        await OpenAsync(ledger, 4, 7.5m);
        await ledger.UpdateAccountAsync(alice.Id, new UpdateAccountRequest { Balance = Money.Of(130m, Currency.EUR) });
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = (await ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR)).Id, Amount = Money.Of(1m, Currency.EUR) });

        var all = (await ledger.ListAccountsAsync(new AccountQuery { Limit = AccountQuery.MaxLimit })).Items;
        all.Should().Contain(a => a.Kind != AccountKind.Customer, "system accounts are listed too");
        var queries = new List<AccountQuery>();
        foreach (var account in all)
        {
            queries.Add(new AccountQuery { Balance = account.Balance.Amount });
            queries.Add(new AccountQuery { MinId = account.Id });
            queries.Add(new AccountQuery { MaxId = account.Id, MinId = all[0].Id + 1 });
            queries.Add(new AccountQuery { Numbers = [account.Number, "no such number"] });
            foreach (var at in new[] { account.CreatedAt, account.ModifiedAt })
            {
                foreach (var bound in new[] { at, at.AddTicks(1), at.AddTicks(-1) })
                {
                    queries.Add(new AccountQuery { CreatedFrom = bound });
                    queries.Add(new AccountQuery { CreatedBefore = bound });
                    queries.Add(new AccountQuery { ModifiedFrom = bound });
                    queries.Add(new AccountQuery { ModifiedBefore = bound, Currency = Currency.EUR });
                }
            }
        }

        queries.Add(new AccountQuery { Balance = 1.25m });
        queries.Add(new AccountQuery { Balance = 100m, Currency = jpy });
        queries.Add(new AccountQuery { Balance = -129.999m });
        foreach (var order in Enum.GetValues<AccountOrder>())
        {
            queries.Add(new AccountQuery { Order = order });
            queries.Add(new AccountQuery { Order = order, Skip = 2, Limit = 3 });
            queries.Add(new AccountQuery { Order = order, Currency = Currency.EUR, Limit = 2 });
        }

        foreach (var query in queries)
        {
            var expected = all.Where(query.Matches).ToList();
            expected.Sort(query.Compare);
            var page = await ledger.ListAccountsAsync(query);
            page.Items.Select(a => a.Id).Should().Equal(expected.Skip(query.Skip).Take(query.Limit).Select(a => a.Id), "for {0}", query);
            page.TotalCount.Should().Be(expected.Count, "for {0}", query);
        }
    }

    /// <summary>An undefined order or too many numbers is refused with <see cref="LoyaltyErrorCode.InvalidArgument"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_undefined_account_order_or_too_many_numbers_is_an_invalid_argument()
    {
        var (ledger, _) = NewLedger();
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, async () => await ledger.ListAccountsAsync(new AccountQuery { Order = (AccountOrder)99 }));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, async () => await ledger.ListAccountsAsync(new AccountQuery { Numbers = [.. Enumerable.Range(0, 101).Select(i => "n" + i)] }));
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, async () => await ledger.ListAccountsAsync(new AccountQuery { Numbers = [""] }));
    }
}
