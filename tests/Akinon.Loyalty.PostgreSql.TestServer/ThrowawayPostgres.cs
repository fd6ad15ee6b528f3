using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Akinon.Loyalty.PostgreSql.TestServer;

/// <summary>
/// A throwaway PostgreSQL server on a free 127.0.0.1 port, started from the installed binaries (as the
/// <c>postgres</c> user when run as root, since initdb refuses root), and stopped and deleted on dispose.
/// Shared by the PostgreSQL tests and the benchmarks through this project.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    /// <summary>The server settings, the same as the PostgreSQL tests use; printed with the figures.</summary>
    public const string Settings = "fsync=off full_page_writes=off max_connections=200 shared_buffers=128MB";

    /// <summary>Settings of a durable server: every commit is flushed to disk, as in production (the benchmarks' <c>--durable</c>).</summary>
    public const string DurableSettings = "fsync=on synchronous_commit=on full_page_writes=on max_connections=200 shared_buffers=128MB";

    private readonly string _bin;
    private readonly string _data;
    private readonly string _root;
    private readonly bool _asPostgres;
    private readonly string _settings;

    private ThrowawayPostgres(string bin, string data, string root, bool asPostgres, int port, string settings)
    {
        _settings = settings;
        _bin = bin;
        _data = data;
        _root = root;
        _asPostgres = asPostgres;
        Port = port;
    }

    public int Port { get; }

    public string Bin => _bin;

    /// <summary>The server's log (pg_ctl -l), for tests that look for what the server reported.</summary>
    public string LogFile => Path.Combine(_root, "server.log");

    public string ConnectionString(int maxPool)
        => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Maximum Pool Size={maxPool};Timeout=30;Command Timeout=120";

    /// <summary>The installed server's bin folder (the highest version), or <see langword="null"/> with a reason.</summary>
    public static string? FindBinaries(out string reason)
    {
        reason = "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin (apt-get install -y postgresql).";
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            return null;
        }

        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    /// <summary>Starts a server with <see cref="Settings"/>, or with <paramref name="settings"/> when given (e.g. <see cref="DurableSettings"/>).</summary>
    public static async Task<ThrowawayPostgres> StartAsync(string bin, string? settings = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "akinon-loyalty-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            // initdb refuses to run as root: the server runs as the postgres user, in a folder it owns.
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asPostgres);
        var server = new ThrowawayPostgres(bin, data, root, asPostgres, FreePort(), settings ?? Settings);
        await server.RestartAsync();
        return server;
    }

    /// <summary>The server's log file.</summary>
    public string LogPath => Path.Combine(_root, "server.log");

    /// <summary>
    /// Stops the server: <paramref name="immediate"/> kills it as a crash would (<c>pg_ctl stop -m immediate</c>:
    /// no checkpoint, connections cut, recovery on the next start); otherwise a fast shutdown (sessions are told
    /// 57P01 and rolled back).
    /// </summary>
    public Task StopAsync(bool immediate)
        => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop"], _asPostgres);

    /// <summary>Starts (or starts again) the server on the same port and data folder, and waits until it takes connections.</summary>
    public Task RestartAsync()
    {
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -k {_root} " + string.Join(' ', _settings.Split(' ').Select(s => "-c " + s));
        return RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-l", LogPath, "-w", "-t", "60", "-o", options, "start"], _asPostgres);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"], _asPostgres);
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }

    /// <summary>Runs a program to its end (bounded by <paramref name="timeout"/>) and returns its standard output.</summary>
    public static async Task<string> RunAsync(string file, string[] arguments, bool asPostgres, TimeSpan? timeout = null)
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
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish in time.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {await output} {await error}");
        }

        return await output + await error;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
