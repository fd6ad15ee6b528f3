namespace Akinon.Loyalty.Tests.Orders;

using Money = Akinon.Loyalty.Money;

/// <summary>What a payment request is refused for on its own, and what loyalty may cover of it.</summary>
public sealed class PaymentRequestCheckTests
{
    private static readonly Currency Try = Currency.FromCode("TRY");

    private static OrderPaymentRequest Request(Money? cap = null) => new()
    {
        OrderNumber = "O-1",
        UserId = 7,
        Amount = Money.Of(100m, Try),
        MaxAmount = cap,
    };

    [Fact]
    public void Without_a_cap_loyalty_may_cover_the_whole_order()
        => PayOrder.Check(Request()).Target.Should().Be(Money.Of(100m, Try));

    [Fact]
    public void A_cap_below_the_order_amount_limits_what_loyalty_covers()
        => PayOrder.Check(Request(Money.Of(30m, Try))).Target.Should().Be(Money.Of(30m, Try));

    [Fact]
    public void A_cap_above_the_order_amount_covers_the_order_amount_only()
        => PayOrder.Check(Request(Money.Of(300m, Try))).Target.Should().Be(Money.Of(100m, Try));

    [Fact]
    public void A_negative_cap_is_refused()
    {
        var check = () => PayOrder.Check(Request(Money.Of(-1m, Try)));

        check.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
    }

    [Fact]
    public void A_cap_in_another_currency_is_refused()
    {
        var check = () => PayOrder.Check(Request(Money.Of(1m, "EUR")));

        check.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.CurrencyMismatch);
    }

    [Fact]
    public void The_payment_is_keyed_by_its_order_number_and_fingerprinted_by_every_field()
    {
        var (payment, _) = PayOrder.Check(Request());
        var (capped, _) = PayOrder.Check(Request(Money.Of(30m, Try)));

        payment.Key.Should().Be("payment:O-1");
        capped.Key.Should().Be(payment.Key);
        capped.Fingerprint.Should().NotBe(payment.Fingerprint);
    }
}
