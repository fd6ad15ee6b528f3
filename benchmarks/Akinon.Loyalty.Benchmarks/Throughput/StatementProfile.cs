#if HAVE_POSTGRESQL
using Npgsql;

namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>
/// With <c>--statements</c>: where the server spends a phase's time, statement by statement (nested statements of the
/// store's functions included, from <c>pg_stat_statements</c>), and function by function. A diagnostic, printed to the
/// log; no figure depends on it (the extension itself costs a little on every statement).
/// </summary>
internal static class StatementProfile
{
    /// <summary>The server settings that load the extension and track nested statements and functions.</summary>
    public const string ServerSettings = " shared_preload_libraries=pg_stat_statements pg_stat_statements.track=all track_functions=all";

    public static async Task ResetAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset(); SELECT pg_stat_reset();");
        await command.ExecuteNonQueryAsync();
    }

    public static async Task PrintAsync(NpgsqlDataSource dataSource, string phase, TextWriter log, int top = 30)
    {
        log.WriteLine($"  statements of {phase}, by total time (calls, total ms, mean ms, statement):");
        await using (var statements = dataSource.CreateCommand(
            "SELECT calls, total_exec_time, total_exec_time / calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) " +
            $"FROM pg_stat_statements WHERE calls > 0 ORDER BY total_exec_time DESC LIMIT {top}"))
        await using (var reader = await statements.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                log.WriteLine($"    {reader.GetInt64(0),7} {reader.GetDouble(1),9:0.0} {reader.GetDouble(2),8:0.000}  {reader.GetString(3)}");
            }
        }

        log.WriteLine($"  functions of {phase} (calls, total ms, self ms, schema.function):");
        await using (var functions = dataSource.CreateCommand(
            "SELECT calls, total_time, self_time, schemaname || '.' || funcname FROM pg_stat_user_functions WHERE calls > 0 ORDER BY total_time DESC"))
        await using (var reader = await functions.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                log.WriteLine($"    {reader.GetInt64(0),7} {reader.GetDouble(1),9:0.0} {reader.GetDouble(2),9:0.0}  {reader.GetString(3)}");
            }
        }
    }
}
#endif
