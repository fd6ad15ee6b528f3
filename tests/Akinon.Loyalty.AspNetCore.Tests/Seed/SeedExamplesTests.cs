using System.Text.Json;

namespace Akinon.Loyalty.AspNetCore.Tests.Seed;

/// <summary>Every request and response example of Akinon's "Loyalty Accounts" page, through the real HTTP pipeline.</summary>
public sealed class SeedExamplesTests : ServerTest
{
    [Fact]
    public async Task Creating_a_loyalty_account_answers_as_the_seed_shows()
    {
        Server.At("2023-10-24T10:57:04.761432Z");
        using var response = await Server.PostAsync("1", "loyalty_account/", """
            {
                "number": "e74496da-c3e7-4a91-b382-514f638d2141",
                "user_email": "john.doe@akinon.com",
                "balance": "100.00",
                "debit_allowed": true,
                "user": 414185,
                "currency": "eur"
            }
            """);

        var account = await Expect.Json(response, HttpStatusCode.Created);
        Expect.AccountShape(account);
        account.Str("number").Should().Be("e74496da-c3e7-4a91-b382-514f638d2141");
        account.Str("user_email").Should().Be("john.doe@akinon.com");
        account.Str("balance").Should().Be("100.00");
        account.GetProperty("debit_allowed").GetBoolean().Should().BeTrue();
        account.Str("created_date").Should().Be("2023-10-24T10:57:04.761432Z");
        account.Str("modified_date").Should().Be("2023-10-24T10:57:04.761432Z");
        account.Long("user").Should().Be(414185);
        account.Str("currency").Should().Be("eur");
        response.Headers.Location!.OriginalString.Should().Be($"/api/v1/remote/1/loyalty_account/{account.Long("pk")}/");
    }

    [Fact]
    public async Task Updating_a_loyalty_account_balance_answers_as_the_seed_shows()
    {
        Server.At("2023-10-25T08:09:42.312892Z");
        var pk = await OpenAsync(414185, "100.00", debitAllowed: true, number: "e74496da-c3e7-4a91-b382-514f628a2641", email: "john.doe@akinon.com");
        Server.At("2023-10-25T08:40:45.368986Z");

        using var response = await Server.PatchAsync("1", $"loyalty_account/{pk}/", """
            {
                "balance": "130.00"
            }
            """);

        var account = await Expect.Json(response, HttpStatusCode.OK);
        Expect.AccountShape(account);
        account.Long("pk").Should().Be(pk);
        account.Str("number").Should().Be("e74496da-c3e7-4a91-b382-514f628a2641");
        account.Str("user_email").Should().Be("john.doe@akinon.com");
        account.Str("balance").Should().Be("130.00");
        account.GetProperty("debit_allowed").GetBoolean().Should().BeTrue();
        account.Str("created_date").Should().Be("2023-10-25T08:09:42.312892Z");
        account.Str("modified_date").Should().Be("2023-10-25T08:40:45.368986Z");
        account.Long("user").Should().Be(414185);
        account.Str("currency").Should().Be("eur", "the whole account is returned, currency included");
    }

