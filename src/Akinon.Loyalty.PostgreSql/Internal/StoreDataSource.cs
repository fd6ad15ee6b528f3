using System.Data.Common;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>The connection pool a store creates for itself from a connection string.</summary>
internal static class StoreDataSource
{
    /// <summary>
    /// Builds the pool. Unless the connection string says otherwise, a pooled connection is not reset when it is
    /// returned: the store leaves no session state behind (no temporary tables, session advisory locks, LISTEN or
    /// settings; its writes end their transactions), while the reset would cost every write a second, five-statement
    /// query on the server.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return builder.Build();
    }
}
