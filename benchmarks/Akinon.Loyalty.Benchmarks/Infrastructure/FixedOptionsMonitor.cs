using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.Benchmarks.Infrastructure;

/// <summary>An options monitor whose value never changes: what a host with static configuration gives the ledger.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
