using System.Text.Json;

namespace Akinon.Loyalty.AspNetCore.Tests.DataWarehouse;

/// <summary>The data warehouse's <c>/api/v1/remote/{channel}/data-warehouse/loyalty/accounts/</c>: filters, sorts, paging, bad input.</summary>
public sealed class DataWarehouseAccountsTests : ServerTest
{
    private const string Route = "data-warehouse/loyalty/accounts/";

    private async Task<JsonElement> ListAsync(string query = "", string channel = "1")
    {
        using var response = await Server.GetAsync(channel, Route + query);
        return await Expect.Json(response, HttpStatusCode.OK);
    }

    private static long[] Pks(JsonElement page) => page.GetProperty("results").EnumerateArray().Select(a => a.Long("pk")).ToArray();

    /// <summary>Three customer accounts a minute apart (the first modified later), one in JPY, and one in channel 2.</summary>
    private async Task<(long Alice, long Bob, long Yen)> SeedAsync()
    {
        Server.At("2023-10-24T10:57:04.761432Z");
        var alice = await OpenAsync(414185, "100.00", email: "john.doe@akinon.com", number: "e74496da-c3e7-4a91-b382-514f638d2141", debitAllowed: true);
        Server.At("2023-10-24T10:58:04.000000Z");
        var bob = await OpenAsync(414186, "7.50", email: "jane@akinon.com", number: "3792b3e0ac0840b188a096d0198bc8b7");
        Server.At("2023-10-24T10:59:04.000000Z");
        var yen = await OpenAsync(414186, "100", currency: "jpy");
        await OpenAsync(414185, "5.00", channel: "2");
        Server.At("2023-10-25T08:40:45.368986Z");
        using var patch = await Server.PatchAsync("1", $"loyalty_account/{alice}/", """{"balance": "130.00"}""");
        patch.StatusCode.Should().Be(HttpStatusCode.OK);
        return (alice, bob, yen);
    }

    [Fact]
    public async Task Accounts_are_listed_in_the_loyalty_account_shape_with_two_decimal_balances()
    {
        var (alice, _, yen) = await SeedAsync();

        var page = await ListAsync("?user=414185");
        page.Long("count").Should().Be(1, "channel 2's account is another ledger");
        var account = page.GetProperty("results")[0];
        Expect.AccountShape(account);
        account.Long("pk").Should().Be(alice);
        account.Str("balance").Should().Be("130.00");
        account.Str("created_date").Should().Be("2023-10-24T10:57:04.761432Z");
        account.Str("modified_date").Should().Be("2023-10-25T08:40:45.368986Z");
        account.Str("currency").Should().Be("eur");

        var yenAccount = (await ListAsync($"?id={yen}")).GetProperty("results")[0];
        yenAccount.Str("balance").Should().Be("100.00", "the data warehouse takes every balance with two decimals");
        yenAccount.Str("currency").Should().Be("jpy");
    }

