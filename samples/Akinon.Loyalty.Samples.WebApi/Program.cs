using System.Text.Json.Serialization;
using Akinon.Loyalty;
using Akinon.Loyalty.AspNetCore;
using Akinon.Loyalty.PostgreSql;
using Akinon.Loyalty.Samples.WebApi;
using Npgsql;

// Akinon's loyalty REST contract for commerce channels 1 and 2, in memory, or on PostgreSQL when
// ConnectionStrings__Loyalty is set (each channel in its own schema):
//   dotnet run --project samples/Akinon.Loyalty.Samples.WebApi -- --urls http://127.0.0.1:5080
//   curl -s http://127.0.0.1:5080/api/v1/remote/1/loyalty_account/
//   curl -s http://127.0.0.1:5080/openapi/v1.json
var builder = WebApplication.CreateBuilder(args);

// The seed's LOYALTY_MONEY_ENABLED is a dynamic setting: the section is bound with reload, and the ledger
// reads Enabled at every call (Loyalty__Enabled=false, or edit appsettings.json while running).
builder.Services.AddOptions<LoyaltyOptions>().Bind(builder.Configuration.GetSection("Loyalty"));
var loyalty = builder.Services.AddLoyalty();

string[] channels = ["1", "2"];
var connectionString = builder.Configuration.GetConnectionString("Loyalty");
if (string.IsNullOrWhiteSpace(connectionString))
{
    foreach (var channel in channels)
    {
        loyalty.AddChannel(channel);
    }
}
else
{
    // One connection pool; each channel its own schema (loyalty_channel_1, ...), created on first use.
    builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
    foreach (var channel in channels)
    {
        loyalty.AddChannel(channel, sp => new PostgreSqlLedgerStore(
            sp.GetRequiredService<NpgsqlDataSource>(),
            new PostgreSqlLedgerOptions { Schema = "loyalty_channel_" + channel }));
    }
}

// The endpoints write with LoyaltyJson.Options; the OpenAPI document describes the same wire types, so it
// reads them with the same strict number handling, and says that amounts and timestamps are strings.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
builder.Services.AddOpenApi(o => o.AddSchemaTransformer(WireSchemas.DescribeAsync));

var app = builder.Build();
app.MapOpenApi();
app.MapLoyaltyEndpoints();
app.Run();
