using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// Writes a timestamp as Akinon does: ISO 8601 in UTC with exactly six fractional digits (microseconds)
/// and a <c>Z</c>, for example <c>2023-10-24T10:57:04.761432Z</c>. Reads any ISO 8601 timestamp with an
/// offset or <c>Z</c>.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class TimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The format written, a .NET custom date and time format string.</summary>
    public const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    /// <summary>Writes a timestamp in Akinon's form.</summary>
    /// <param name="value">The timestamp, in any offset.</param>
    /// <returns>The text, in UTC with microseconds (sub-microsecond ticks are dropped).</returns>
    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    /// <exception cref="JsonException">The token is not an ISO 8601 timestamp with an offset.</exception>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A timestamp must be an ISO 8601 string such as \"2023-10-24T10:57:04.761432Z\".");
        }

        var text = reader.GetString();
        if (text is null || !text.Contains('T', StringComparison.Ordinal)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new JsonException("A timestamp must be an ISO 8601 string such as \"2023-10-24T10:57:04.761432Z\".");
        }

        return value;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ToText(value));
    }
}
