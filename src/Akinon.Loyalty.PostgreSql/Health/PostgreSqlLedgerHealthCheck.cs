using System.Globalization;
using Akinon.Loyalty.PostgreSql.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Health;

/// <summary>
/// Whether the store can serve: its database answers (else the registration's failure status, unhealthy by
/// default) and its schema holds every migration this package ships (else degraded: the ledger may still work,
/// but a newer rule's table or column is missing until <see cref="PostgreSqlLedgerStore.MigrateAsync"/> runs).
/// </summary>
internal sealed class PostgreSqlLedgerHealthCheck(PostgreSqlLedgerStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HashSet<int> applied;
        try
        {
            applied = await AppliedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The ledger's database cannot be reached.", e);
        }

        var missing = Migrations.Scripts.Where(s => !applied.Contains(s.Version)).Select(s => s.Version).ToArray();
        var data = new Dictionary<string, object>
        {
            ["schema"] = store.Schema,
            ["applied"] = applied.Count,
            ["expected"] = Migrations.Scripts.Count,
        };
        if (missing.Length > 0)
        {
            data["missing"] = string.Join(',', missing.Select(v => v.ToString(CultureInfo.InvariantCulture)));
            return HealthCheckResult.Degraded(
                string.Create(CultureInfo.InvariantCulture, $"Schema '{store.Schema}' lacks {missing.Length} of the package's {Migrations.Scripts.Count} migrations; run MigrateAsync."),
                data: data);
        }

        return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Schema '{store.Schema}' is reachable and migrated."), data);
    }

    private async Task<HashSet<int>> AppliedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();

        // to_regclass: a schema never migrated has no table to read, and is behind rather than broken.
        command.CommandText = "SELECT to_regclass($1) IS NOT NULL";
        command.Parameters.Add(new NpgsqlParameter { Value = Migrations.Quote(store.Schema) + ".schema_migrations" });
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
        {
            return [];
        }

        command.Parameters.Clear();
        command.CommandText = $"SELECT version FROM {Migrations.Quote(store.Schema)}.schema_migrations";
        var applied = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied.Add(reader.GetInt32(0));
        }

        return applied;
    }
}
