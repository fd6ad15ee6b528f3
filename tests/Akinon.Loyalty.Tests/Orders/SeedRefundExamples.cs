using Akinon.Loyalty.Storage;
using Akinon.Loyalty.Testing;

namespace Akinon.Loyalty.Tests.Orders;

/// <summary>
/// The seed's "Refunding in Loyalty" and "Cross Refunding in Loyalty" examples, field by field, at the
/// ledger's level (the ASP.NET Core package checks the same examples on the wire).
/// </summary>
public sealed class SeedRefundExamples
{
    private readonly LoyaltyLedger _ledger = new(new InMemoryLedgerStore(), new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));

    private async Task<OrderPayment> PayTheSeedOrderAsync(string orderNumber)
    {
        var currency = Currency.FromCode("try");
        await _ledger.CreateAccountAsync(new CreateAccountRequest { UserId = 414148, UserEmail = "iso@iso.com", Currency = currency, Balance = Akinon.Loyalty.Money.Of(100m, currency) });
        return await _ledger.PayOrderAsync(new OrderPaymentRequest
        {
            OrderNumber = orderNumber,
            OrderId = 189,
            UserId = 414148,
            UserEmail = "iso@iso.com",
            Amount = Akinon.Loyalty.Money.Of(138.40m, currency),
        });
    }

    [Fact]
    public async Task Refund_by_transaction_uuid_with_invoice_number_IN010()
    {
        var payment = await PayTheSeedOrderAsync("2352410252911715");

        // { "transaction_uuid": ..., "amount": "20", "invoice_number": "IN010" }
        var refund = await _ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = decimal.Parse("20", System.Globalization.CultureInfo.InvariantCulture), InvoiceNumber = "IN010" });

        // { "pk": 2, "uuid": "...", "amount": "20.00", "order": 189, "user": 414148, "user_email": "iso@iso.com", "reference": "2352410252911715" }
        refund.Id.Should().BePositive();
        refund.Uuid.Should().NotBe(Guid.Empty).And.NotBe(payment.Transaction.Uuid);
        refund.Amount.ToAmountString().Should().Be("20.00");
        refund.OrderId.Should().Be(189);
        refund.UserId.Should().Be(414148);
        refund.UserEmail.Should().Be("iso@iso.com");
        refund.OrderNumber.Should().Be("2352410252911715");

        // "If invoice_number is sent, a new account will be created: Number: IN010, User: Order owner."
        var account = (await _ledger.FindAccountAsync("IN010", Currency.TRY))!;
        account.UserId.Should().Be(414148);
        account.Balance.ToAmountString().Should().Be("20.00");
    }

    [Fact]
    public async Task Cross_refund_by_order_number_010101010()
    {
        await PayTheSeedOrderAsync("010101010");

        // { "order_number": "010101010", "amount": "20", "invoice_number": "IN010" }
        var refund = await _ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "010101010", Amount = 20m, InvoiceNumber = "IN010" });

        refund.Amount.ToAmountString().Should().Be("20.00");
        refund.OrderId.Should().Be(189);
        refund.UserId.Should().Be(414148);
        refund.UserEmail.Should().Be("iso@iso.com");
        refund.OrderNumber.Should().Be("010101010");
        (await _ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.TRY)).Balance.ToAmountString().Should().Be("80.00");
    }
}
