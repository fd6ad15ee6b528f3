using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>Turns wire values (amount texts, currency codes, UUID texts) into domain values, reporting bad ones as <see cref="LoyaltyException"/> naming the field.</summary>
internal static class WireValues
{
    public static T Required<T>([NotNull] T? value, string field)
        where T : struct
        => value ?? throw Missing(field);

    public static string Required([NotNull] string? value, string field)
        => value ?? throw Missing(field);

    public static Currency Currency(string? code, string field = "currency")
    {
        var text = Required(code, field);
        if (!Loyalty.Currency.TryFromCode(text, out var currency))
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidCurrency, Text($"'{field}' must be an ISO 4217 currency code such as \"eur\"; '{Shown(text)}' is not."));
        }

        return currency;
    }

    /// <summary>Reads an amount whose currency is not known here: only its form is checked, the rest is the ledger's.</summary>
    public static decimal Amount(string? text, string field)
    {
        var value = Required(text, field);
        if (!Loyalty.Money.TryParseAmount(value, out var amount))
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidAmount, Text($"'{field}' must be an amount such as \"100.00\" or 20; '{Shown(value)}' is not."));
        }

        return amount;
    }

    /// <summary>Reads an amount of a known currency with <see cref="Loyalty.Money.Parse"/>, the one rule for amount text.</summary>
    public static Money Money(string? text, Currency currency, string field)
    {
        var value = Required(text, field);
        try
        {
            return Loyalty.Money.Parse(value, currency);
        }
        catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.InvalidAmount)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidAmount, Text($"'{field}': {e.Message}"), e);
        }
    }

    /// <summary>An amount for a request that carries a bare <see cref="decimal"/>: checked against the currency when it is known.</summary>
    public static decimal Amount(string? text, Currency? currency, string field)
        => currency is { } known ? Money(text, known, field).Amount : Amount(text, field);

    public static Money? OptionalMoney(string? text, Currency currency, string field)
        => text is null ? null : Money(text, currency, field);

    public static Guid Uuid(string? text, string field)
    {
        var value = Required(text, field);
        if (value.Length > 64 || !Guid.TryParse(value, out var uuid))
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, Text($"'{field}' must be a UUID such as \"51536d0f-10de-4ba3-98b6-6df05ede5b16\"; '{Shown(value)}' is not."));
        }

        return uuid;
    }

    public static LoyaltyException Missing(string field)
        => new(LoyaltyErrorCode.InvalidArgument, Text($"'{field}' is required."));

    public static string Shown(string text)
    {
        var shown = text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "…") : text;

        // A person reads the detail: a control character is named, not sent raw.
        return shown.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') < 0 && !shown.Contains('\u007f', StringComparison.Ordinal) ? shown : Escape(shown);
    }

    private static string Escape(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
