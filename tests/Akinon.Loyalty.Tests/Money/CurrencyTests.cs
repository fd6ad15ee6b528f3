namespace Akinon.Loyalty.Tests.Money;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("eur", 2)]
    [InlineData("Try", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("CLF", 4)]
    [InlineData("ISK", 0)]
    public void Codes_parse_in_any_case_with_their_ISO_minor_units(string code, int minorUnits)
    {
        var currency = Currency.FromCode(code);
        currency.Code.Should().Be(code.ToUpperInvariant());
        currency.MinorUnits.Should().Be(minorUnits);
        currency.ToLowerCode().Should().Be(code.ToLowerInvariant());
    }

    [Theory]
    [InlineData("")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("XYZ")]
    [InlineData("XAU")]
    [InlineData("E1R")]
    [InlineData("ÉUR")]
    [InlineData(null)]
    public void Unknown_codes_are_refused_with_InvalidCurrency(string? code)
    {
        Currency.TryFromCode(code, out _).Should().BeFalse();
        Assert.Throws<LoyaltyException>(() => Currency.FromCode(code!)).Code.Should().Be(LoyaltyErrorCode.InvalidCurrency);
    }

    [Fact]
    public void The_table_holds_the_ISO_currencies_once_each_in_code_order()
    {
        Currency.All.Should().HaveCountGreaterThan(150);
        Currency.All.Select(c => c.Code).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
        Currency.All.Should().OnlyContain(c => c.MinorUnits >= 0 && c.MinorUnits <= 4);
    }

    [Fact]
    public void Equality_is_by_code_and_default_is_not_a_currency()
    {
        Currency.FromCode("usd").Should().Be(Currency.USD);
        (Currency.EUR == Currency.FromCode("EUR")).Should().BeTrue();
        (Currency.EUR != Currency.TRY).Should().BeTrue();
        default(Currency).IsDefault.Should().BeTrue();
        Currency.EUR.IsDefault.Should().BeFalse();
        Currency.EUR.GetHashCode().Should().Be(Currency.FromCode("eur").GetHashCode());
    }
}
