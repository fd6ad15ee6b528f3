using Akinon.Loyalty.Internal;
using Microsoft.Extensions.Options;

namespace Akinon.Loyalty;

/// <summary>Checks <see cref="LoyaltyOptions"/> at start-up.</summary>
internal sealed class LoyaltyOptionsValidator : IValidateOptions<LoyaltyOptions>
{
    public ValidateOptionsResult Validate(string? name, LoyaltyOptions options)
    {
        var failures = new List<string>();
        Check(options.SaleAccountNumber, nameof(options.SaleAccountNumber), failures);
        Check(options.BankAccountNumber, nameof(options.BankAccountNumber), failures);
        Check(options.RefundAccountNumber, nameof(options.RefundAccountNumber), failures);
        var numbers = new[] { options.SaleAccountNumber, options.BankAccountNumber, options.RefundAccountNumber };
        if (numbers.Distinct(StringComparer.Ordinal).Count() != numbers.Length)
        {
            failures.Add("The Sale, Bank and Refund account numbers must differ.");
        }

        if (options.MaxConcurrencyRetries is < 0 or > 10_000)
        {
            failures.Add("MaxConcurrencyRetries must be between 0 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string? number, string name, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(number) || number.Length > Guard.MaxTextLength)
        {
            failures.Add($"{name} must be a non-empty account number of at most {Guard.MaxTextLength} characters.");
        }
    }
}
