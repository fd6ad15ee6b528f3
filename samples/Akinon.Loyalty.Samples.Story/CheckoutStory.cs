using Akinon.Loyalty;

namespace Akinon.Loyalty.Samples.Story;

/// <summary>
/// The checkout story, on whatever store the ledger uses: a customer with two accounts and a redeemed gift
/// card pays an order that needs all three; part comes back, the rest is cross-refunded onto an invoice
/// account, and a card payment is refunded as store credit. Then a gift card that expires, and a checkout with
/// loyalty plus card whose loyalty share is held: voided when the card is declined, captured when the next card
/// succeeds. Last, a statement and the liability report. Tables after each step, then a check. Each sample prints
/// its own title first, naming its store.
/// </summary>
public static class CheckoutStory
{
    public static async Task<bool> RunAsync(ILoyaltyLedger ledger)
    {
        var eur = Currency.FromCode("eur");
        const long Customer = 414185;

        // 1. The three system accounts, created on first use with the numbers in Akinon's API.
        foreach (var kind in new[] { AccountKind.Sale, AccountKind.Bank, AccountKind.Refund })
        {
            await ledger.GetSystemAccountAsync(kind, eur);
        }

        await Report.AccountsAsync(ledger, "1. System accounts");

        // 2. Akinon's example account: 100.00 EUR opening balance (an adjustment from Bank), debit allowed.
        var main = await ledger.CreateAccountAsync(new CreateAccountRequest
        {
            Number = "e74496da-c3e7-4a91-b382-514f638d2141",
            UserEmail = "john.doe@akinon.com",
            Balance = Money.Of(100.00m, eur),
            DebitAllowed = true,
            UserId = Customer,
            Currency = eur,
        });

        // A second account of the same customer, and a gift card the customer redeems.
        var second = await ledger.CreateAccountAsync(new CreateAccountRequest { UserId = Customer, UserEmail = "john.doe@akinon.com", Currency = eur, Balance = Money.Of(30m, eur) });
        var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(25m, eur) });
        await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = card.Number, Currency = eur, UserId = Customer, UserEmail = "john.doe@akinon.com" });

        // A friend gets 20.00 EUR from the customer's second account by a manual transfer, and sends 10.00 back.
        var friend = await ledger.CreateAccountAsync(new CreateAccountRequest { UserId = 414186, UserEmail = "jane.doe@akinon.com", Currency = eur });
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = second.Id, DestinationAccountId = friend.Id, Amount = Money.Of(20m, eur) });
        await ledger.TransferAsync(new TransferRequest { SourceAccountId = friend.Id, DestinationAccountId = second.Id, Amount = Money.Of(10m, eur) });
        await Report.AccountsAsync(ledger, "2. Customer accounts, a redeemed gift card and a transfer to a friend");

        // 3. An order of 150.00 EUR needs all three of the customer's accounts, oldest first.
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest
        {
            OrderNumber = "2428483542614519",
            OrderId = 189,
            UserId = Customer,
            UserEmail = "john.doe@akinon.com",
            Amount = Money.Of(150m, eur),
        });
        Report.Payment(payment);
        await Report.AccountsAsync(ledger, "3. After paying order 2428483542614519");

        // 4. Part of it comes back to the accounts it was drawn from, last drawn first.
        var refund = await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 20m });
        Report.Refund("4. Refund by transaction UUID", refund);

        // 5. The rest is cross-refunded by order number onto an invoice account for the customer.
        var rest = payment.Covered.Amount - refund.Amount.Amount;
        var crossRefund = await ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "2428483542614519", Amount = rest, InvoiceNumber = "IN010" });
        Report.Refund("5. Cross refund by order number onto invoice account IN010", crossRefund);

        // 6. An order paid by card is refunded as store credit, from the Refund account.
        var storeCredit = await ledger.RefundToLoyaltyAsync(new RefundToLoyaltyRequest
        {
            OrderNumber = "010101010",
            UserId = Customer,
            UserEmail = "john.doe@akinon.com",
            Amount = Money.Of(14m, eur),
            IdempotencyKey = "rma-010101010",
        });
        Report.Refund("6. Card refund given as store credit", storeCredit);

        // 7. A gift card that expires in 45 days; redeemed, it is drawn on first (soonest-expiring first).
        var promotion = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(60m, eur), ExpiresAt = TimeProvider.System.GetUtcNow().AddDays(45) });
        await ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = promotion.Number, Currency = eur, UserId = Customer, UserEmail = "john.doe@akinon.com" });

        // 8. Checkout with loyalty plus a card: the loyalty share is held while the card is charged. The card is
        //    declined, so the hold is voided and every cent goes back where it came from.
        var declined = await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "2428483542614520", UserId = Customer, Amount = Money.Of(40m, eur) }, TimeSpan.FromMinutes(30));
        Report.Authorization(declined);
        Report.Settlement("8. Card declined: the hold is voided", await ledger.VoidOrderAsync("2428483542614520"));

        // 9. The customer tries again with another card, which succeeds; one item is out of stock, so 35.00 of the
        //    40.00 held is captured (it becomes an order payment) and 5.00 goes back, last drawn first.
        var accepted = await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "2428483542614521", UserId = Customer, Amount = Money.Of(40m, eur) }, TimeSpan.FromMinutes(30));
        Report.Authorization(accepted);
        Report.Settlement("9. Card accepted: 35.00 captured, the rest released", await ledger.CaptureOrderAsync("2428483542614521", 35m));

        await Report.AccountsAsync(ledger, "Accounts at the end");
        await Report.TransfersAsync(ledger, "Transfer history (newest first)");

        // 10. The customer's statement (the whole history up to now) and what the shop owes in store credit.
        await Report.StatementAsync(ledger, $"10. Statement of account {main.Number}", main.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        await Report.LiabilityAsync(ledger, "11. Liability report (EUR, now)", eur, TimeProvider.System.GetUtcNow());

        return await Report.CheckAsync(ledger);
    }
}
