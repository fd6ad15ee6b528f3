using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// Akinon's JSON wire format on its own, for hosts with their own controllers: serialize the
/// <c>*Response</c> types (built with their <c>From</c> methods) with <see cref="Options"/> and they come
/// out exactly as the endpoints write them; deserialize the <c>*Body</c> types with it to read Akinon's
/// requests. Amounts are strings with the currency's decimals, currencies lower case, timestamps UTC
/// with microseconds, and unknown fields are refused.
/// </summary>
/// <example>
/// <code>
/// var json = JsonSerializer.Serialize(AccountResponse.From(account), LoyaltyJson.Options);
/// builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, LoyaltyJson.TypeInfoResolver));
/// </code>
/// </example>
public static class LoyaltyJson
{
    /// <summary>The deepest nesting read.</summary>
    public const int MaxDepth = 16;

    /// <summary>Read-only options with the wire types' source-generated metadata. Thread-safe.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The source-generated metadata of the wire types, to add to a host's own options' resolver chain.</summary>
    public static IJsonTypeInfoResolver TypeInfoResolver => LoyaltyJsonContext.Default;

    internal static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = LoyaltyJsonContext.Default,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            MaxDepth = MaxDepth,

            // Served as application/json, never embedded in HTML: emails keep their '+' and names their letters.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }
}
