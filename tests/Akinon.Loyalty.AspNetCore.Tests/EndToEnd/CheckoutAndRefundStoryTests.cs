using Akinon.Loyalty.AspNetCore.Wire;

namespace Akinon.Loyalty.AspNetCore.Tests.EndToEnd;

/// <summary>
/// A commerce back end's day with one customer, over HTTP against Kestrel on 127.0.0.1: welcome credit, a
/// gift card, a checkout paid partly with loyalty money (and retried), a partial return refunded by
/// transaction, the rest refunded by order number onto an invoice account, and one refund too many.
/// </summary>
public sealed class CheckoutAndRefundStoryTests : ServerTest
{
    private const long Customer = 5001;

    [Fact]
    public async Task A_checkout_paid_partly_with_loyalty_money_and_refunded_in_two_steps_balances_to_the_cent()
    {
        Server.Address.Host.Should().Be("127.0.0.1");
        var shop = new LoyaltyApiClient(Server.Client, "1");

        // Welcome credit, retried by a nervous client: one account.
        var welcome = await shop.OpenAccountAsync(new CreateAccountBody { User = Customer, UserEmail = "cem@example.com", Currency = "EUR", Balance = "20" }, "welcome-5001");
        (await shop.OpenAccountAsync(new CreateAccountBody { User = Customer, UserEmail = "cem@example.com", Currency = "EUR", Balance = "20" }, "welcome-5001")).Pk.Should().Be(welcome.Pk);
        welcome.Balance.Should().Be("20.00");

        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        var card = await shop.IssueGiftCardAsync(new GiftCardBody { Amount = "50.00", Currency = "eur", Code = "CEM-BIRTHDAY", User = Customer, UserEmail = "cem@example.com" });
        card.Balance.Should().Be("50.00");

        var owned = await shop.ListAccountsAsync($"user={Customer}&currency=eur");
        owned.Count.Should().Be(2);
        owned.Results.Select(a => a.Pk).Should().Equal(welcome.Pk, card.Pk);

        // Checkout: a 120.00 order, at most 60.00 from loyalty money; the client retries after a timeout.
        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        var order = new OrderPaymentBody { OrderNumber = "SO-1001", Order = 77, User = Customer, UserEmail = "cem@example.com", Currency = "eur", Amount = "120.00", MaxAmount = "60" };
        var payment = await shop.PayOrderAsync(order, HttpStatusCode.Created);
        payment.Amount.Should().Be("60.00");
        payment.Remaining.Should().Be("60.00");
        payment.Transfers.Select(t => (t.Account, t.Amount)).Should().Equal((welcome.Pk, "20.00"), (card.Pk, "40.00"));
        var retried = await shop.PayOrderAsync(order, HttpStatusCode.OK);
        retried.Should().BeEquivalentTo(payment);

        // A partial return: 25.00 back by transaction, retried under the same key; it goes to the card, drawn last.
        Server.Clock.Advance(TimeSpan.FromDays(2));
        var refundBody = new RefundBody { TransactionUuid = payment.Uuid!.Value.ToString(), Amount = "25" };
        var refund = await shop.RefundAsync(refundBody, "return-SO-1001-1");
        (await shop.RefundAsync(refundBody, "return-SO-1001-1")).Uuid.Should().Be(refund.Uuid);
        refund.Should().BeEquivalentTo(new { Amount = "25.00", Order = 77L, User = Customer, UserEmail = "cem@example.com", Reference = "SO-1001" });

        // The rest by order number, onto an invoice account; then one cent more is refused.
        var rest = await shop.CrossRefundAsync(new CrossRefundBody { OrderNumber = "SO-1001", Amount = "35.00", InvoiceNumber = "INV-77" });
        rest.Amount.Should().Be("35.00");
        var problem = await shop.RefusedAsync("loyalty-transactions/cross-refund/", new CrossRefundBody { OrderNumber = "SO-1001", Amount = "0.01" }, HttpStatusCode.BadRequest);
        problem.Code.Should().Be("refund_exceeds_payment");

        // Where the money is now: nothing lost, nothing made.
        (await shop.GetAccountAsync(welcome.Pk)).Balance.Should().Be("0.00");
        (await shop.GetAccountAsync(card.Pk)).Balance.Should().Be("35.00");
        var invoice = (await shop.ListAccountsAsync("number=INV-77")).Results.Should().ContainSingle().Subject;
        invoice.User.Should().Be(Customer);
        invoice.Balance.Should().Be("35.00");

        var everything = await shop.ListAccountsAsync("currency=eur&limit=1000");
        everything.Results.Sum(a => decimal.Parse(a.Balance, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(0m, "per currency, all balances sum to zero");
        everything.Results.Single(a => a.Number == LoyaltyOptions.DefaultSaleAccountNumber).Balance.Should().Be("0.00");

        var orderTransfers = await shop.ListTransfersAsync("order=SO-1001");
        orderTransfers.Count.Should().Be(7, "the payment has three legs, the refund two, the cross refund two");
        orderTransfers.Results.Select(t => t.Transaction.Uuid).Distinct().Should().HaveCount(3);
        orderTransfers.Results.Sum(t => decimal.Parse(t.Amount, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(0m);
        orderTransfers.Results.Select(t => t.CreatedDate).Should().BeInDescendingOrder();
        orderTransfers.Results.Should().OnlyContain(t => t.Transaction.Order == "SO-1001" && t.Currency == "eur");

        var customerTransfers = await shop.ListTransfersAsync($"user={Customer}&limit=2");
        customerTransfers.Count.Should().Be(6, "welcome credit, gift card, two payment legs, the refund to the card and the one to the invoice account move the customer's accounts");
        customerTransfers.Results.Select(t => t.Amount).Should().Equal("35.00", "25.00");
        customerTransfers.Next.Should().NotBeNull();
    }
}
