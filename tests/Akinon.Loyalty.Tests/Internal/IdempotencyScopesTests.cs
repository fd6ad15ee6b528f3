using Akinon.Loyalty.Internal;

namespace Akinon.Loyalty.Tests.Internal;

/// <summary>
/// The persisted key prefixes and derived numbers: stored rows are read back by these exact strings, so a
/// change here would orphan every key already written.
/// </summary>
public sealed class IdempotencyScopesTests
{
    private static readonly Currency Try = Currency.FromCode("TRY");

    [Fact]
    public void Each_scope_writes_its_stored_form()
    {
        IdempotencyScopes.Caller("abc").Should().Be("key:abc");
        IdempotencyScopes.Payment("O-1").Should().Be("payment:O-1");
        IdempotencyScopes.RefundInvoice(Try, "INV-1").Should().Be("refund-invoice:TRY:INV-1");
        IdempotencyScopes.GiftCard(Try, "CODE").Should().Be("gift-card:TRY:CODE");
    }

    [Fact]
    public void No_caller_key_means_no_scoped_key()
        => IdempotencyScopes.Caller(null).Should().BeNull();

    [Fact]
    public void A_blank_caller_key_is_refused()
    {
        var scope = () => IdempotencyScopes.Caller("  ");

        scope.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.InvalidArgument);
    }

    [Fact]
    public void The_credit_account_number_depends_on_user_and_currency_only()
    {
        var number = IdempotencyScopes.CreditAccountNumber(42, Try);

        IdempotencyScopes.CreditAccountNumber(42, Try).Should().Be(number);
        IdempotencyScopes.CreditAccountNumber(43, Try).Should().NotBe(number);
        IdempotencyScopes.CreditAccountNumber(42, Currency.FromCode("EUR")).Should().NotBe(number);
        Guid.TryParseExact(number, "D", out _).Should().BeTrue();
    }
}
