using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Akinon.Loyalty;

/// <summary>
/// An ISO 4217 currency with defined minor units (EUR: 2, JPY: 0, KWD: 3). Values come from the full
/// ISO table (<see cref="All"/>); codes are parsed case-insensitively (Akinon writes <c>"try"</c>,
/// <c>"eur"</c>). Immutable and thread-safe.
/// </summary>
/// <remarks><see langword="default"/>(Currency) is not a currency: <see cref="IsDefault"/> is
/// <see langword="true"/> and every operation that needs one refuses it.</remarks>
public readonly partial struct Currency : IEquatable<Currency>, IComparable<Currency>
{
    private readonly string? _code;
    private readonly byte _minorUnits;

    private Currency(string code, byte minorUnits)
    {
        _code = code;
        _minorUnits = minorUnits;
    }

    /// <summary>The three-letter upper-case ISO 4217 code, for example <c>EUR</c>.</summary>
    public string Code => _code ?? "";

    /// <summary>How many decimals an amount of this currency may have (its ISO 4217 minor units).</summary>
    public int MinorUnits => _minorUnits;

    /// <summary>Whether this is <see langword="default"/>(Currency) rather than a real currency.</summary>
    public bool IsDefault => _code is null;

    /// <summary>The Euro.</summary>
    public static Currency EUR => FromCode("EUR");

    /// <summary>The US dollar.</summary>
    public static Currency USD => FromCode("USD");

    /// <summary>The Turkish lira.</summary>
    public static Currency TRY => FromCode("TRY");

    /// <summary>Every currency of the ISO 4217 table that has defined minor units, ordered by code.</summary>
    public static IReadOnlyList<Currency> All => Table.Ordered;

    /// <summary>Returns the currency with the given ISO 4217 code, in any letter case.</summary>
    /// <param name="code">A three-letter code such as <c>"EUR"</c> or <c>"try"</c>.</param>
    /// <returns>The currency.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.InvalidCurrency"/> when the code is not a known ISO 4217 currency.</exception>
    public static Currency FromCode(string code)
    {
        if (TryFromCode(code, out var currency))
        {
            return currency;
        }

        var shown = code is null ? "(null)" : code.Length > 16 ? string.Concat(code.AsSpan(0, 16), "…") : code;
        throw new LoyaltyException(LoyaltyErrorCode.InvalidCurrency, string.Create(CultureInfo.InvariantCulture, $"'{shown}' is not an ISO 4217 currency code with defined minor units."));
    }

    /// <summary>Looks a currency up by its ISO 4217 code, in any letter case.</summary>
    /// <param name="code">A three-letter code.</param>
    /// <param name="currency">The currency when found; otherwise <see langword="default"/>.</param>
    /// <returns>Whether the code is known.</returns>
    public static bool TryFromCode([NotNullWhen(true)] string? code, out Currency currency)
    {
        currency = default;
        if (code is null || code.Length != 3)
        {
            return false;
        }

        Span<char> upper = stackalloc char[3];
        for (var i = 0; i < 3; i++)
        {
            var c = code[i];
            if (c is >= 'a' and <= 'z')
            {
                c = (char)(c - 32);
            }
            else if (c is < 'A' or > 'Z')
            {
                return false;
            }

            upper[i] = c;
        }

        var index = Table.IndexOf(upper);
        if (index < 0)
        {
            return false;
        }

        currency = Table.Ordered[index];
        return true;
    }

    /// <summary>Returns the code in lower case, as Akinon's wire format writes it (<c>"eur"</c>).</summary>
    /// <returns>The lower-case code.</returns>
    public string ToLowerCode() => Table.LowerCodes[Table.IndexOf(Code.AsSpan())];

    /// <inheritdoc />
    public bool Equals(Currency other) => string.Equals(_code, other._code, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Currency other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // A code is three ASCII letters from the table (at most a few hundred values, so no input can flood a table
        // keyed by currency): its characters are the hash, with none of a string hash's cost on every look-up.
        var hash = 0;
        foreach (var c in _code ?? "")
        {
            hash = (hash * 31) + c;
        }

        return hash;
    }

    /// <inheritdoc />
    public int CompareTo(Currency other) => string.CompareOrdinal(_code, other._code);

    /// <summary>The ISO code, for example <c>EUR</c>.</summary>
    /// <returns>The code.</returns>
    public override string ToString() => Code;

    /// <summary>Whether two currencies are the same.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(Currency left, Currency right) => left.Equals(right);

    /// <summary>Whether two currencies differ.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(Currency left, Currency right) => !left.Equals(right);

    /// <summary>Orders currencies by code.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(Currency left, Currency right) => left.CompareTo(right) < 0;

    /// <summary>Orders currencies by code.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(Currency left, Currency right) => left.CompareTo(right) <= 0;

    /// <summary>Orders currencies by code.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(Currency left, Currency right) => left.CompareTo(right) > 0;

    /// <summary>Orders currencies by code.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(Currency left, Currency right) => left.CompareTo(right) >= 0;
}
