using Npgsql;

namespace Akinon.Loyalty.PostgreSql.TestServer;

/// <summary>
/// One throwaway PostgreSQL server per test run, started from the installed binaries on a free loopback port
/// and stopped when the process exits; or the server named by <c>LOYALTY_POSTGRES_CONNECTION</c>.
/// </summary>
public static class PostgresServer
{
    public const string ConnectionVariable = "LOYALTY_POSTGRES_CONNECTION";

    private static readonly Lazy<Task<string>> Started = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Task<NpgsqlDataSource>> Shared = new(async () => NpgsqlDataSource.Create(await Started.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The connection string of the server.</summary>
    public static Task<string> ConnectionStringAsync() => Started.Value;

    /// <summary>A pool shared by every test.</summary>
    public static Task<NpgsqlDataSource> DataSourceAsync() => Shared.Value;

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } given)
        {
            return given;
        }

        var bin = ThrowawayPostgres.FindBinaries(out var reason)
            ?? throw new InvalidOperationException($"{reason} Or set {ConnectionVariable} to a server's connection string.");
        var server = await ThrowawayPostgres.StartAsync(bin);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server.ConnectionString(maxPool: 90);
    }
}
