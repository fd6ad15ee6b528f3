using Akinon.Loyalty.PostgreSql.Internal;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>The pool the store creates for itself from a connection string.</summary>
public sealed class StoreDataSourceTests
{
    [Fact]
    public async Task Connections_are_not_reset_on_return_unless_the_connection_string_asks()
    {
        await using var own = StoreDataSource.Create("Host=127.0.0.1;Port=5432;Username=u");
        await using var reset = StoreDataSource.Create("Host=127.0.0.1;Port=5432;Username=u;No Reset On Close=false");
        await using var compact = StoreDataSource.Create("Host=127.0.0.1;Port=5432;Username=u;noresetonclose=false");

        new NpgsqlConnectionStringBuilder(own.ConnectionString).NoResetOnClose.Should().BeTrue();
        new NpgsqlConnectionStringBuilder(reset.ConnectionString).NoResetOnClose.Should().BeFalse();
        new NpgsqlConnectionStringBuilder(compact.ConnectionString).NoResetOnClose.Should().BeFalse();
    }
}
