using System.Net;

namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    private static readonly IPAddress AuditAddress = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress OtherAddress = IPAddress.Parse("2001:db8::7");

    /// <summary>Every write that posts a transaction records its request's actor and remote address; the store keeps both as given and reads them back.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Every_posted_transaction_keeps_the_actor_and_remote_address_of_its_request()
    {
        var (ledger, _) = NewLedger(o => o.Enabled = true);
        var posted = new List<(string Actor, IPAddress? Address, Transaction Transaction)>();
        async Task<Transaction> NewestAsync() => (await ledger.ListTransactionsAsync(new TransactionQuery { Limit = 1 })).Items[0];

        var alice = await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1, Balance = Money.Of(100m, Currency.EUR), Actor = "open", RemoteAddress = AuditAddress });
        posted.Add(("open", AuditAddress, await NewestAsync()));
        var bob = await OpenAsync(ledger, 2, 0m);
        await ledger.UpdateAccountAsync(bob.Id, new UpdateAccountRequest { Balance = Money.Of(20m, Currency.EUR), Actor = "update", RemoteAddress = OtherAddress });
        posted.Add(("update", OtherAddress, await NewestAsync()));
        posted.Add(("transfer", AuditAddress, await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(5m, Currency.EUR), Actor = "transfer", RemoteAddress = AuditAddress })));
        var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "A-1", UserId = 1, Amount = Money.Of(30m, Currency.EUR), Actor = "pay", RemoteAddress = AuditAddress });
        posted.Add(("pay", AuditAddress, payment.Transaction!));
        var hold = await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "A-2", UserId = 2, Amount = Money.Of(3m, Currency.EUR), Actor = "authorize", RemoteAddress = null });
        posted.Add(("authorize", null, await ledger.GetTransactionAsync(hold.Transaction!.Uuid)));
        var refund = await ledger.RefundAsync(new RefundRequest { TransactionUuid = payment.Transaction!.Uuid, Amount = 10m, Actor = "refund", RemoteAddress = OtherAddress });
        posted.Add(("refund", OtherAddress, await ledger.GetTransactionAsync(refund.Uuid)));
        var cross = await ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "A-1", Amount = 5m, InvoiceNumber = "INV-A-1", Actor = "cross", RemoteAddress = AuditAddress });
        posted.Add(("cross", AuditAddress, await ledger.GetTransactionAsync(cross.Uuid)));
        var credit = await ledger.RefundToLoyaltyAsync(new RefundToLoyaltyRequest { OrderNumber = "A-3", UserId = 3, Amount = Money.Of(4m, Currency.EUR), IdempotencyKey = "credit-A-3", Actor = "credit", RemoteAddress = AuditAddress });
        posted.Add(("credit", AuditAddress, await ledger.GetTransactionAsync(credit.Uuid)));
        await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(7m, Currency.EUR), Actor = "card", RemoteAddress = OtherAddress });
        posted.Add(("card", OtherAddress, await NewestAsync()));

        payment.Transaction!.Actor.Should().Be("pay", "the store hands the payment back with its actor");
        payment.Transaction.RemoteAddress.Should().Be(AuditAddress);
        var listed = (await ledger.ListTransactionsAsync(new TransactionQuery { Limit = TransactionQuery.MaxLimit })).Items.ToDictionary(t => t.Uuid);
        foreach (var (actor, address, transaction) in posted)
        {
            transaction.Actor.Should().Be(actor);
            transaction.RemoteAddress.Should().Be(address, "for {0}", actor);
            var read = await ledger.GetTransactionAsync(transaction.Uuid);
            read.Actor.Should().Be(actor);
            read.RemoteAddress.Should().Be(address, "for {0}", actor);
            listed[transaction.Uuid].Actor.Should().Be(actor);
            listed[transaction.Uuid].RemoteAddress.Should().Be(address, "for {0}", actor);
        }

        listed.Keys.Should().BeEquivalentTo(posted.Select(p => p.Transaction.Uuid), "bob's account opened empty, posting nothing");
        await ShouldBalanceAsync(ledger);
    }

    /// <summary>A retry under the same key by another actor from another address replays the first transaction unchanged: the audit trail is part of no fingerprint.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_replay_by_another_actor_returns_the_first_transaction_unchanged()
    {
        var (ledger, _) = NewLedger(o => o.Enabled = true);
        var alice = await OpenAsync(ledger, 1, 100m);
        var bob = await OpenAsync(ledger, 2, 0m);
        var transfer = new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(5m, Currency.EUR), IdempotencyKey = "audit-transfer", Actor = "first", RemoteAddress = AuditAddress };
        var pay = new OrderPaymentRequest { OrderNumber = "R-1", UserId = 1, Amount = Money.Of(10m, Currency.EUR), Actor = "first", RemoteAddress = AuditAddress };
        var first = await ledger.TransferAsync(transfer);
        var firstPayment = await ledger.PayOrderAsync(pay);
        var before = await LedgerSnapshot.TakeAsync(ledger);

        var again = await ledger.TransferAsync(transfer with { Actor = "second", RemoteAddress = OtherAddress });
        var paymentAgain = await ledger.PayOrderAsync(pay with { Actor = "second", RemoteAddress = null });

        again.Should().BeEquivalentTo(first, "a replay returns the first transaction, actor and address included");
        again.Actor.Should().Be("first");
        again.RemoteAddress.Should().Be(AuditAddress);
        paymentAgain.Replayed.Should().BeTrue();
        paymentAgain.Transaction!.Uuid.Should().Be(firstPayment.Transaction!.Uuid);
        paymentAgain.Transaction.Actor.Should().Be("first");
        paymentAgain.Transaction.RemoteAddress.Should().Be(AuditAddress);
        (await ledger.GetTransactionAsync(first.Uuid)).Actor.Should().Be("first");
        var after = await LedgerSnapshot.TakeAsync(ledger);
        after.Accounts.Should().Equal(before.Accounts, "a replay writes nothing");
        after.Transfers.Should().Equal(before.Transfers, "a replay writes nothing");
    }

    /// <summary>An actor that is empty, too long or holds control characters is refused with InvalidArgument and changes nothing.</summary>
    /// <param name="actor">The actor.</param>
    /// <returns>A task.</returns>
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("key\nname")]
    [InlineData("a129")]
    public async Task A_malformed_actor_is_refused_and_changes_nothing(string actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor = actor == "a129" ? new string('a', LedgerRequest.MaxActorLength + 1) : actor;
        var (ledger, _) = NewLedger(o => o.Enabled = true);
        var alice = await OpenAsync(ledger, 1, 100m);
        var bob = await OpenAsync(ledger, 2, 0m);
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(5m, Currency.EUR), Actor = actor }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "M-1", UserId = 1, Amount = Money.Of(5m, Currency.EUR), Actor = actor }).AsTask());
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 3, Balance = Money.Of(1m, Currency.EUR), Actor = actor }).AsTask());
        var longest = new string('k', LedgerRequest.MaxActorLength);
        (await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(5m, Currency.EUR), Actor = longest })).Actor.Should().Be(longest);
    }

    /// <summary>An IPv4 client seen through a dual-stack socket is kept as IPv4, and an IPv6 address without its zone, by every store alike.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_remote_address_is_kept_in_its_canonical_form()
    {
        var (ledger, _) = NewLedger(o => o.Enabled = true);
        var alice = await OpenAsync(ledger, 1, 100m);
        var bob = await OpenAsync(ledger, 2, 0m);
        var mapped = await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(1m, Currency.EUR), RemoteAddress = AuditAddress.MapToIPv6() });
        var zoned = await ledger.TransferAsync(new TransferRequest { SourceAccountId = alice.Id, DestinationAccountId = bob.Id, Amount = Money.Of(1m, Currency.EUR), RemoteAddress = IPAddress.Parse("fe80::1%3") });

        mapped.RemoteAddress.Should().Be(AuditAddress);
        (await ledger.GetTransactionAsync(mapped.Uuid)).RemoteAddress.Should().Be(AuditAddress);
        (await ledger.GetTransactionAsync(zoned.Uuid)).RemoteAddress.Should().Be(IPAddress.Parse("fe80::1"));
        zoned.RemoteAddress.Should().Be(IPAddress.Parse("fe80::1"));
    }

    /// <summary>A capture and a void record their own requester, not the hold's; a copy by another actor replays the first; a hold the ledger voids on expiry names nobody.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Captures_and_voids_keep_their_own_actor_and_a_copy_replays_the_first()
    {
        var (ledger, _) = NewLedger(o => o.Enabled = true);
        await OpenAsync(ledger, 1, 100m);
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-A1", UserId = 1, Amount = Money.Of(10m, Currency.EUR), Actor = "checkout" });
        await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = "H-A2", UserId = 1, Amount = Money.Of(10m, Currency.EUR), Actor = "checkout" });

        var capture = await ledger.CaptureOrderAsync(new CaptureOrderRequest { OrderNumber = "H-A1", Amount = 4m, Actor = "warehouse", RemoteAddress = AuditAddress });
        var voided = await ledger.VoidOrderAsync(new VoidOrderRequest { OrderNumber = "H-A2", Actor = "support", RemoteAddress = OtherAddress });
        var before = await LedgerSnapshot.TakeAsync(ledger);
        var captureAgain = await ledger.CaptureOrderAsync(new CaptureOrderRequest { OrderNumber = "H-A1", Amount = 4m, Actor = "someone-else" });
        var voidAgain = await ledger.VoidOrderAsync("H-A2");

        capture.Transaction.Actor.Should().Be("warehouse");
        capture.Transaction.RemoteAddress.Should().Be(AuditAddress);
        (await ledger.GetTransactionAsync(capture.Transaction.Uuid)).Actor.Should().Be("warehouse");
        (await ledger.GetTransactionAsync(voided.Transaction.Uuid)).RemoteAddress.Should().Be(OtherAddress);
        captureAgain.Replayed.Should().BeTrue();
        captureAgain.Transaction.Actor.Should().Be("warehouse");
        voidAgain.Replayed.Should().BeTrue();
        voidAgain.Transaction.Actor.Should().Be("support");
        var after = await LedgerSnapshot.TakeAsync(ledger);
        after.Transfers.Should().Equal(before.Transfers, "a replay writes nothing");
        await ShouldRefuseAsync(ledger, LoyaltyErrorCode.InvalidArgument, () => ledger.CaptureOrderAsync(new CaptureOrderRequest { OrderNumber = "H-A1", Actor = "" }).AsTask());
    }
}
