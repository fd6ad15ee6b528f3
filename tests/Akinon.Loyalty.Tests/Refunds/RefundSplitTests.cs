using Akinon.Loyalty.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Akinon.Loyalty.Tests.Refunds;

using Money = Akinon.Loyalty.Money;

/// <summary>The refund split as a pure function of the payment's legs, the earlier refunds and the amount.</summary>
public sealed class RefundSplitTests
{
    private static readonly Currency Eur = Currency.FromCode("EUR");
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid PaymentUuid = Guid.Parse("0b8d0d36-5c1e-4f4b-9a39-8b1f8c0e0001");
    private const long Sale = 1;

    private static Transaction Tx(TransactionKind kind, Guid uuid, Guid? paymentUuid, string? invoice, params (long Account, long Minor)[] legs) => new()
    {
        Id = 1,
        Uuid = uuid,
        Kind = kind,
        Currency = Eur,
        OrderNumber = "O-1",
        PaymentUuid = paymentUuid,
        InvoiceNumber = invoice,
        CreatedAt = Epoch,
        Transfers = legs.Select((l, i) => new Transfer
        {
            Id = i + 1,
            AccountId = l.Account,
            Amount = Money.FromMinorUnits(l.Minor, Eur),
            TransactionUuid = uuid,
            TransactionKind = kind,
            CreatedAt = Epoch,
        }).ToArray(),
    };

    /// <summary>A payment drawing 300 from account 10, then 200 from account 20, to Sale.</summary>
    private static Transaction Payment() => Tx(TransactionKind.OrderPayment, PaymentUuid, null, null, (10, -300), (20, -200), (Sale, 500));

    private static Transaction EarlierRefund(Guid? paymentUuid, string? invoice, params (long Account, long Minor)[] credits)
        => Tx(TransactionKind.Refund, Guid.NewGuid(), paymentUuid, invoice, [(Sale, -credits.Sum(c => c.Minor)), .. credits]);

    private static (long, long)[] Shape(List<LegDraft> legs) => legs.Select(l => (l.AccountId, l.Amount)).ToArray();

    [Fact]
    public void When_nothing_was_refunded_Then_the_last_drawn_account_gets_back_first()
        => Shape(RefundSplit.Split(Payment(), [], 150)).Should().Equal((20L, 150L));

    [Fact]
    public void When_the_amount_exceeds_the_last_drawn_share_Then_the_rest_goes_to_the_earlier_account()
        => Shape(RefundSplit.Split(Payment(), [], 350)).Should().Equal((20L, 200L), (10L, 150L));

    [Fact]
    public void When_an_earlier_refund_gave_back_part_Then_each_account_gets_at_most_what_is_left_of_its_share()
    {
        var earlier = EarlierRefund(PaymentUuid, null, (20, 150));

        Shape(RefundSplit.Split(Payment(), [earlier], 100)).Should().Equal((20L, 50L), (10L, 50L));
    }

    [Fact]
    public void Refunds_with_an_invoice_or_of_another_payment_do_not_reduce_any_accounts_share()
    {
        var withInvoice = EarlierRefund(PaymentUuid, "INV-1", (99, 200));
        var ofAnotherPayment = EarlierRefund(Guid.NewGuid(), null, (20, 200));

        Shape(RefundSplit.Split(Payment(), [withInvoice, ofAnotherPayment], 200)).Should().Equal((20L, 200L));
    }

    [Fact]
    public void When_the_sources_cannot_take_the_amount_back_Then_it_is_refused_as_exceeding_the_payment()
    {
        var earlier = EarlierRefund(PaymentUuid, null, (20, 200), (10, 250));

        var split = () => RefundSplit.Split(Payment(), [earlier], 100);

        split.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.RefundExceedsPayment);
    }

    [Fact]
    public void An_account_drawn_twice_carries_what_was_given_back_beyond_its_last_leg_to_its_earlier_leg()
    {
        var payment = Tx(TransactionKind.OrderPayment, PaymentUuid, null, null, (10, -100), (20, -100), (10, -100), (Sale, 300));
        var earlier = EarlierRefund(PaymentUuid, null, (10, 150));

        Shape(RefundSplit.Split(payment, [earlier], 150)).Should().Equal((20L, 100L), (10L, 50L));
    }

    [Property]
    public Property Successive_refunds_give_back_each_account_at_most_what_was_drawn_and_in_total_what_was_asked()
    {
        var gen =
            from drawCount in Gen.Choose(1, 5)
            from draws in Gen.Choose(1, 500).ArrayOf(drawCount)
            from partCount in Gen.Choose(1, 6)
            from parts in Gen.Choose(1, 400).ArrayOf(partCount)
            select (Draws: draws, Parts: parts);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (draws, parts) = (input.Draws, input.Parts);
            var legs = draws.Select((d, i) => (Account: (long)(10 + (i % 3)), Minor: -(long)d)).ToList();
            legs.Add((Sale, draws.Sum()));
            var payment = Tx(TransactionKind.OrderPayment, PaymentUuid, null, null, [.. legs]);
            var refunds = new List<Transaction>();
            var room = (long)draws.Sum();
            foreach (var part in parts)
            {
                if (part > room)
                {
                    continue;
                }

                var split = RefundSplit.Split(payment, refunds, part);
                split.Sum(l => l.Amount).Should().Be(part);
                split.Should().OnlyContain(l => l.Amount > 0);
                refunds.Add(EarlierRefund(PaymentUuid, null, [.. split.Select(l => (l.AccountId, l.Amount))]));
                room -= part;
            }

            var drawnBy = legs.Where(l => l.Minor < 0).GroupBy(l => l.Account).ToDictionary(g => g.Key, g => -g.Sum(l => l.Minor));
            var backBy = refunds.SelectMany(r => r.Transfers).Where(t => t.Amount.IsPositive).GroupBy(t => t.AccountId).ToDictionary(g => g.Key, g => g.Sum(t => t.Amount.ToMinorUnits()));
            backBy.Where(b => b.Value > drawnBy[b.Key]).Should().BeEmpty();
        });
    }
}
