using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.AspNetCore.Tests.OpenApi;

/// <summary>The endpoints carry enough metadata for Microsoft.AspNetCore.OpenApi to describe every route.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_openapi_document_describes_every_route_with_its_bodies_and_responses()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddLoyalty().AddChannel("1");
        builder.Services.AddOpenApi();
        await using var app = builder.Build();
        app.MapOpenApi();
        app.MapLoyaltyEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await client.GetAsync("/openapi/v1.json");
        var document = await Expect.Json(response, HttpStatusCode.OK);

        var paths = document.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Route: $"{op.Name.ToUpperInvariant()} {path.Name}", Operation: op.Value)))
            .ToDictionary(x => x.Route, x => x.Operation);
        const string prefix = "/api/v1/remote/{commerce_channel_id}/";
        operations.Keys.Should().BeEquivalentTo(
            $"POST {prefix}loyalty_account",
            $"GET {prefix}loyalty_account",
            $"GET {prefix}loyalty_account/{{pk}}",
            $"PATCH {prefix}loyalty_account/{{pk}}",
            $"POST {prefix}loyalty_account/{{pk}}/create_transfer",
            $"GET {prefix}loyalty_transfer",
            $"POST {prefix}loyalty-transactions/refund",
            $"POST {prefix}loyalty-transactions/cross-refund",
            $"POST {prefix}loyalty-transactions/order-payment",
            $"POST {prefix}loyalty_gift_card",
            $"GET {prefix}data-warehouse/loyalty/accounts",
            $"POST {prefix}loyalty-transactions/order-authorization",
            $"POST {prefix}loyalty-transactions/order-authorization/capture",
            $"POST {prefix}loyalty-transactions/order-authorization/void",
            $"GET {prefix}loyalty_account/{{pk}}/statement");
        var extensions = new[] { "order-authorization", "order-authorization/capture", "order-authorization/void" }
            .Select(route => $"POST {prefix}loyalty-transactions/{route}").ToHashSet();
        var statement = $"GET {prefix}loyalty_account/{{pk}}/statement";
        foreach (var (route, operation) in operations)
        {
            var tags = operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToArray();
            if (extensions.Contains(route))
            {
                tags.Should().Contain(LoyaltyEndpointRouteBuilderExtensions.ExtensionTag, "{0} is an extension of this library", route);
                operation.GetProperty("summary").GetString().Should().StartWith("Extension:");
                operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "201", "400", "404", "409", "422"]);
            }
            else if (route == statement)
            {
                tags.Should().Contain(LoyaltyEndpointRouteBuilderExtensions.ExtensionTag, "{0} is an extension of this library", route);
                operation.GetProperty("summary").GetString().Should().StartWith("Extension:");
                operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "404"]);
                operation.GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).Should().Contain(["application/json", "text/csv"]);
                operation.GetProperty("parameters").EnumerateArray().Select(p => p.Str("name")).Should().Contain(["commerce_channel_id", "pk", "from", "to"]);
            }
            else
            {
                tags.Should().NotContain(LoyaltyEndpointRouteBuilderExtensions.ExtensionTag, "{0} is Akinon's", route);
            }
        }

        operations[$"POST {prefix}loyalty-transactions/order-authorization"].GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()
            .Should().EndWith("OrderAuthorizationBody");
        operations[$"POST {prefix}loyalty-transactions/order-payment"].GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()
            .Should().EndWith("OrderPaymentBody");
        operations[$"POST {prefix}loyalty-transactions/order-payment"].GetProperty("responses").EnumerateObject().Select(r => r.Name)
            .Should().Contain(["200", "201", "400", "404", "409"]);
        operations[$"GET {prefix}loyalty_transfer"].GetProperty("parameters").EnumerateArray().Select(p => p.Str("name"))
            .Should().Contain(["commerce_channel_id", "account", "user", "order", "currency", "page", "limit"]);
        operations[$"GET {prefix}data-warehouse/loyalty/accounts"].GetProperty("parameters").EnumerateArray().Select(p => p.Str("name"))
            .Should().Contain(["balance", "created_date", "created_date__gte", "currency", "debit_allowed", "id", "id__gt", "id__gte", "id__lt", "id__lte",
                "modified_date", "modified_date__lte", "number", "page", "limit", "sort", "user", "user_email", "uuid"]);
        document.GetProperty("components").GetProperty("schemas").GetProperty("AccountResponse").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().BeEquivalentTo(["pk", "number", "user_email", "balance", "debit_allowed", "expires_at", "created_date", "modified_date", "user", "currency"]);
        await app.StopAsync();
    }
}
