using Akinon.Loyalty.AspNetCore;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Akinon.Loyalty.Samples.WebApi;

/// <summary>Declares Akinon's <c>Authorization: Token &lt;key&gt;</c> scheme in the OpenAPI document, required by every operation.</summary>
internal static class TokenScheme
{
    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[LoyaltyKeys.Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "Akinon's scheme: 'Token <key>'. A key grants channels and permissions (read, write, refund); 401 without one, 403 outside it.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(LoyaltyKeys.Scheme, document)] = [] }];
        return Task.CompletedTask;
    }
}
