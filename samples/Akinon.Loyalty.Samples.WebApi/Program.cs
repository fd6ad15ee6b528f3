using Akinon.Loyalty;
using System.Text.Json.Serialization;
using Akinon.Loyalty.AspNetCore;
using Akinon.Loyalty.Samples.WebApi;

// Akinon's loyalty REST contract for commerce channels 1 and 2:
//   dotnet run --project samples/Akinon.Loyalty.Samples.WebApi -- --urls http://127.0.0.1:5080
//   curl -s http://127.0.0.1:5080/api/v1/remote/1/loyalty_account/
//   curl -s http://127.0.0.1:5080/openapi/v1.json
var builder = WebApplication.CreateBuilder(args);

// The seed's LOYALTY_MONEY_ENABLED is a dynamic setting: the section is bound with reload, and the ledger
// reads Enabled at every call (Loyalty__Enabled=false, or edit appsettings.json while running).
builder.Services.AddOptions<LoyaltyOptions>().Bind(builder.Configuration.GetSection("Loyalty"));
var loyalty = builder.Services.AddLoyalty();

var connectionString = builder.Configuration.GetConnectionString("Loyalty");
if (!string.IsNullOrWhiteSpace(connectionString))
{
    // Each channel would get its own schema of the PostgreSQL store (Akinon.Loyalty.PostgreSql), which this
    // build does not contain yet; refusing is better than silently keeping money in memory.
    throw new InvalidOperationException(
        "ConnectionStrings:Loyalty is set, but this build has no PostgreSQL store yet; unset it to run on the in-memory store.");
}

loyalty.AddChannel("1").AddChannel("2");

// The endpoints write with LoyaltyJson.Options; the OpenAPI document describes the same wire types, so it
// reads them with the same strict number handling, and says that amounts and timestamps are strings.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
builder.Services.AddOpenApi(o => o.AddSchemaTransformer(WireSchemas.DescribeAsync));

var app = builder.Build();
app.MapOpenApi();
app.MapLoyaltyEndpoints();
app.Run();
