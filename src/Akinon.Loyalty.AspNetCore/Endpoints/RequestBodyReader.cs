using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Http;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// Reads a JSON request body strictly and reports every defect as a 4xx problem naming the field: not
/// JSON, not an object, an unknown or repeated field, a field that may not be sent, a value of the wrong
/// type, a body too large.
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>The largest body read; Akinon's requests are a few hundred bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = LoyaltyJson.MaxDepth };

    public static async Task<T> ReadAsync<T>(HttpRequest request, IReadOnlySet<string>? forbidden, bool nullsForbidden, CancellationToken cancellationToken)
        where T : class
    {
        CheckContentType(request);
        var body = await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (body.Length == 0)
            {
                throw new WireException(400, ProblemCodes.MalformedJson, "The request body is empty; send a JSON object.");
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.AsMemory(0, body.Length), DocumentOptions);
            }
            catch (JsonException e)
            {
                throw new WireException(400, ProblemCodes.MalformedJson, "The request body is not valid JSON: " + Trim(e.Message));
            }

            using (document)
            {
                var typeInfo = LoyaltyJson.TypeInfo<T>();
                CheckShape(document.RootElement, typeInfo, forbidden, nullsForbidden);
                try
                {
                    return document.RootElement.Deserialize(typeInfo)
                        ?? throw WireException.Invalid("The request body must be a JSON object.");
                }
                catch (JsonException e)
                {
                    throw WireException.Invalid(Describe(e, typeInfo));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body.Buffer);
        }
    }

    private static void CheckContentType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            return;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            throw new WireException(415, ProblemCodes.UnsupportedMediaType, "Send the request body as application/json.");
        }
    }

    private static async Task<Body> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > MaxBodyBytes)
                    {
                        throw TooLarge();
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBodyBytes)
                {
                    throw TooLarge();
                }
            }

            return new Body(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static WireException TooLarge()
        => new(413, ProblemCodes.RequestTooLarge, string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {MaxBodyBytes} bytes."));

    private static void CheckShape(JsonElement root, JsonTypeInfo typeInfo, IReadOnlySet<string>? forbidden, bool nullsForbidden)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw WireException.Invalid("The request body must be a JSON object.");
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in typeInfo.Properties)
        {
            known.Add(property.Name);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            var shown = WireValues.Shown(name);
            if (forbidden is not null && forbidden.Contains(name))
            {
                throw WireException.Invalid($"'{shown}' cannot be changed: an account's number, currency and user are fixed when it is opened.");
            }

            if (!known.Contains(name))
            {
                throw WireException.Invalid($"Unknown field '{shown}'. This route accepts: {string.Join(", ", known)}.");
            }

            if (!seen.Add(name))
            {
                throw WireException.Invalid($"The field '{shown}' appears more than once.");
            }

            if (nullsForbidden && property.Value.ValueKind == JsonValueKind.Null)
            {
                throw WireException.Invalid($"'{shown}' may not be null; leave it out to keep the current value.");
            }
        }
    }

    private static string Describe(JsonException exception, JsonTypeInfo typeInfo)
    {
        var path = exception.Path;
        var field = path is not null && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        if (field is null)
        {
            return "The request body does not have the expected shape.";
        }

        var expected = "another type";
        foreach (var property in typeInfo.Properties)
        {
            if (string.Equals(property.Name, field, StringComparison.Ordinal))
            {
                expected = Expected(property);
            }
        }

        return $"'{WireValues.Shown(field)}' must be {expected}.";
    }

    private static string Expected(JsonPropertyInfo property)
    {
        if (property.CustomConverter is AmountTextJsonConverter)
        {
            return "an amount: a string such as \"100.00\" or a number";
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type == typeof(long) ? "an integer"
            : type == typeof(bool) ? "true or false"
            : type == typeof(string) ? "a string"
            : "another type";
    }

    private static string Trim(string message) => message.Length > 200 ? message[..200] : message;

    private readonly record struct Body(byte[] Buffer, int Length)
    {
        public ReadOnlyMemory<byte> AsMemory(int start, int length) => Buffer.AsMemory(start, length);
    }
}
