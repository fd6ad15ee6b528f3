using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.Storage;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql;

public sealed partial class PostgreSqlLedgerStore : IOrderPaymentStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One round trip (shared with other writes when batching is on, see <see cref="PostgreSqlLedgerOptions.Batching"/>): the <c>pay_order</c> function claims the key, locks the user's giving accounts in ascending
    /// id, allocates on the locked balances and posts, returning the payment whole. Deadlocks and serialization
    /// failures are retried like any other write.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="draft"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The draft's target is not greater than zero.</exception>
    /// <exception cref="LoyaltyException">The key was used for a different request, or the Sale account is unusable.</exception>
    public async ValueTask<OrderPaymentOutcome> PayOrderAsync(OrderPaymentDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draft.Target, nameof(draft));
        return await WriteAsync(
            new StoreErrors.Context(draft.Currency, draft.IdempotencyKey),
            () => new BatchedWrite<OrderPaymentOutcome>(_sql.PayOrderInBatch, p => Arguments.Bind(p, Arguments.Payment, draft), ReadPayment)
            {
                Locks = new BatchLocks(draft.IdempotencyKey, [], draft.UserId, draft.SaleAccountId, null),
            },
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.PayOrder, connection);
                Arguments.Bind(command.Parameters, Arguments.Payment, draft);
                await command.PrepareAsync(ct).ConfigureAwait(false);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                return ReadPayment(reader);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row <c>pay_order</c> returns: no transaction when nothing was taken, else the payment whole.</summary>
    private static OrderPaymentOutcome ReadPayment(NpgsqlDataReader reader)
    {
        if (reader.IsDBNull(reader.GetOrdinal("id")))
        {
            return new OrderPaymentOutcome(null, [], Replayed: false);
        }

        var header = Rows.TransactionHeader(reader);
        var ids = Rows.Array<long>(reader, "o_transfer_ids");
        var accounts = Rows.Array<long>(reader, "o_accounts");
        var amounts = Rows.Array<long>(reader, "o_amounts");
        var numbers = Rows.Array<string?>(reader, "o_numbers");
        var balances = Rows.Array<long?>(reader, "o_balances_after");
        var transfers = new Transfer[ids.Length];
        var allocations = new List<Allocation>(ids.Length - 1);
        for (var i = 0; i < transfers.Length; i++)
        {
            var amount = Money.FromMinorUnits(amounts[i], header.Currency);

            // Every leg carries its transaction's UUID, kind, order number, currency and time (post_draft and
            // pay_order write them so), so the legs are rebuilt from the header.
            transfers[i] = new Transfer
            {
                Id = ids[i],
                AccountId = accounts[i],
                Amount = amount,
                TransactionUuid = header.Uuid,
                TransactionKind = header.Kind,
                OrderNumber = header.OrderNumber,
                CreatedAt = header.CreatedAt,
                BalanceAfter = balances.Length > i && balances[i] is { } after ? Money.FromMinorUnits(after, header.Currency) : null,
            };
            if (amounts[i] < 0)
            {
                allocations.Add(new Allocation(accounts[i], numbers[i] ?? "", -amount));
            }
        }

        return new OrderPaymentOutcome(header with { Transfers = transfers }, allocations, reader.GetBoolean(reader.GetOrdinal("o_replayed")));
    }
}
