using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Akinon.Loyalty.Internal;

/// <summary>Argument checks that report bad input as <see cref="LoyaltyException"/> with a stable code.</summary>
internal static class Guard
{
    /// <summary>The longest account number, order number, email, invoice number or key the ledger accepts.</summary>
    public const int MaxTextLength = 128;

    public static string Text([NotNull] string? value, string name, int maxLength = MaxTextLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"'{name}' is required and must not be empty."));
        }

        if (value.Length > maxLength)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"'{name}' is {value.Length} characters long; at most {maxLength} are allowed."));
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]))
            {
                throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"'{name}' must not contain control characters."));
            }
        }

        return value;
    }

    public static string? OptionalText(string? value, string name, int maxLength = MaxTextLength)
        => value is null ? null : Text(value, name, maxLength);

    public static long PositiveId(long value, string name)
    {
        if (value <= 0)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"'{name}' must be a positive id; {value} is not."));
        }

        return value;
    }

    public static Money PositiveAmount(Money amount, string name)
    {
        if (amount.Currency.IsDefault)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidCurrency, string.Create(CultureInfo.InvariantCulture, $"'{name}' has no currency."));
        }

        if (amount.Amount <= 0m)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidAmount, string.Create(CultureInfo.InvariantCulture, $"'{name}' must be greater than zero; {amount} is not."));
        }

        return amount;
    }

    public static Currency Currency(Currency currency, string name)
    {
        if (currency.IsDefault)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidCurrency, string.Create(CultureInfo.InvariantCulture, $"'{name}' is required."));
        }

        return currency;
    }

    public static int Limit(int limit, int max)
    {
        if (limit < 1 || limit > max)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"The page limit must be between 1 and {max}; {limit} is not."));
        }

        return limit;
    }

    public static void Skip(int skip)
    {
        if (skip < 0)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "Skip must not be negative.");
        }
    }

    public static void Position(long afterPosition)
    {
        if (afterPosition < 0)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, "The position to read after must not be negative.");
        }
    }

    /// <summary>The account listing's order and number list: a defined order, at most 100 numbers, each a valid text.</summary>
    public static void AccountListing(AccountQuery query)
    {
        if (!Enum.IsDefined(query.Order))
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"The account order {(int)query.Order} is not an AccountOrder."));
        }

        if (query.Numbers is { } numbers)
        {
            if (numbers.Count > MaxNumbers)
            {
                throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"At most {MaxNumbers} account numbers can be listed at once; {numbers.Count} were given."));
            }

            foreach (var number in numbers)
            {
                Text(number, nameof(query.Numbers));
            }
        }
    }

    private const int MaxNumbers = 100;
}
