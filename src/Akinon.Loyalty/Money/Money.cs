using System.Diagnostics.Contracts;
using System.Globalization;

namespace Akinon.Loyalty;

/// <summary>
/// An exact amount of one currency, held as the ledger's integer minor units (a signed 64-bit count of
/// cents, for EUR) and its currency; <see cref="Amount"/> is the decimal view of them. Arithmetic is exact,
/// never floating point; an amount with more decimals than its currency allows is refused (never
/// silently rounded); amounts of different currencies never mix. Immutable and thread-safe.
/// </summary>
public readonly partial struct Money : IEquatable<Money>, IComparable<Money>
{
    private static readonly decimal[] Scales = [1m, 10m, 100m, 1_000m, 10_000m];
    private static readonly ulong[] PowersOfTen = [1, 10, 100, 1_000, 10_000];

    // The packed state is what every draft and store speaks: a count of minor units within
    // -long.MaxValue..long.MaxValue (symmetric, so negation never overflows).
    private readonly long _minorUnits;

    private Money(long minorUnits, Currency currency)
    {
        _minorUnits = minorUnits;
        Currency = currency;
    }

    /// <summary>The amount, in major units (<c>12.34</c> for 12 euros and 34 cents).</summary>
    public decimal Amount
    {
        get
        {
            // The decimal is built from its parts: the count of minor units, scaled by the currency's decimals.
            var magnitude = _minorUnits < 0 ? unchecked((ulong)-_minorUnits) : (ulong)_minorUnits;
            return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, _minorUnits < 0, (byte)Currency.MinorUnits);
        }
    }

    /// <summary>The currency of the amount.</summary>
    public Currency Currency { get; }

    /// <summary>Whether the amount is zero.</summary>
    public bool IsZero => _minorUnits == 0;

    /// <summary>Whether the amount is below zero.</summary>
    public bool IsNegative => _minorUnits < 0;

    /// <summary>Whether the amount is above zero.</summary>
    public bool IsPositive => _minorUnits > 0;

    /// <summary>Creates an amount of a currency.</summary>
    /// <param name="amount">The amount in major units.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The money.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidAmount"/> when the amount has more decimals than the currency allows or does not fit the ledger's range; <see cref="LoyaltyErrorCode.InvalidCurrency"/> for <see langword="default"/>(Currency).</exception>
    public static Money Of(decimal amount, Currency currency) => new(ToMinorUnits(amount, currency), currency);

    /// <summary>Creates an amount from a currency code such as <c>"eur"</c>.</summary>
    /// <param name="amount">The amount in major units.</param>
    /// <param name="currencyCode">An ISO 4217 code, any case.</param>
    /// <returns>The money.</returns>
    /// <exception cref="LoyaltyException">As <see cref="Of(decimal, Akinon.Loyalty.Currency)"/>, and <see cref="LoyaltyErrorCode.InvalidCurrency"/> for an unknown code.</exception>
    public static Money Of(decimal amount, string currencyCode) => Of(amount, Currency.FromCode(currencyCode));

    /// <summary>Zero of a currency.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>Zero.</returns>
    public static Money Zero(Currency currency)
    {
        if (currency.IsDefault)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidCurrency, "A currency is required.");
        }

        return new Money(0, currency);
    }

    /// <summary>Creates an amount from a count of minor units (cents for EUR).</summary>
    /// <param name="minorUnits">The count of minor units.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The money.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidCurrency"/> for <see langword="default"/>(Currency); <see cref="LoyaltyErrorCode.InvalidAmount"/> for <see cref="long.MinValue"/>, which is outside the ledger's symmetric range.</exception>
    public static Money FromMinorUnits(long minorUnits, Currency currency)
    {
        if (currency.IsDefault)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidCurrency, "A currency is required.");
        }

        if (minorUnits == long.MinValue)
        {
            throw OutOfRange(new Money(minorUnits, currency).Amount, currency, null);
        }

        return new Money(minorUnits, currency);
    }

    /// <summary>The amount as a count of minor units (cents for EUR), exactly.</summary>
    /// <returns>The count of minor units.</returns>
    [Pure]
    public long ToMinorUnits() => _minorUnits;

    /// <summary>Writes the amount with exactly the currency's decimals and a dot, as Akinon does (<c>"100.00"</c>, <c>"-14.00"</c>).</summary>
    /// <returns>The amount text, without the currency.</returns>
    [Pure]
    public string ToAmountString()
    {
        var digits = Currency.IsDefault ? 2 : Currency.MinorUnits;
        return Amount.ToString(digits switch { 0 => "0", 1 => "0.0", 2 => "0.00", 3 => "0.000", _ => "0.0000" }, CultureInfo.InvariantCulture);
    }

    /// <summary>The amount and the currency code, for example <c>100.00 EUR</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Concat(ToAmountString(), " ", Currency.Code);

    internal static long ToMinorUnits(decimal amount, Currency currency)
    {
        if (currency.IsDefault)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidCurrency, "A currency is required.");
        }

        // Fast path: an amount with no more decimals than the currency, whose digits fit 64 bits, scales exactly
        // by an integer power of ten.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && scale <= currency.MinorUnits)
        {
            var magnitude = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
            var factor = PowersOfTen[currency.MinorUnits - scale];
            if (magnitude <= (ulong)long.MaxValue / factor)
            {
                var minor = (long)(magnitude * factor);
                return bits[3] < 0 ? -minor : minor;
            }
        }

        decimal scaled;
        try
        {
            scaled = amount * Scales[currency.MinorUnits];
        }
        catch (OverflowException e)
        {
            throw OutOfRange(amount, currency, e);
        }

        if (scaled != decimal.Truncate(scaled))
        {
            throw new LoyaltyException(
                LoyaltyErrorCode.InvalidAmount,
                string.Create(CultureInfo.InvariantCulture, $"{amount} has more decimals than {currency.Code} allows ({currency.MinorUnits}); amounts are never rounded."));
        }

        if (scaled > long.MaxValue || scaled < -long.MaxValue)
        {
            throw OutOfRange(amount, currency, null);
        }

        return decimal.ToInt64(scaled);
    }

    private static LoyaltyException OutOfRange(decimal amount, Currency currency, Exception? inner)
        => new(LoyaltyErrorCode.InvalidAmount, string.Create(CultureInfo.InvariantCulture, $"{amount} {currency.Code} is outside the range the ledger can hold."), inner);
}
