namespace Akinon.Loyalty.AspNetCore.Tests.Expiry;

/// <summary>
/// <c>expires_at</c> over HTTP (an extension field): on accounts and gift cards when they are opened, and on PATCH, which
/// may move it later or earlier within the future but never to now or before, and never revives an expired account.
/// </summary>
public sealed class ExpiryRouteTests : ServerTest
{
    private async Task<System.Text.Json.JsonElement> RefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string code)
    {
        var before = await Server.SnapshotAsync();
        using var response = await send();
        var problem = await Expect.Problem(response, status, code);
        (await Server.SnapshotAsync()).Should().Be(before, "a refused request changes nothing");
        return problem;
    }

    [Fact]
    public async Task A_gift_card_carries_expires_at_and_is_never_drawn_on_after_it()
    {
        using var issued = await Server.PostAsync("1", "loyalty_gift_card/", """{"amount": "25", "currency": "eur", "user": 7, "expires_at": "2023-10-24T00:00:00.000000Z"}""");
        var card = await Expect.Json(issued, HttpStatusCode.Created);
        card.Str("expires_at").Should().Be("2023-10-24T00:00:00.000000Z");
        (await AccountAsync(card.Long("pk"))).Str("expires_at").Should().Be("2023-10-24T00:00:00.000000Z");

        Server.At("2023-10-24T00:00:00.000000Z");
        var payment = await PayAsync("O-EXP", 7, "10");
        payment.Str("amount").Should().Be("0.00", "an expired card is never drawn on");
    }

    [Theory]
    [InlineData("\"2023-10-23T00:00:00.000000Z\"", "invalid_argument")]
    [InlineData("\"2020-01-01T00:00:00Z\"", "invalid_argument")]
    [InlineData("\"tomorrow\"", "invalid_argument")]
    [InlineData("12", "invalid_argument")]
    public async Task A_gift_card_expiring_now_or_before_or_with_a_bad_date_is_refused(string expiresAt, string code)
    {
        var problem = await RefusedAsync(() => Server.PostAsync("1", "loyalty_gift_card/", $$"""{"amount": "25", "currency": "eur", "expires_at": {{expiresAt}}}"""), HttpStatusCode.BadRequest, code);
        problem.Str("detail").Should().NotContain("'ExpiresAt'");
    }

    [Fact]
    public async Task A_patch_extends_or_shortens_an_expiry_within_the_future_but_never_into_the_past()
    {
        using var opened = await Server.PostAsync("1", "loyalty_account/", """{"user": 3, "currency": "eur", "balance": "10", "expires_at": "2023-10-25T00:00:00.000000Z"}""");
        var pk = (await Expect.Json(opened, HttpStatusCode.Created)).Long("pk");

        using (var extended = await Server.PatchAsync("1", $"loyalty_account/{pk}/", """{"expires_at": "2023-11-30T00:00:00.000000Z"}"""))
        {
            (await Expect.Json(extended, HttpStatusCode.OK)).Str("expires_at").Should().Be("2023-11-30T00:00:00.000000Z");
        }

        using (var shortened = await Server.PatchAsync("1", $"loyalty_account/{pk}/", """{"expires_at": "2023-10-26T00:00:00.000000Z"}"""))
        {
            (await Expect.Json(shortened, HttpStatusCode.OK)).Str("expires_at").Should().Be("2023-10-26T00:00:00.000000Z");
        }

        var problem = await RefusedAsync(() => Server.PatchAsync("1", $"loyalty_account/{pk}/", """{"expires_at": "2023-10-22T00:00:00.000000Z"}"""), HttpStatusCode.BadRequest, "invalid_argument");
        problem.Str("detail").Should().Contain("'expires_at'");
        await RefusedAsync(() => Server.PatchAsync("1", $"loyalty_account/{pk}/", """{"expires_at": "2023-10-23T00:00:00.000000Z"}"""), HttpStatusCode.BadRequest, "invalid_argument");

        Server.At("2023-10-26T00:00:00.000000Z");
        await RefusedAsync(() => Server.PatchAsync("1", $"loyalty_account/{pk}/", """{"expires_at": "2023-12-31T00:00:00.000000Z"}"""), HttpStatusCode.UnprocessableEntity, "account_expired");
        await RefusedAsync(() => Server.PatchAsync("1", $"loyalty_account/{pk}/", """{"balance": "50"}"""), HttpStatusCode.UnprocessableEntity, "account_expired");
    }
}
