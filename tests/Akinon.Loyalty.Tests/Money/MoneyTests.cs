using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Akinon.Loyalty.Tests.Money;

public sealed class MoneyTests
{
    private static readonly Currency Jpy = Currency.FromCode("JPY");
    private static readonly Currency Kwd = Currency.FromCode("KWD");

    [Fact]
    public void Amounts_keep_exactly_the_decimals_their_currency_allows()
    {
        Assert.Throws<LoyaltyException>(() => Akinon.Loyalty.Money.Of(1.5m, Jpy)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
        Akinon.Loyalty.Money.Of(100m, Jpy).ToMinorUnits().Should().Be(100);
        Akinon.Loyalty.Money.Of(1.234m, Kwd).ToMinorUnits().Should().Be(1234);
        Assert.Throws<LoyaltyException>(() => Akinon.Loyalty.Money.Of(1.2345m, Kwd)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
        Assert.Throws<LoyaltyException>(() => Akinon.Loyalty.Money.Of(1.001m, Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
        Akinon.Loyalty.Money.Of(1.0100m, Currency.EUR).Should().Be(Akinon.Loyalty.Money.Of(1.01m, Currency.EUR), "trailing zeros are not extra decimals");
    }

    [Fact]
    public void Amounts_are_written_as_Akinon_writes_them()
    {
        Akinon.Loyalty.Money.Of(100m, Currency.EUR).ToAmountString().Should().Be("100.00");
        Akinon.Loyalty.Money.Of(-14m, Currency.TRY).ToAmountString().Should().Be("-14.00");
        Akinon.Loyalty.Money.Of(20m, Jpy).ToAmountString().Should().Be("20");
        Akinon.Loyalty.Money.Of(0.5m, Kwd).ToAmountString().Should().Be("0.500");
        Akinon.Loyalty.Money.Of(138.4m, Currency.USD).ToString().Should().Be("138.40 USD");
    }

    [Theory]
    [InlineData("100.00", 100)]
    [InlineData("20", 20)]
    [InlineData("-14.5", -14.5)]
    [InlineData("0.01", 0.01)]
    public void Amount_text_parses_with_the_invariant_culture(string text, double expected)
    {
        Akinon.Loyalty.Money.Parse(text, Currency.EUR).Amount.Should().Be((decimal)expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,5")]
    [InlineData("1e2")]
    [InlineData("abc")]
    [InlineData("1.005")]
    [InlineData(" 1")]
    [InlineData("1 000")]
    [InlineData("NaN")]
    public void Malformed_amount_text_is_refused(string text)
    {
        Assert.Throws<LoyaltyException>(() => Akinon.Loyalty.Money.Parse(text, Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
    }

    [Theory]
    [InlineData("1.5\u0000")]
    [InlineData("5\u0000\u0000\u0000")]
    [InlineData("\u00005")]
    [InlineData("1\u0000.5")]
    [InlineData("1.5\n")]
    [InlineData("\t1.5")]
    [InlineData("1.5\u200b")]
    [InlineData("\u0661")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("-")]
    [InlineData("--1")]
    public void Amount_text_with_anything_but_a_sign_digits_and_one_dot_is_refused(string text)
    {
        Akinon.Loyalty.Money.TryParseAmount(text, out _).Should().BeFalse();
        Assert.Throws<LoyaltyException>(() => Akinon.Loyalty.Money.Parse(text, Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
    }

    [Theory]
    [InlineData("1.000", "EUR")]
    [InlineData("100.0", "JPY")]
    [InlineData("1.0000", "KWD")]
    [InlineData("0.00000", "CLF")]
    public void Amount_text_with_more_decimals_than_the_currency_has_is_refused_even_when_they_are_zeros(string text, string currency)
    {
        var act = () => Akinon.Loyalty.Money.Parse(text, Currency.FromCode(currency));
        act.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
    }

    [Theory]
    [InlineData("1.00", "EUR", 100)]
    [InlineData("1.0", "EUR", 100)]
    [InlineData("100", "JPY", 100)]
    [InlineData("1.000", "KWD", 1000)]
    [InlineData("+2.5", "EUR", 250)]
    public void Amount_text_with_at_most_the_currency_decimals_is_read_exactly(string text, string currency, long minorUnits)
        => Akinon.Loyalty.Money.Parse(text, Currency.FromCode(currency)).ToMinorUnits().Should().Be(minorUnits);

    [Fact]
    public void Amount_text_is_never_rounded_to_fit_a_decimal()
        => Akinon.Loyalty.Money.TryParseAmount("1.00000000000000000000000000001", out _).Should().BeFalse();

    [Fact]
    public void Mixing_currencies_is_refused()
    {
        var euros = Akinon.Loyalty.Money.Of(1, Currency.EUR);
        var lira = Akinon.Loyalty.Money.Of(1, Currency.TRY);
        Assert.Throws<LoyaltyException>(() => euros + lira).Code.Should().Be(LoyaltyErrorCode.CurrencyMismatch);
        Assert.Throws<LoyaltyException>(() => euros - lira).Code.Should().Be(LoyaltyErrorCode.CurrencyMismatch);
        Assert.Throws<LoyaltyException>(() => euros < lira).Code.Should().Be(LoyaltyErrorCode.CurrencyMismatch);
        (euros == lira).Should().BeFalse();
    }

    [Fact]
    public void Arithmetic_outside_the_ledger_range_is_refused_not_wrapped()
    {
        var max = Akinon.Loyalty.Money.FromMinorUnits(long.MaxValue, Currency.EUR);
        Assert.Throws<LoyaltyException>(() => max + Akinon.Loyalty.Money.Of(0.01m, Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.Overflow);
        Assert.Throws<LoyaltyException>(() => -max - Akinon.Loyalty.Money.Of(0.01m, Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.Overflow);
        Assert.Throws<LoyaltyException>(() => Akinon.Loyalty.Money.Of(100_000_000_000_000_000m, Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
    }

    [Property(MaxTest = 1000)]
    public void Minor_units_round_trip_exactly(long minor, bool jpy)
    {
        var currency = jpy ? Jpy : Currency.EUR;
        if (minor == long.MinValue)
        {
            minor = long.MaxValue;
        }

        var money = Akinon.Loyalty.Money.FromMinorUnits(minor, currency);
        money.ToMinorUnits().Should().Be(minor);
        Akinon.Loyalty.Money.Parse(money.ToAmountString(), currency).Should().Be(money);
    }

    [Property(MaxTest = 1000)]
    public void Addition_and_subtraction_are_exact_inverses(int a, int b)
    {
        var x = Akinon.Loyalty.Money.FromMinorUnits(a, Kwd);
        var y = Akinon.Loyalty.Money.FromMinorUnits(b, Kwd);
        ((x + y) - y).Should().Be(x);
        (x + y).ToMinorUnits().Should().Be((long)a + b);
        Akinon.Loyalty.Money.Min(x, y).Amount.Should().Be(Math.Min(x.Amount, y.Amount));
    }

    [Fact]
    public void The_count_below_the_symmetric_range_is_refused_when_read_from_minor_units()
    {
        Assert.Throws<LoyaltyException>(() => Akinon.Loyalty.Money.FromMinorUnits(long.MinValue, Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
        var lowest = Akinon.Loyalty.Money.FromMinorUnits(-long.MaxValue, Currency.EUR);
        (-lowest).ToMinorUnits().Should().Be(long.MaxValue, "negation never leaves the symmetric range");
    }

    [Fact]
    public void The_amount_is_the_minor_units_in_major_units_whatever_scale_it_was_written_with()
    {
        var money = Akinon.Loyalty.Money.Of(1.0m, Currency.EUR);
        money.Amount.Should().Be(1m);
        money.ToMinorUnits().Should().Be(100);
        money.GetHashCode().Should().Be(Akinon.Loyalty.Money.Of(1.00m, Currency.EUR).GetHashCode());
        Akinon.Loyalty.Money.Of(-0.0m, Currency.EUR).Should().Be(Akinon.Loyalty.Money.Zero(Currency.EUR));
        Akinon.Loyalty.Money.FromMinorUnits(-1405, Currency.EUR).Amount.Should().Be(-14.05m);
    }

    [Fact]
    public void The_default_money_is_zero_of_no_currency()
    {
        default(Akinon.Loyalty.Money).Amount.Should().Be(0m);
        default(Akinon.Loyalty.Money).ToMinorUnits().Should().Be(0);
        default(Akinon.Loyalty.Money).IsZero.Should().BeTrue();
        default(Akinon.Loyalty.Money).ToAmountString().Should().Be("0.00");
        default(Akinon.Loyalty.Money).Should().NotBe(Akinon.Loyalty.Money.Zero(Currency.EUR));
    }
}