    [Fact]
    public async Task Listing_loyalty_accounts_answers_as_the_seed_shows()
    {
        Server.At("2023-10-23T14:15:12.433363Z");
        var pk = await OpenAsync(414185, "0", currency: "try", number: "3792b3e0ac0840b188a096d0198bc8b7", email: "john.doe@akinon.com");
        Server.At("2023-10-23T14:34:12.185468Z");
        using (var touch = await Server.PatchAsync("1", $"loyalty_account/{pk}/", """{"user_email": "john.doe@akinon.com"}"""))
        {
            touch.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var response = await Server.GetAsync("1", "loyalty_account/?user=414185");

        var page = await Expect.Json(response, HttpStatusCode.OK);
        Expect.Fields(page, "count", "next", "previous", "results");
        page.Long("count").Should().Be(1);
        page.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
        page.GetProperty("previous").ValueKind.Should().Be(JsonValueKind.Null);
        var account = page.GetProperty("results").EnumerateArray().Should().ContainSingle().Subject;
        Expect.AccountShape(account);
        account.Long("pk").Should().Be(pk);
        account.Str("number").Should().Be("3792b3e0ac0840b188a096d0198bc8b7");
        account.Str("user_email").Should().Be("john.doe@akinon.com");
        account.Str("balance").Should().Be("0.00");
        account.GetProperty("debit_allowed").GetBoolean().Should().BeFalse();
        account.Str("created_date").Should().Be("2023-10-23T14:15:12.433363Z");
        account.Str("modified_date").Should().Be("2023-10-23T14:34:12.185468Z");
        account.Long("user").Should().Be(414185);
        account.Str("currency").Should().Be("try");
    }

    [Fact]
    public async Task Listing_loyalty_transfers_answers_as_the_seed_shows()
    {
        var pk = await OpenAsync(414185, "14.00", currency: "try");
        Server.At("2023-10-23T14:12:56.846147Z");
        var payment = await PayAsync("2428483542614519", 414185, "138.40", currency: "try");

        using var response = await Server.GetAsync("1", "loyalty_transfer/?order=2428483542614519&user=414185");

        var page = await Expect.Json(response, HttpStatusCode.OK);
        Expect.Fields(page, "count", "next", "previous", "results");
        page.Long("count").Should().Be(1);
        page.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
        page.GetProperty("previous").ValueKind.Should().Be(JsonValueKind.Null);
        var transfer = page.GetProperty("results").EnumerateArray().Should().ContainSingle().Subject;
        // The seed's fields, and this library's extension field balance_after (the customer account's balance after it).
        Expect.Fields(transfer, "amount", "transaction", "created_date", "currency", "account", "balance_after");
        transfer.Str("amount").Should().Be("-14.00");
        transfer.Str("balance_after").Should().Be("0.00");
        transfer.Long("account").Should().Be(pk);
        transfer.Str("created_date").Should().Be("2023-10-23T14:12:56.846147Z");
        transfer.Str("currency").Should().Be("try");
        var transaction = transfer.GetProperty("transaction");
        Expect.Fields(transaction, "order", "created_date", "uuid");
        transaction.Str("order").Should().Be("2428483542614519");
        transaction.Str("created_date").Should().Be("2023-10-23T14:12:56.846147Z");
        transaction.Str("uuid").Should().Be(payment.Str("uuid"));
    }

    [Fact]
    public async Task Creating_a_loyalty_transfer_answers_as_the_seed_shows()
    {
        // System accounts take ids too, whenever they open; open customer accounts until pks 6 and 9 are customers', then fund 9.
        var pks = new List<long>();
        for (var i = 0; i < 12 && !(pks.Contains(6) && pks.Contains(9)); i++)
        {
            pks.Add(await OpenAsync(414185 + i, "0"));
        }

        pks.Should().Contain([6L, 9L]);
        using (var funded = await Server.PatchAsync("1", "loyalty_account/9/", """{"balance": "50.00"}"""))
        {
            funded.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var response = await Server.PostAsync("1", "loyalty_account/6/create_transfer/", """
            {
                "amount": "20",
                "source_account": 9,
                "destination_account": 6
            }
            """);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        (await AccountAsync(6)).Str("balance").Should().Be("20.00");
        (await AccountAsync(9)).Str("balance").Should().Be("30.00");
    }

    [Fact]
    public async Task Refunding_in_loyalty_answers_as_the_seed_shows_and_opens_the_invoice_account()
    {
        await OpenAsync(414148, "100.00", currency: "try", email: "iso@iso.com");
        var payment = await PayAsync("2352410252911715", 414148, "150.00", currency: "try", order: 189, email: "iso@iso.com");

        using var response = await Server.PostAsync("1", "loyalty-transactions/refund/", $$"""
            {
                "transaction_uuid": "{{payment.Str("uuid")}}",
                "amount": "20",
                "invoice_number": "IN010"
            }
            """);

        var refund = await Expect.Json(response, HttpStatusCode.Created);
        ExpectRefund(refund, reference: "2352410252911715");
        await ExpectInvoiceAccount(414148, "IN010", "20.00");
    }

    [Fact]
    public async Task The_seed_refund_example_uuid_is_not_a_uuid_and_is_refused_plainly()
    {
        // "e74496da-c3e7-4a91-b382-517c638d11425" has 13 digits in its last group.
        using var response = await Server.PostAsync("1", "loyalty-transactions/refund/", """
            {
                "transaction_uuid": "e74496da-c3e7-4a91-b382-517c638d11425",
                "amount": "20",
                "invoice_number": "IN010"
            }
            """);

        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest, "invalid_argument");
        problem.Str("detail").Should().Contain("transaction_uuid");
    }

    [Fact]
    public async Task Cross_refunding_in_loyalty_answers_as_the_seed_shows()
    {
        await OpenAsync(414148, "100.00", currency: "try", email: "iso@iso.com");
        await PayAsync("010101010", 414148, "150.00", currency: "try", order: 189, email: "iso@iso.com");

        using var response = await Server.PostAsync("1", "loyalty-transactions/cross-refund/", """
            {
                "order_number": "010101010",
                "amount": "20",
                "invoice_number": "IN010"
            }
            """);

        var refund = await Expect.Json(response, HttpStatusCode.Created);

        // The seed's cross-refund response repeats the refund example's reference; ours is the order number sent.
        ExpectRefund(refund, reference: "010101010");
        await ExpectInvoiceAccount(414148, "IN010", "20.00");
    }

    private static void ExpectRefund(JsonElement refund, string reference)
    {
        Expect.Fields(refund, "pk", "uuid", "amount", "order", "user", "user_email", "reference");
        refund.GetProperty("pk").ValueKind.Should().Be(JsonValueKind.Number);
        refund.Long("pk").Should().BePositive();
        Guid.TryParse(refund.Str("uuid"), out _).Should().BeTrue();
        refund.Str("amount").Should().Be("20.00");
        refund.Long("order").Should().Be(189);
        refund.Long("user").Should().Be(414148);
        refund.Str("user_email").Should().Be("iso@iso.com");
        refund.GetProperty("reference").ValueKind.Should().Be(JsonValueKind.String);
        refund.Str("reference").Should().Be(reference);
    }

    private async Task ExpectInvoiceAccount(long user, string number, string balance)
    {
        using var response = await Server.GetAsync("1", $"loyalty_account/?number={number}");
        var page = await Expect.Json(response, HttpStatusCode.OK);
        var account = page.GetProperty("results").EnumerateArray().Should().ContainSingle().Subject;
        account.Long("user").Should().Be(user);
        account.Str("balance").Should().Be(balance);
    }
}
