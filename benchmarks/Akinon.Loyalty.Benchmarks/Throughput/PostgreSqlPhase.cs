namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>PostgreSQL order payments against pgbench TPC-B on the same throwaway server.</summary>
internal static class PostgreSqlPhase
{
    public static Task RunAsync(Settings settings, Report report, TextWriter log)
    {
        _ = settings;
        log.WriteLine("  The PostgreSQL store (Akinon.Loyalty.PostgreSql) is not on this branch yet: PostgreSQL figures are n/a.");
        report.Note("PostgreSQL figures not measured: the PostgreSQL store is not on this branch yet.");
        foreach (var clients in new[] { 1, 4, 16 })
        {
            report.Add(new Figure($"pg_payments_per_sec_c{clients}", $"PostgreSQL order payments per second, {clients} client(s)", double.NaN, "/s"));
        }

        return Task.CompletedTask;
    }
}
