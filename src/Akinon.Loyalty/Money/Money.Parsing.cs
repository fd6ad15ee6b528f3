using System.Globalization;

namespace Akinon.Loyalty;

public readonly partial struct Money
{
    /// <summary>The longest amount text read; no amount the ledger can hold needs more.</summary>
    private const int MaxAmountTextLength = 40;

    /// <summary>
    /// Parses an amount written with a dot as the decimal separator (<c>"100.00"</c>, <c>"20"</c>,
    /// <c>"-14.5"</c>) with at most the currency's decimals: <c>"1.000"</c> is refused for EUR, trailing
    /// zeros included, because the text says more than the currency can hold.
    /// </summary>
    /// <param name="text">An optional sign, ASCII digits, and optionally a dot followed by digits; nothing else (no spaces, control characters, thousands separators or exponent).</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The money.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidAmount"/> when the text is not such an amount, has more decimals than the currency or is outside the ledger's range; <see cref="LoyaltyErrorCode.InvalidCurrency"/> for <see langword="default"/>(Currency).</exception>
    public static Money Parse(string text, Currency currency)
    {
        if (!TryReadAmount(text, out var amount, out var decimals))
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidAmount, string.Create(CultureInfo.InvariantCulture, $"'{Shown(text)}' is not an amount; write it like \"100.00\"."));
        }

        if (!currency.IsDefault && decimals > currency.MinorUnits)
        {
            throw new LoyaltyException(
                LoyaltyErrorCode.InvalidAmount,
                string.Create(CultureInfo.InvariantCulture, $"'{Shown(text)}' has {decimals} decimals; {currency.Code} has {currency.MinorUnits}, and amounts are never rounded."));
        }

        return Of(amount, currency);
    }

    /// <summary>
    /// Parses the text of an amount (<c>"100.00"</c>) without checking it against a currency: an optional
    /// sign, ASCII digits, and optionally a dot followed by digits, exactly representable as a
    /// <see cref="decimal"/>. Anything else, a control character or a space included, is refused.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="amount">The amount when the text is one, with as many decimals as the text has.</param>
    /// <returns>Whether the text is an amount.</returns>
    public static bool TryParseAmount(string? text, out decimal amount) => TryReadAmount(text, out amount, out _);

    /// <summary>The one reader of amount text, behind <see cref="Parse"/> and <see cref="TryParseAmount"/>.</summary>
    private static bool TryReadAmount(string? text, out decimal amount, out int decimals)
    {
        amount = 0m;
        decimals = 0;
        if (string.IsNullOrEmpty(text) || text.Length > MaxAmountTextLength)
        {
            return false;
        }

        // The grammar is checked by hand: decimal.TryParse alone lets trailing NULs through.
        var i = text[0] is '-' or '+' ? 1 : 0;
        var integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == integerStart)
        {
            return false;
        }

        if (i < text.Length)
        {
            if (text[i] != '.')
            {
                return false;
            }

            var fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            decimals = i - fractionStart;
            if (decimals == 0 || i != text.Length)
            {
                return false;
            }
        }

        // A decimal keeps the text's scale unless it had to round away digits it cannot hold.
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount)
            && amount.Scale == decimals;
    }

    private static string Shown(string? text) => text is null ? "(null)" : text.Length > 32 ? string.Concat(text.AsSpan(0, 32), "…") : text;
}
