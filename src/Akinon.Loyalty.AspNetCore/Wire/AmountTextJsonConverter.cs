using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>
/// Reads an amount as Akinon's clients send it, a JSON string (<c>"20"</c>, <c>"100.00"</c>) or a JSON
/// number (<c>20</c>), into its text, exactly as written; writes it back as a JSON string. The text is
/// checked against the currency later (<see cref="Money.Parse(string, Currency)"/>), so a number is
/// never passed through floating point and a malformed amount is reported as an invalid amount.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class AmountTextJsonConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    /// <exception cref="JsonException">The token is neither a string nor a number.</exception>
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                text = reader.GetString()!;
                break;
            case JsonTokenType.Number:
                text = reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray()) : Encoding.UTF8.GetString(reader.ValueSpan);
                break;
            default:
                throw new JsonException("An amount must be a string such as \"100.00\" or a number.");
        }

        return text;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
