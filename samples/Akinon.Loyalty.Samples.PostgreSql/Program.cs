// A short checkout story on PostgreSQL.
// Usage: dotnet run --project samples/Akinon.Loyalty.Samples.PostgreSql -- "Host=localhost;Username=postgres;Database=shop"
// or set ConnectionStrings__Loyalty. The ledger lives in the schema "loyalty_sample".
using Akinon.Loyalty;
using Akinon.Loyalty.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

var connectionString = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("ConnectionStrings__Loyalty");
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("Give a PostgreSQL connection string as the first argument or in ConnectionStrings__Loyalty.");
    return 1;
}

var services = new ServiceCollection();
services.AddLoyalty().UsePostgreSql(connectionString, options =>
{
    options.Schema = "loyalty_sample";
    options.RunMigrationsAtStartup = false; // migrated explicitly below, as a deployment step would
});
await using var provider = services.BuildServiceProvider();
await provider.GetRequiredService<PostgreSqlLedgerStore>().MigrateAsync();
var ledger = provider.GetRequiredService<ILoyaltyLedger>();
var lira = Currency.TRY;

var ada = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = lira, UserId = 1001, UserEmail = "ada@example.com", Balance = Money.Of(150m, lira) });
var alan = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = lira, UserId = 1002, UserEmail = "alan@example.com", Balance = Money.Of(20m, lira) });
Console.WriteLine($"Opened {ada.Number} for Ada with {ada.Balance} and {alan.Number} for Alan with {alan.Balance}.");

var gift = await ledger.TransferAsync(new TransferRequest { SourceAccountId = ada.Id, DestinationAccountId = alan.Id, Amount = Money.Of(40m, lira), IdempotencyKey = "ada-gives-alan-40-" + ada.Number });
Console.WriteLine($"Ada sent Alan {gift.Amount} (transaction {gift.Uuid}).");

try
{
    await ledger.TransferAsync(new TransferRequest { SourceAccountId = alan.Id, DestinationAccountId = ada.Id, Amount = Money.Of(100m, lira) });
}
catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.InsufficientFunds)
{
    Console.WriteLine($"Refused as expected: {e.Message}");
}

foreach (var account in new[] { ada, alan })
{
    var now = await ledger.GetAccountAsync(account.Id);
    Console.WriteLine($"{now.UserEmail}: {now.Balance} (version {now.Version})");
    foreach (var transfer in (await ledger.ListTransfersAsync(new TransferQuery { AccountId = account.Id })).Items)
    {
        Console.WriteLine($"  #{transfer.Id} {transfer.TransactionKind,-10} {transfer.Amount,14} at {transfer.CreatedAt:u}");
    }
}

return 0;
