using System.Diagnostics.Contracts;
using System.Globalization;

namespace Akinon.Loyalty;

public readonly partial struct Money
{
    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.CurrencyMismatch"/> for different currencies; <see cref="LoyaltyErrorCode.Overflow"/> when the sum leaves the ledger's range.</exception>
    public static Money operator +(Money left, Money right)
    {
        var currency = SameCurrency(left, right);
        return new Money(CheckedMinor(left._minorUnits, right._minorUnits, add: true), currency);
    }

    /// <summary>Subtracts an amount from another of the same currency.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.CurrencyMismatch"/> for different currencies; <see cref="LoyaltyErrorCode.Overflow"/> when the result leaves the ledger's range.</exception>
    public static Money operator -(Money left, Money right)
    {
        var currency = SameCurrency(left, right);
        return new Money(CheckedMinor(left._minorUnits, right._minorUnits, add: false), currency);
    }

    /// <summary>The same amount with the opposite sign.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The negated amount.</returns>
    public static Money operator -(Money value) => new(-value._minorUnits, value.Currency);

    /// <summary>Adds two amounts of the same currency (the named form of <c>+</c>).</summary>
    /// <param name="other">The amount to add.</param>
    /// <returns>The sum.</returns>
    [Pure]
    public Money Plus(Money other) => this + other;

    /// <summary>Subtracts an amount of the same currency (the named form of <c>-</c>).</summary>
    /// <param name="other">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    [Pure]
    public Money Minus(Money other) => this - other;

    /// <summary>The same amount with the opposite sign.</summary>
    /// <returns>The negated amount.</returns>
    [Pure]
    public Money Negate() => -this;

    /// <summary>The smaller of two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The smaller amount.</returns>
    public static Money Min(Money left, Money right) => left <= right ? left : right;

    /// <inheritdoc />
    public bool Equals(Money other) => Currency == other.Currency && _minorUnits == other._minorUnits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Currency, _minorUnits);

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="other">The other amount.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="LoyaltyException"><see cref="LoyaltyErrorCode.CurrencyMismatch"/> for different currencies.</exception>
    public int CompareTo(Money other)
    {
        SameCurrency(this, other);
        return _minorUnits.CompareTo(other._minorUnits);
    }

    /// <summary>Whether two amounts are equal (same currency, same value; <c>1.0</c> equals <c>1.00</c>).</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison.</returns>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Whether two amounts differ.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison.</returns>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    private static Currency SameCurrency(Money left, Money right)
    {
        if (left.Currency != right.Currency)
        {
            throw new LoyaltyException(
                LoyaltyErrorCode.CurrencyMismatch,
                string.Create(CultureInfo.InvariantCulture, $"Cannot combine {left.Currency.Code} with {right.Currency.Code}."));
        }

        return left.Currency;
    }

    private static long CheckedMinor(long left, long right, bool add)
    {
        try
        {
            var result = add ? checked(left + right) : checked(left - right);
            if (result == long.MinValue)
            {
                throw new OverflowException();
            }

            return result;
        }
        catch (OverflowException e)
        {
            throw new LoyaltyException(LoyaltyErrorCode.Overflow, "The result is outside the range the ledger can hold.", e);
        }
    }
}
