using Akinon.Loyalty.Benchmarks.Throughput;
using BenchmarkDotNet.Running;

// `throughput [--quick] [--no-postgres]` runs the figures runner; anything else goes to BenchmarkDotNet's switcher.
if (args.Length > 0 && args[0] == "throughput")
{
    return await ThroughputRunner.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
