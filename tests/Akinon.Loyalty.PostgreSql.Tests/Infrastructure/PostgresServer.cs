using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

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

        var bin = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), "akinon-loyalty-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the server runs as the postgres user, in a folder it owns.
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asRoot);
        var port = FreePort();
        var serverOptions = $"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB";
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", serverOptions, "start"], asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(bin, data, root, asRoot);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=90;Timeout=30;Command Timeout=120";
    }

    private static void Stop(string bin, string data, string root, bool asRoot)
    {
        try
        {
            RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asRoot).GetAwaiter().GetResult();
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Best effort at exit: a leftover temp folder is harmless.
        }
    }

    private static string FindBinaries()
    {
        const string Hint = "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. Install them (apt-get install -y postgresql) or set " + ConnectionVariable + " to a server's connection string.";
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            throw new InvalidOperationException(Hint);
        }

        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
        return bin ?? throw new InvalidOperationException(Hint);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {await output} {await error}");
        }
    }
}
