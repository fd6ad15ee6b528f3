using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Concurrency;

/// <summary>
/// Captures, voids and refunds debit Hold and Sale, system accounts that may not go below zero, on one bucket that
/// covers the debit and without locking the others. Many of them at once, each hold's capture racing its void, and
/// refunds racing both: exactly one settlement per hold, no bucket of Hold or Sale below zero, and every balance,
/// count and total exact afterwards.
/// </summary>
public sealed class HoldsSettledOnSharedBucketsTests
{
    private const int Orders = 40;
    private static readonly Currency Try = Currency.TRY;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Captures_racing_voids_and_refunds_settle_each_hold_once_and_keep_every_bucket_at_or_above_zero(bool batching)
    {
        await using var store = await PgStores.NewStoreAsync(o => o.Batching = batching);
        var ledger = PgStores.LedgerOver(store);
        for (var user = 1; user <= 4; user++)
        {
            await ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Try, UserId = user, Balance = Money.Of(1_000m, Try) });
        }

        var payments = new List<Guid>();
        for (var i = 0; i < Orders; i++)
        {
            await ledger.AuthorizeOrderAsync(new OrderPaymentRequest { OrderNumber = $"h-{i}", UserId = 1 + (i % 4), Amount = Money.Of(1m + (i % 7), Try) });
            var paid = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = $"p-{i}", UserId = 1 + (i % 4), Amount = Money.Of(2m + (i % 5), Try) });
            payments.Add(paid.Transaction!.Uuid);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<string> Send(Func<Task<string>> request)
        {
            await start.Task;
            try
            {
                return await request();
            }
            catch (LoyaltyException e)
            {
                return e.Code.ToString();
            }
        }

        var captures = Enumerable.Range(0, Orders).Select(i => Send(async () => (await ledger.CaptureOrderAsync($"h-{i}", i % 3 == 0 ? 1m : null)).Replayed ? "replayed" : "captured")).ToList();
        var voids = Enumerable.Range(0, Orders).Select(i => Send(async () => (await ledger.VoidOrderAsync($"h-{i}")).Replayed ? "replayed" : "voided")).ToList();
        var refunds = payments.Select(uuid => Send(async () => (await ledger.RefundAsync(new RefundRequest { TransactionUuid = uuid, Amount = 1m })).Amount.ToString())).ToList();
        start.SetResult();
        var captured = await Task.WhenAll(captures);
        var voided = await Task.WhenAll(voids);
        var refunded = await Task.WhenAll(refunds);

        for (var i = 0; i < Orders; i++)
        {
            new[] { captured[i], voided[i] }.Count(r => r is "captured" or "voided").Should().Be(1, $"hold h-{i} is settled exactly once ({captured[i]}, {voided[i]})");
            new[] { captured[i], voided[i] }.Should().Contain(r => r == nameof(LoyaltyErrorCode.IdempotencyConflict), "the other settlement conflicts");
        }

        refunded.Should().OnlyContain(r => r == Money.Of(1m, Try).ToString(), "every refund fits what its payment paid");
        (await ledger.GetSystemAccountAsync(AccountKind.Hold, Try)).Balance.Should().Be(Money.Of(0m, Try), "every hold was settled");
        await Invariants.AssertLedgerHoldsAsync(await PostgresServer.DataSourceAsync(), store.Schema);
    }
}
