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
        Check(options.HoldAccountNumber, nameof(options.HoldAccountNumber), failures);
        Check(options.BreakageAccountNumber, nameof(options.BreakageAccountNumber), failures);

        // Reserved numbers are compared ignoring case, so two that differ only in case would be one.
        var numbers = new[] { options.SaleAccountNumber, options.BankAccountNumber, options.RefundAccountNumber, options.HoldAccountNumber, options.BreakageAccountNumber };
        if (numbers.Distinct(StringComparer.OrdinalIgnoreCase).Count() != numbers.Length)
        {
            failures.Add("The Sale, Bank, Refund and Hold account numbers must differ (ignoring case).");
        }

        if (options.AllocationOrder is null)
        {
            failures.Add("AllocationOrder is required (for example AllocationOrder.OldestFirst).");
        }

        if (options.AuthorizationTimeout <= TimeSpan.Zero)
        {
            failures.Add("AuthorizationTimeout must be positive.");
        }

        if (options.MaxConcurrencyRetries is < 0 or > 10_000)
        {
            failures.Add("MaxConcurrencyRetries must be between 0 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string? number, string name, List<string> failures)
    {
        if (!AccountNumber.IsValid(number))
        {
            failures.Add($"{name} must be an account number of {AccountNumber.Rule}.");
        }
    }
}
