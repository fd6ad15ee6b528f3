using Akinon.Loyalty.AspNetCore;
using Akinon.Loyalty.AspNetCore.Tests.Infrastructure;
using Akinon.Loyalty.AspNetCore.Tests.Security;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Http;

/// <summary>
/// The key authorization matrix of the REST routes (401, 403, a read-only key's 403 on writes, a revoked key's 401;
/// both channels compared before and after each) over Kestrel, with both channels on PostgreSQL stores, each its own
/// fresh schema: the same tests as the in-memory run, only the stores differ.
/// </summary>
public sealed class PostgreSqlKeyAuthorizationTests : KeyAuthorizationMatrix
{
    protected override async Task<LoyaltyServer> StartServerAsync()
    {
        var one = await PgStores.NewStoreAsync();
        var two = await PgStores.NewStoreAsync();

        // The container disposes the stores with the server.
        return await LoyaltyServer.StartAsync(channels: loyalty => loyalty.AddChannel("1", _ => one).AddChannel("2", _ => two));
    }
}
