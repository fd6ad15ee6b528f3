// The checkout story on PostgreSQL:
//   dotnet run --project samples/Akinon.Loyalty.Samples.PostgreSql -- "Host=127.0.0.1;Port=5432;Username=postgres;Database=shop"
// or set ConnectionStrings__Loyalty. Each run writes to a new schema, loyalty_sample_<time>, so runs never collide.
using System.Globalization;
using Akinon.Loyalty;
using Akinon.Loyalty.PostgreSql;
using Akinon.Loyalty.Samples.Story;
using Microsoft.Extensions.DependencyInjection;

var connectionString = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("ConnectionStrings__Loyalty");
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("Give a PostgreSQL connection string as the first argument or in ConnectionStrings__Loyalty.");
    return 1;
}

var schema = "loyalty_sample_" + TimeProvider.System.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
var services = new ServiceCollection();
services.AddLoyalty().UsePostgreSql(connectionString, options =>
{
    options.Schema = schema;
    options.RunMigrationsAtStartup = false; // migrated explicitly below, as a deployment step would
});
await using var provider = services.BuildServiceProvider();
await provider.GetRequiredService<PostgreSqlLedgerStore>().MigrateAsync();

Console.WriteLine($"Akinon.Loyalty checkout walk-through (PostgreSQL, schema {schema})");
Console.WriteLine();
return await CheckoutStory.RunAsync(provider.GetRequiredService<ILoyaltyLedger>()) ? 0 : 1;
