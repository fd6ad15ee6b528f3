using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Akinon.Loyalty.Samples.WebApi;

/// <summary>Tells the OpenAPI document what the wire format's converters write: amounts and timestamps are strings.</summary>
internal static class WireSchemas
{
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        switch (context.JsonPropertyInfo?.CustomConverter)
        {
            case AmountTextJsonConverter:
                // Requests may also send a JSON number (20); responses always write a string ("100.00").
                schema.Type = JsonSchemaType.String;
                schema.Pattern = @"^[+-]?\d+(\.\d+)?$";
                break;
            case TimestampJsonConverter:
                schema.Type = JsonSchemaType.String;
                schema.Format = "date-time";
                break;
        }

        return Task.CompletedTask;
    }
}
