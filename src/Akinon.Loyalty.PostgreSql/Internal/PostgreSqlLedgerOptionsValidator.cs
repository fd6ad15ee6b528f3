using Microsoft.Extensions.Options;

namespace Akinon.Loyalty.PostgreSql.Internal;

internal sealed class PostgreSqlLedgerOptionsValidator : IValidateOptions<PostgreSqlLedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlLedgerOptions options)
        => OptionsCheck.Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
