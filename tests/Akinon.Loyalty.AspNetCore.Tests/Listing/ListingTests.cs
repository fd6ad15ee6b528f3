using System.Text.Json;

namespace Akinon.Loyalty.AspNetCore.Tests.Listing;

public sealed class ListingTests : ServerTest
{
    [Fact]
    public async Task Accounts_are_listed_by_id_with_system_accounts_and_pages_link_to_each_other_keeping_filters()
    {
        for (var i = 0; i < 5; i++)
        {
            await OpenAsync(7, $"{i}.00");
        }

        using var all = await Server.GetAsync("1", "loyalty_account/");
        var everything = await Expect.Json(all, HttpStatusCode.OK);
        everything.Long("count").Should().Be(9, "the Sale, Bank, Refund and Hold accounts of EUR are listed too");
        everything.GetProperty("results").EnumerateArray().Select(a => a.Long("pk")).Should().BeInAscendingOrder();
        everything.GetProperty("results").EnumerateArray().Select(a => a.Str("number"))
            .Should().Contain(["71c07edb-d531-49f1-aec6-b26a971104e4", "Bank", "ae73f88d-0fea-42d6-a695-36217b9b091b"]);

        using var first = await Server.GetAsync("1", "loyalty_account/?user=7&currency=EUR&limit=2");
        var page1 = await Expect.Json(first, HttpStatusCode.OK);
        page1.Long("count").Should().Be(5);
        page1.GetProperty("results").GetArrayLength().Should().Be(2);
        page1.GetProperty("previous").ValueKind.Should().Be(JsonValueKind.Null);
        var next = page1.Str("next");
        next.Should().Be("/api/v1/remote/1/loyalty_account/?user=7&currency=EUR&limit=2&page=2", "without a configured public address, links are relative");

        using var second = await Server.Client.GetAsync(next);
        var page2 = await Expect.Json(second, HttpStatusCode.OK);
        page2.GetProperty("results").EnumerateArray().Select(a => a.Str("balance")).Should().Equal("2.00", "3.00");
        page2.Str("previous").Should().Be("/api/v1/remote/1/loyalty_account/?user=7&currency=EUR&limit=2&page=1");

        using var third = await Server.Client.GetAsync(page2.Str("next"));
        var page3 = await Expect.Json(third, HttpStatusCode.OK);
        page3.GetProperty("results").EnumerateArray().Select(a => a.Str("balance")).Should().Equal("4.00");
        page3.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);

        using var beyond = await Server.GetAsync("1", "loyalty_account/?user=7&limit=2&page=9");
        var empty = await Expect.Json(beyond, HttpStatusCode.OK);
        empty.Long("count").Should().Be(5);
        empty.GetProperty("results").GetArrayLength().Should().Be(0);
        empty.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Accounts_filter_by_email_number_currency_and_debit_rule()
    {
        await OpenAsync(1, "1", email: "Ana@Example.com", number: "A-1");
        await OpenAsync(2, "1", currency: "try", debitAllowed: true, number: "B-1");

        async Task<string[]> Numbers(string query)
        {
            using var response = await Server.GetAsync("1", $"loyalty_account/?{query}");
            var page = await Expect.Json(response, HttpStatusCode.OK);
            return page.GetProperty("results").EnumerateArray().Select(a => a.Str("number")).ToArray();
        }

        (await Numbers("user_email=ana@example.com")).Should().Equal("A-1");
        (await Numbers("number=B-1")).Should().Equal("B-1");
        (await Numbers("currency=try&user=2")).Should().Equal("B-1");
        (await Numbers("debit_allowed=true&user=2")).Should().Equal("B-1");
        (await Numbers("debit_allowed=false&user=2")).Should().BeEmpty();
        (await Numbers("user=&number=A-1")).Should().Equal("A-1");
    }

    [Fact]
    public async Task Transfers_are_listed_newest_first_with_signed_amounts_and_filter_by_account_user_order_and_currency()
    {
        var alice = await OpenAsync(1, "40.00");
        var lira = await OpenAsync(1, "5.00", currency: "try");
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var payment = await PayAsync("O-1", 1, "25.00");

        using var response = await Server.GetAsync("1", $"loyalty_transfer/?account={alice}");
        var page = await Expect.Json(response, HttpStatusCode.OK);
        page.Long("count").Should().Be(2);
        var items = page.GetProperty("results").EnumerateArray().ToArray();
        items[0].Str("amount").Should().Be("-25.00");
        items[0].GetProperty("transaction").Str("order").Should().Be("O-1");
        items[0].GetProperty("transaction").Str("uuid").Should().Be(payment.Str("uuid"));
        items[1].Str("amount").Should().Be("40.00");
        items[1].GetProperty("transaction").GetProperty("order").ValueKind.Should().Be(JsonValueKind.Null);
        items[0].Str("created_date").Should().Be("2023-10-23T00:00:01.000000Z");

        using var byOrder = await Server.GetAsync("1", "loyalty_transfer/?order=O-1");
        var orderPage = await Expect.Json(byOrder, HttpStatusCode.OK);
        orderPage.GetProperty("results").EnumerateArray().Select(t => t.Str("amount")).Should().BeEquivalentTo(["-25.00", "25.00"]);

        using var byCurrency = await Server.GetAsync("1", "loyalty_transfer/?currency=TRY&user=1");
        var liraPage = await Expect.Json(byCurrency, HttpStatusCode.OK);
        liraPage.GetProperty("results").EnumerateArray().Should().ContainSingle().Which.Long("account").Should().Be(lira);
        liraPage.GetProperty("results")[0].Str("currency").Should().Be("try");
    }
}
