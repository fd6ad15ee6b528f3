using Akinon.Loyalty.Benchmarks.Throughput;
using BenchmarkDotNet.Running;

// `throughput [--quick] [--no-postgres] [--scale N]` runs the figures runner, `history [--quick] [--scale N]` only its
// bulk import and history-at-scale figures; anything else goes to BenchmarkDotNet's switcher.
if (args.Length > 0 && args[0] is "throughput" or "history")
{
    return await ThroughputRunner.RunAsync(args[0], args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
