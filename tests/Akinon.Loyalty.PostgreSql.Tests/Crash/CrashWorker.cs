using System.Diagnostics;

namespace Akinon.Loyalty.PostgreSql.Tests.Crash;

/// <summary>Starts the crash worker (tests/Akinon.Loyalty.PostgreSql.CrashWorker) with its output redirected, to be killed.</summary>
internal static class CrashWorker
{
    /// <summary>The checkpoint name the worker's dispatch mode saves under.</summary>
    public const string DispatchCheckpoint = "crash";

    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Akinon.Loyalty.PostgreSql.CrashWorker.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }
}
