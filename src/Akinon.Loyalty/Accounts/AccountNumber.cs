using System.Globalization;

namespace Akinon.Loyalty;

/// <summary>
/// The one rule for account numbers (customer numbers, gift card codes, invoice numbers that become account
/// numbers, and the configured system numbers): 1 to 128 printable ASCII characters (0x21 to 0x7E), so no
/// whitespace, no control or invisible characters and no look-alike letters from other scripts. The three
/// configured system numbers are reserved, compared ASCII case-insensitively, in every currency.
/// </summary>
internal static class AccountNumber
{
    /// <summary>The longest number.</summary>
    public const int MaxLength = Internal.Guard.MaxTextLength;

    /// <summary>The rule in words, for messages and option failures.</summary>
    public const string Rule = "1 to 128 printable ASCII characters without whitespace";

    /// <summary>Whether a number follows the rule.</summary>
    public static bool IsValid(string? number)
    {
        if (string.IsNullOrEmpty(number) || number.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in number)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns the number, or refuses it with <see cref="LoyaltyErrorCode.InvalidArgument"/>.</summary>
    public static string Check(string? number, string name)
    {
        if (!IsValid(number))
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"'{name}' must be an account number of {Rule}."));
        }

        return number!;
    }

    /// <summary>
    /// Returns a number a customer, card or invoice account may take: valid, and none of the system numbers
    /// (refused with <see cref="LoyaltyErrorCode.DuplicateAccountNumber"/>, as the system account holds it in every currency).
    /// </summary>
    public static string CheckNotReserved(string? number, string name, LoyaltyOptions options)
    {
        var checkedNumber = Check(number, name);
        if (ReservedBy(checkedNumber, options) is { } kind)
        {
            throw new LoyaltyException(
                LoyaltyErrorCode.DuplicateAccountNumber,
                string.Create(CultureInfo.InvariantCulture, $"'{name}' '{checkedNumber}' is the number of the {kind} system account (reserved, in any case, in every currency); choose another."));
        }

        return checkedNumber;
    }

    /// <summary>The system account kind whose configured number equals <paramref name="number"/> ignoring ASCII case, or <see langword="null"/>.</summary>
    public static AccountKind? ReservedBy(string number, LoyaltyOptions options)
        => Same(number, options.SaleAccountNumber) ? AccountKind.Sale
            : Same(number, options.BankAccountNumber) ? AccountKind.Bank
            : Same(number, options.RefundAccountNumber) ? AccountKind.Refund
            : Same(number, options.HoldAccountNumber) ? AccountKind.Hold
            : Same(number, options.BreakageAccountNumber) ? AccountKind.Breakage
            : null;

    /// <summary>Gift card codes are typed by people: stored and looked up in upper-case ASCII.</summary>
    public static string CanonicalCode(string code) => code.ToUpperInvariant();

    /// <summary>ASCII case-insensitive equality; numbers are ASCII, so no culture can make two differ or match.</summary>
    public static bool Same(string? left, string? right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
}
