using Akinon.Loyalty.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

/// <summary>Fresh, independent ledgers: each store gets its own new schema on the shared server.</summary>
public static class PgStores
{
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N");

    public static async Task<PostgreSqlLedgerStore> NewStoreAsync(Action<PostgreSqlLedgerOptions>? configure = null)
    {
        var options = new PostgreSqlLedgerOptions { Schema = NewSchema() };
        configure?.Invoke(options);
        var store = new PostgreSqlLedgerStore(await PostgresServer.DataSourceAsync(), options);
        await store.MigrateAsync();
        return store;
    }

    /// <summary>
    /// Runs <paramref name="undo"/> on a store's schema (SQL that takes it back to how an earlier release left it, its
    /// migrations' rows included), then opens and migrates a new store over that schema, as an upgraded host would.
    /// </summary>
    public static async Task<PostgreSqlLedgerStore> MigratedAgainAsync(PostgreSqlLedgerStore store, string undo)
    {
        var dataSource = await PostgresServer.DataSourceAsync();
        await using (var command = dataSource.CreateCommand(undo))
        {
            await command.ExecuteNonQueryAsync();
        }

        var upgraded = new PostgreSqlLedgerStore(dataSource, new PostgreSqlLedgerOptions { Schema = store.Schema });
        await upgraded.MigrateAsync();
        return upgraded;
    }

    public static LoyaltyLedger LedgerOver(ILedgerStore store, TimeProvider? time = null, Action<LoyaltyOptions>? configure = null)
    {
        var options = new LoyaltyOptions();
        configure?.Invoke(options);
        return new LoyaltyLedger(store, new StaticOptionsMonitor<LoyaltyOptions>(options), time);
    }

    /// <summary>Runs a query against a store's schema (for invariant checks that look under the store).</summary>
    public static async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
        => await QueryAsync(await PostgresServer.DataSourceAsync(), sql, read);

    /// <summary>Runs a query on the server behind <paramref name="dataSource"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
