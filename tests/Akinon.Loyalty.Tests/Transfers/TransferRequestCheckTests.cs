namespace Akinon.Loyalty.Tests.Transfers;

using Money = Akinon.Loyalty.Money;

/// <summary>What a transfer request is refused for on its own.</summary>
public sealed class TransferRequestCheckTests
{
    private static readonly Currency Eur = Currency.FromCode("EUR");

    [Fact]
    public void A_transfer_to_the_same_account_is_refused()
    {
        var check = () => TransferFunds.Check(new TransferRequest { SourceAccountId = 3, DestinationAccountId = 3, Amount = Money.Of(1m, Eur) });

        check.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.SameAccount);
    }

    [Fact]
    public void A_zero_amount_is_refused()
    {
        var check = () => TransferFunds.Check(new TransferRequest { SourceAccountId = 3, DestinationAccountId = 4, Amount = Money.Zero(Eur) });

        check.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
    }

    [Fact]
    public void A_caller_key_is_scoped_to_the_ledgers_one_key_namespace()
        => TransferFunds.Check(new TransferRequest { SourceAccountId = 3, DestinationAccountId = 4, Amount = Money.Of(1m, Eur), IdempotencyKey = "k" })
            .Key.Should().Be("key:k");
}
