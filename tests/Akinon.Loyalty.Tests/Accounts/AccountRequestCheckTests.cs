namespace Akinon.Loyalty.Tests.Accounts;

using Money = Akinon.Loyalty.Money;

/// <summary>What a request to open an account is refused for on its own.</summary>
public sealed class AccountRequestCheckTests
{
    private static readonly Currency Eur = Currency.FromCode("EUR");
    private static readonly LoyaltyOptions Options = new();

    [Fact]
    public void An_account_without_a_user_is_refused()
    {
        var check = () => OpenAccount.Check(new CreateAccountRequest { Currency = Eur }, Options);

        check.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.InvalidArgument);
    }

    [Fact]
    public void An_opening_balance_in_another_currency_is_refused()
    {
        var check = () => OpenAccount.Check(new CreateAccountRequest { Currency = Eur, UserId = 1, Balance = Money.Of(5m, "TRY") }, Options);

        check.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.CurrencyMismatch);
    }

    [Fact]
    public void A_system_accounts_number_is_refused_in_any_case()
    {
        var check = () => OpenAccount.Check(new CreateAccountRequest { Currency = Eur, UserId = 1, Number = Options.BankAccountNumber.ToLowerInvariant() }, Options);

        check.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.DuplicateAccountNumber);
    }

    [Fact]
    public void The_opening_balance_is_read_in_minor_units()
        => OpenAccount.Check(new CreateAccountRequest { Currency = Eur, UserId = 1, Balance = Money.Of(12.34m, Eur) }, Options).Opening.Should().Be(1234);
}
