// The checkout story on the default in-memory store: run with
//   dotnet run --project samples/Akinon.Loyalty.Samples.Checkout
using Akinon.Loyalty;
using Akinon.Loyalty.Samples.Story;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddLoyalty(options => options.Enabled = true);
await using var provider = services.BuildServiceProvider();

Console.WriteLine("Akinon.Loyalty checkout walk-through (in-memory store)");
Console.WriteLine();
return await CheckoutStory.RunAsync(provider.GetRequiredService<ILoyaltyLedger>()) ? 0 : 1;
