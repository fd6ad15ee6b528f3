using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.Testing;

/// <summary>An options monitor over one mutable options instance, so a test can flip a setting (such as <see cref="LoyaltyOptions.Enabled"/>) between calls.</summary>
/// <typeparam name="T">The options type.</typeparam>
/// <param name="value">The instance every read returns.</param>
public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    /// <inheritdoc />
    public T CurrentValue { get; } = value;

    /// <inheritdoc />
    public T Get(string? name) => CurrentValue;

    /// <inheritdoc />
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
