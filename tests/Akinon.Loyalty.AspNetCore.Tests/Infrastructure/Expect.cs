using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Akinon.Loyalty.AspNetCore.Tests.Infrastructure;

/// <summary>Assertions on Akinon's wire shapes.</summary>
public static partial class Expect
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")]
    public static partial Regex Timestamp();

    [GeneratedRegex(@"^-?\d+\.\d\d$")]
    public static partial Regex TwoDecimalAmount();

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was {0}", text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Checks an RFC 7807 problem: status, media type, code, a readable detail, and no trace of the server's internals.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was {0}", text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        text.Should().NotContain("   at ").And.NotContain("Exception").And.NotContain("System.");
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        problem.GetProperty("code").GetString().Should().Be(code, "the body was {0}", text);
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("type").GetString().Should().Be("about:blank");
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace().And.EndWith(".");
        problem.GetProperty("instance").GetString().Should().Be(response.RequestMessage!.RequestUri!.AbsolutePath);
        return problem;
    }

    public static void Fields(JsonElement element, params string[] names)
        => element.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(names, "the object was {0}", element.GetRawText());

    public static void AccountShape(JsonElement account)
    {
        Fields(account, "pk", "number", "user_email", "balance", "debit_allowed", "created_date", "modified_date", "user", "currency");
        account.GetProperty("pk").ValueKind.Should().Be(JsonValueKind.Number);
        account.GetProperty("pk").GetInt64().Should().BePositive();
        account.GetProperty("number").ValueKind.Should().Be(JsonValueKind.String);
        account.GetProperty("balance").ValueKind.Should().Be(JsonValueKind.String);
        account.GetProperty("debit_allowed").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
        account.GetProperty("created_date").GetString().Should().MatchRegex(Timestamp());
        account.GetProperty("modified_date").GetString().Should().MatchRegex(Timestamp());
        account.GetProperty("currency").GetString().Should().MatchRegex("^[a-z]{3}$");
    }

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static long Long(this JsonElement element, string name) => element.GetProperty(name).GetInt64();
}
