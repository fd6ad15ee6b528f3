using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>The writes a cancellation test sends, by name.</summary>
    private static readonly Dictionary<string, Func<CancellationScene, CancellationToken, Task>> Writes = new()
    {
        ["create account"] = (s, t) => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.FromCode("NOK"), UserId = 1, Balance = Money.Of(5, Currency.FromCode("NOK")) }, t).AsTask(),
        ["update account"] = (s, t) => s.Ledger.UpdateAccountAsync(s.Account.Id, new UpdateAccountRequest { Balance = Money.Of(1, Currency.EUR), IdempotencyKey = "c-update" }, t).AsTask(),
        ["transfer"] = (s, t) => s.Ledger.TransferAsync(new TransferRequest { SourceAccountId = s.Account.Id, DestinationAccountId = s.Other.Id, Amount = Money.Of(1, Currency.EUR) }, t).AsTask(),
        ["pay order"] = (s, t) => s.Ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "C-2", UserId = 1, Amount = Money.Of(5, Currency.EUR) }, t).AsTask(),
        ["refund"] = (s, t) => s.Ledger.RefundAsync(new RefundRequest { TransactionUuid = s.Payment.Uuid, Amount = 1m }, t).AsTask(),
        ["cross refund"] = (s, t) => s.Ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "C-1", Amount = 1m, InvoiceNumber = "C-INV" }, t).AsTask(),
        ["refund to loyalty"] = (s, t) => s.Ledger.RefundToLoyaltyAsync(new RefundToLoyaltyRequest { OrderNumber = "C-3", UserId = 9, Amount = Money.Of(1, Currency.EUR), IdempotencyKey = "c-rtl" }, t).AsTask(),
        ["issue gift card"] = (s, t) => s.Ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(1, Currency.EUR) }, t).AsTask(),
        ["redeem gift card"] = (s, t) => s.Ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = s.Card.Number, Currency = Currency.EUR, UserId = 1 }, t).AsTask(),
    };

    /// <summary>The names of the writes that run in a retry loop, for <see cref="A_write_cancelled_between_attempts_stops_and_changes_nothing"/>.</summary>
    public static TheoryData<string> RetriedWriteNames => ["update account", "pay order", "refund", "redeem gift card"];

    /// <summary>The names of every write, for <see cref="A_write_with_a_cancelled_token_changes_nothing"/>.</summary>
    public static TheoryData<string> WriteNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in Writes.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    /// <summary>A write called with a cancelled token throws <see cref="OperationCanceledException"/> and changes nothing, system accounts included.</summary>
    /// <param name="name">The write.</param>
    /// <returns>A task.</returns>
    [Theory]
    [MemberData(nameof(WriteNames))]
    public async Task A_write_with_a_cancelled_token_changes_nothing(string name)
    {
        var scene = await CancellationScene.CreateAsync(CreateStore());
        var before = await LedgerSnapshot.TakeAsync(scene.Ledger);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Writes[name](scene, new CancellationToken(canceled: true)));

        (await LedgerSnapshot.TakeAsync(scene.Ledger)).SameAs(before).Should().BeTrue("a cancelled write changes nothing");
    }

    /// <summary>
    /// A write whose token is cancelled while it retries after a conflict stops at once with
    /// <see cref="OperationCanceledException"/>, tries no further write, and changes nothing.
    /// </summary>
    /// <param name="name">The write.</param>
    /// <returns>A task.</returns>
    [Theory]
    [MemberData(nameof(RetriedWriteNames))]
    public async Task A_write_cancelled_between_attempts_stops_and_changes_nothing(string name)
    {
        var scene = await CancellationScene.CreateAsync(CreateStore());
        var before = await LedgerSnapshot.TakeAsync(scene.Ledger);
        using var cancellation = new CancellationTokenSource();
        scene.Store.CancelOnNextWrite(cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Writes[name](scene, cancellation.Token));

        scene.Store.WritesAfterCancel.Should().Be(0, "no attempt follows the cancellation");
        (await LedgerSnapshot.TakeAsync(scene.Ledger)).SameAs(before).Should().BeTrue("a cancelled write changes nothing");
    }

    /// <summary>The ledger every cancellation test starts from, over a store that can fail one write as a conflict.</summary>
    private sealed class CancellationScene
    {
        public required LoyaltyLedger Ledger { get; init; }

        public required ConflictOnceStore Store { get; init; }

        public required Account Account { get; init; }

        public required Account Other { get; init; }

        public required Account Card { get; init; }

        public required Transaction Payment { get; init; }

        public static async Task<CancellationScene> CreateAsync(ILedgerStore inner)
        {
            var store = new ConflictOnceStore(inner);
            var ledger = new LoyaltyLedger(store, new FixedOptionsMonitor<LoyaltyOptions>(new LoyaltyOptions()));
            var account = await OpenAsync(ledger, 1, 50);
            var other = await OpenAsync(ledger, 2, 0);
            var card = await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR) });
            var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "C-1", UserId = 1, Amount = Money.Of(10, Currency.EUR) });
            return new CancellationScene { Ledger = ledger, Store = store, Account = account, Other = other, Card = card, Payment = payment.Transaction! };
        }
    }

    /// <summary>
    /// Forwards to a store (offering only <see cref="ILedgerStore"/>, so payments go the retrying way); once armed, its next
    /// write cancels a token and fails as a concurrency conflict, as if another writer had got there first.
    /// </summary>
    private sealed class ConflictOnceStore(ILedgerStore inner) : ForwardingStore(inner)
    {
        private CancellationTokenSource? _armed;
        private bool _cancelled;

        public int WritesAfterCancel { get; private set; }

        public void CancelOnNextWrite(CancellationTokenSource cancellation) => _armed = cancellation;

        protected override ValueTask BeforeWriteAsync()
        {
            if (_cancelled)
            {
                WritesAfterCancel++;
            }

            if (_armed is { } armed)
            {
                _armed = null;
                _cancelled = true;
                armed.Cancel();
                throw new LoyaltyException(LoyaltyErrorCode.ConcurrencyConflict, "Another writer got there first (a test conflict).");
            }

            return ValueTask.CompletedTask;
        }
    }
}
