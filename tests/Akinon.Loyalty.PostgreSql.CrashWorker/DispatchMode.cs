using System.Runtime.InteropServices;
using System.Text;
using Akinon.Loyalty;
using Akinon.Loyalty.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>
/// Runs <c>AddEventHandler</c>'s dispatcher on a PostgreSQL ledger until the process is killed. The handler appends each
/// delivered position to a file and fsyncs it before returning (so a line in the file is a delivery the dispatcher
/// saw complete), then prints the position, so the crash test can kill the process mid-stream.
/// </summary>
internal static class DispatchMode
{
    public const string CheckpointName = "crash";

    public static async Task<int> RunAsync(string connectionString, string schema, string deliveredFile)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new DeliveredFile(deliveredFile));
        services.AddLoyalty()
            .UsePostgreSql(connectionString, o => { o.Schema = schema; o.RunMigrationsAtStartup = false; })
            .AddEventHandler<FileHandler>(CheckpointName);
        await using var provider = services.BuildServiceProvider();
        var hostedServices = provider.GetServices<IHostedService>().ToArray();
        foreach (var hosted in hostedServices)
        {
            await hosted.StartAsync(default);
        }

        // Dispatches until a signal ends it: SIGKILL (the crash test's) ends the process here; SIGTERM stops the
        // dispatcher gracefully.
        var terminated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; terminated.TrySetResult(); }))
        {
            await terminated.Task;
        }

        foreach (var hosted in hostedServices.Reverse())
        {
            await hosted.StopAsync(default);
        }

        return 0;
    }

    internal sealed class DeliveredFile(string path)
    {
        public string Path => path;
    }

    internal sealed class FileHandler(DeliveredFile file) : ILoyaltyEventHandler, IDisposable
    {
        private readonly FileStream _stream = new(file.Path, FileMode.Append, FileAccess.Write, FileShare.Read);

        public ValueTask HandleAsync(LoyaltyEvent loyaltyEvent, CancellationToken cancellationToken)
        {
            // One write of a whole line, then fsync: after a SIGKILL the file holds whole lines only, each a finished delivery.
            _stream.Write(Encoding.ASCII.GetBytes($"{loyaltyEvent.Position}\n"));
            _stream.Flush(flushToDisk: true);
            Console.Out.WriteLine(loyaltyEvent.Position);
            Console.Out.Flush();
            return ValueTask.CompletedTask;
        }

        public void Dispose() => _stream.Dispose();
    }
}
