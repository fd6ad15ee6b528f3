using System.Net;
using System.Net.Sockets;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary><c>UsePostgreSql(...).AddHealthCheck()</c>: unhealthy when the database is gone, degraded when the schema is behind.</summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task A_migrated_schema_on_a_reachable_server_is_healthy()
    {
        await using var store = await PgStores.NewStoreAsync();

        var result = await CheckAsync(await PostgresServer.DataSourceAsync(), store.Schema);

        result.Status.Should().Be(HealthStatus.Healthy, result.Description);
        result.Data["schema"].Should().Be(store.Schema);
    }

    [Fact]
    public async Task A_schema_missing_a_migration_is_degraded_and_names_it()
    {
        await using var store = await PgStores.NewStoreAsync();
        var latest = Internal.Migrations.Scripts[^1].Version;
        await PgStores.QueryAsync($"DELETE FROM \"{store.Schema}\".schema_migrations WHERE version = {latest} RETURNING 1", r => r.GetInt32(0));

        var result = await CheckAsync(await PostgresServer.DataSourceAsync(), store.Schema);

        result.Status.Should().Be(HealthStatus.Degraded);
        result.Data["missing"].Should().Be(latest.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_schema_never_migrated_is_degraded_not_broken()
    {
        var result = await CheckAsync(await PostgresServer.DataSourceAsync(), PgStores.NewSchema());

        result.Status.Should().Be(HealthStatus.Degraded);
        result.Data["applied"].Should().Be(0);
    }

    [Fact]
    public async Task A_closed_port_is_unhealthy_or_the_failure_status_given()
    {
        await using var nowhere = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={UnusedPort()};Username=postgres;Timeout=5");

        var result = await CheckAsync(nowhere, PgStores.NewSchema());
        var custom = await CheckAsync(nowhere, PgStores.NewSchema(), HealthStatus.Degraded);

        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Exception.Should().BeAssignableTo<NpgsqlException>();
        custom.Status.Should().Be(HealthStatus.Degraded);
    }

    private static async Task<HealthCheckResult> CheckAsync(NpgsqlDataSource dataSource, string schema, HealthStatus? failureStatus = null)
    {
        var services = new ServiceCollection();
        services.AddLoyalty().UsePostgreSql(dataSource, o => o.Schema = schema).AddHealthCheck(failureStatus: failureStatus);
        await using var provider = services.BuildServiceProvider();
        var registration = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Should().ContainSingle().Subject;
        registration.Name.Should().Be(PostgreSqlHealthCheckBuilderExtensions.DefaultName);
        return await registration.Factory(provider).CheckHealthAsync(new HealthCheckContext { Registration = registration });
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
