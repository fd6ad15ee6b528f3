using Microsoft.Extensions.Configuration;

namespace Akinon.Loyalty.AspNetCore.Tests.Infrastructure;

/// <summary>The keys the test server accepts, as configuration that a test can replace and reload (a key rotation).</summary>
public sealed class TestKeys : IConfigurationSource
{
    /// <summary>Every channel (<c>*</c>), every permission: what the existing tests send.</summary>
    public const string Admin = "admin-key-0123456789";

    /// <summary>Channel 1, read only.</summary>
    public const string ReadOnly1 = "read-only-key-channel-1";

    /// <summary>Channel 1, every permission.</summary>
    public const string Channel1 = "all-key-channel-1";

    /// <summary>The sample host's command line for the <see cref="Admin"/> key.</summary>
    public static readonly string[] SampleArgs =
        [$"--Loyalty:Keys:admin:Hash={LoyaltyKeys.Hash(Admin)}", "--Loyalty:Keys:admin:Channels:0=*", "--Loyalty:Keys:admin:Permissions=All"];

    private readonly Provider _provider = new();

    public TestKeys() => _provider.Set(Defaults());

    public static Dictionary<string, (string Key, string[] Channels, LoyaltyPermissions Permissions)> Defaults() => new()
    {
        ["admin"] = (Admin, [LoyaltyKey.EveryChannel], LoyaltyPermissions.All),
        ["reader1"] = (ReadOnly1, ["1"], LoyaltyPermissions.Read),
        ["writer1"] = (Channel1, ["1"], LoyaltyPermissions.All),
    };

    /// <summary>Replaces the configured keys and raises the configuration's reload token, as a changed file would.</summary>
    public void Replace(Dictionary<string, (string Key, string[] Channels, LoyaltyPermissions Permissions)> keys) => _provider.Set(keys);

    /// <summary>Replaces the configured keys with raw configuration entries (a malformed hash, a bad permission) and reloads.</summary>
    public void ReplaceRaw(IDictionary<string, string?> data) => _provider.SetRaw(data);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => _provider;

    private sealed class Provider : ConfigurationProvider
    {
        public void Set(Dictionary<string, (string Key, string[] Channels, LoyaltyPermissions Permissions)> keys)
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, (key, channels, permissions)) in keys)
            {
                data[$"Loyalty:Keys:{name}:Hash"] = LoyaltyKeys.Hash(key);
                data[$"Loyalty:Keys:{name}:Permissions"] = permissions.ToString();
                for (var i = 0; i < channels.Length; i++)
                {
                    data[$"Loyalty:Keys:{name}:Channels:{i}"] = channels[i];
                }
            }

            SetRaw(data);
        }

        public void SetRaw(IDictionary<string, string?> data)
        {
            Data = new Dictionary<string, string?>(data, StringComparer.OrdinalIgnoreCase);
            OnReload();
        }
    }
}