    [Theory]
    [InlineData("user=414186", "bob,yen")]
    [InlineData("user_email=JOHN.DOE@akinon.com", "alice")]
    [InlineData("currency=JPY", "yen")]
    [InlineData("debit_allowed=true", "alice")]
    [InlineData("number=3792b3e0ac0840b188a096d0198bc8b7", "bob")]
    [InlineData("uuid=3792b3e0-ac08-40b1-88a0-96d0198bc8b7", "bob")]
    [InlineData("uuid=e74496dac3e74a91b382514f638d2141", "alice")]
    [InlineData("uuid=00000000-0000-0000-0000-000000000001", "")]
    [InlineData("balance=7.50", "bob")]
    [InlineData("balance=7.5", "bob")]
    [InlineData("balance=100", "yen")]
    [InlineData("balance=130.00&currency=eur", "alice")]
    [InlineData("balance=130.00&currency=jpy", "")]
    [InlineData("created_date=2023-10-24T10:57:04.761432Z", "alice")]
    [InlineData("created_date__gt=2023-10-24T10:57:04.761432Z&user=414186", "bob,yen")]
    [InlineData("created_date__gte=2023-10-24T10:58:04Z&created_date__lt=2023-10-24T10:59:04Z", "bob")]
    [InlineData("created_date__lte=2023-10-24T10:58:04Z&user=414186", "bob")]
    [InlineData("modified_date__gte=2023-10-25&user=414185", "alice")]
    [InlineData("modified_date__lt=2023-10-25&user=414185", "")]
    [InlineData("modified_date=2023-10-25T08:40:45.368986Z&user=414185", "alice")]
    public async Task Each_filter_selects_its_accounts(string query, string expected)
    {
        var (alice, bob, yen) = await SeedAsync();
        var names = new Dictionary<long, string> { [alice] = "alice", [bob] = "bob", [yen] = "yen" };

        var page = await ListAsync("?" + query);

        // System accounts (opened with the first balance of a currency) match some filters too; these look at the customers'.
        string.Join(',', Pks(page).Where(names.ContainsKey).Select(pk => names[pk])).Should().Be(expected);
        page.Long("count").Should().Be(page.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Id_lookups_bound_the_ids()
    {
        var (alice, bob, yen) = await SeedAsync();

        var all = Pks(await ListAsync("?limit=1000"));
        Pks(await ListAsync($"?id__gte={alice}&id__lte={yen}&user_email=")).Should().Equal(all.Where(pk => pk >= alice && pk <= yen));
        Pks(await ListAsync($"?id__gt={alice}&id__lt={yen}")).Should().Equal(all.Where(pk => pk > alice && pk < yen)).And.Contain(bob);
        Pks(await ListAsync($"?id={bob}")).Should().Equal(bob);
        Pks(await ListAsync($"?id__gt={long.MaxValue}")).Should().BeEmpty();
        Pks(await ListAsync($"?id__lt={long.MinValue}")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("sort=-id", "yen,bob,alice")]
    [InlineData("sort=id", "alice,bob,yen")]
    [InlineData("sort=balance", "bob,yen,alice")]
    [InlineData("sort=-balance", "alice,yen,bob")]
    [InlineData("sort=-created_date", "yen,bob,alice")]
    [InlineData("sort=modified_date", "bob,yen,alice")]
    [InlineData("sort=-modified_date", "alice,yen,bob")]
    public async Task Sort_orders_the_accounts(string query, string expected)
    {
        var (alice, bob, yen) = await SeedAsync();
        var names = new Dictionary<long, string> { [alice] = "alice", [bob] = "bob", [yen] = "yen" };

        var page = await ListAsync($"?{query}&id__gte={alice}");

        string.Join(',', Pks(page).Where(names.ContainsKey).Select(pk => names[pk])).Should().Be(expected);
    }

    [Fact]
    public async Task Pages_follow_the_sort_and_keep_the_filters_in_their_links()
    {
        var (alice, bob, yen) = await SeedAsync();

        var first = await ListAsync("?sort=-id&user=414186&limit=1");
        Pks(first).Should().Equal(yen);
        first.Long("count").Should().Be(2);
        first.Str("next").Should().Contain("sort=-id").And.Contain("user=414186").And.Contain("page=2");
        Pks(await ListAsync("?sort=-id&user=414186&limit=1&page=2")).Should().Equal(bob);
        Pks(await ListAsync($"?sort=-balance&user=414185&id={alice}")).Should().Equal(alice);
    }

    [Theory]
    [InlineData("balance=abc")]
    [InlineData("balance=1e3")]
    [InlineData("balance=1.")]
    [InlineData("balance=.5")]
    [InlineData("balance=1.2.3")]
    [InlineData("id=x")]
    [InlineData("id__gt=1.5")]
    [InlineData("id__lte=99999999999999999999")]
    [InlineData("created_date=yesterday")]
    [InlineData("created_date__gte=2023-13-01")]
    [InlineData("modified_date__lt=not-a-date")]
    [InlineData("sort=name")]
    [InlineData("sort=-")]
    [InlineData("sort=id&sort=balance")]
    [InlineData("uuid=not-a-uuid")]
    [InlineData("currency=xxx", "invalid_currency")]
    [InlineData("debit_allowed=maybe")]
    [InlineData("user=abc")]
    [InlineData("page=0")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    public async Task Bad_filters_are_invalid_argument_problems_that_change_nothing(string query, string code = "invalid_argument")
    {
        await SeedAsync();
        var before = await Server.SnapshotAsync();

        using var response = await Server.GetAsync("1", Route + "?" + query);

        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest, code);
        problem.Str("detail").Should().NotBeNullOrWhiteSpace();
        (await Server.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task The_route_needs_a_key_for_the_channel_and_an_unknown_channel_is_a_problem()
    {
        using var anonymous = Server.WithKey(null);
        using var unauthorized = await anonymous.GetAsync(LoyaltyServer.Path("1", Route));
        await Expect.Problem(unauthorized, HttpStatusCode.Unauthorized, "unauthorized");

        using var unknown = await Server.GetAsync("9", Route);
        await Expect.Problem(unknown, HttpStatusCode.NotFound, "channel_not_found");

        using var post = await Server.PostAsync("1", Route, "{}");
        await Expect.Problem(post, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }
}
