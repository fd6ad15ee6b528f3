using Microsoft.Extensions.Configuration;

namespace Akinon.Loyalty.AspNetCore.Tests.Infrastructure;

/// <summary>Configuration a test sets and reloads while the server runs, as a changed settings file would.</summary>
public sealed class TestSettings : IConfigurationSource
{
    private readonly Provider _provider = new();

    public TestSettings(IDictionary<string, string?> data) => _provider.Set(data);

    /// <summary>Replaces every entry and raises the configuration's reload token.</summary>
    public void Set(IDictionary<string, string?> data) => _provider.Set(data);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => _provider;

    private sealed class Provider : ConfigurationProvider
    {
        public void Set(IDictionary<string, string?> data)
        {
            Data = new Dictionary<string, string?>(data, StringComparer.OrdinalIgnoreCase);
            OnReload();
        }
    }
}
