using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql;

public sealed partial class PostgreSqlLedgerStore : IOrderPaymentStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One round trip: the <c>pay_order</c> function claims the key, locks the user's giving accounts in ascending
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
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.PayOrder, connection);
                var p = command.Parameters;
                Add(p, draft.Uuid, NpgsqlDbType.Uuid);
                Add(p, draft.Currency.Code, NpgsqlDbType.Char);
                Add(p, Stored(draft.CreatedAt), NpgsqlDbType.TimestampTz);
                Add(p, draft.OrderNumber, NpgsqlDbType.Text);
                Add(p, draft.OrderId, NpgsqlDbType.Bigint);
                Add(p, draft.UserId, NpgsqlDbType.Bigint);
                Add(p, draft.UserEmail, NpgsqlDbType.Text);
                Add(p, draft.IdempotencyKey, NpgsqlDbType.Text);
                Add(p, draft.RequestFingerprint, NpgsqlDbType.Text);
                Add(p, draft.Target, NpgsqlDbType.Bigint);
                Add(p, draft.SaleAccountId, NpgsqlDbType.Bigint);
                Add(p, draft.Order == StoreAllocationOrder.SmallestBalanceFirst, NpgsqlDbType.Boolean);
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
        if (reader.IsDBNull(0))
        {
            return new OrderPaymentOutcome(null, [], Replayed: false);
        }

        var currency = Currency.FromCode(reader.GetString(4));
        var uuid = reader.GetGuid(2);
        var kind = (TransactionKind)reader.GetInt16(3);
        var orderNumber = reader.IsDBNull(5) ? null : reader.GetString(5);
        var createdAt = reader.GetFieldValue<DateTimeOffset>(12);
        var ids = reader.GetFieldValue<long[]>(14);
        var accounts = reader.GetFieldValue<long[]>(15);
        var amounts = reader.GetFieldValue<long[]>(16);
        var numbers = reader.GetFieldValue<string?[]>(17);
        var transfers = new Transfer[ids.Length];
        var allocations = new List<Allocation>(ids.Length - 1);
        for (var i = 0; i < transfers.Length; i++)
        {
            var amount = Money.FromMinorUnits(amounts[i], currency);

            // Every leg carries its transaction's UUID, kind, order number, currency and time (post_draft and
            // pay_order write them so), so the legs are rebuilt from the header.
            transfers[i] = new Transfer
            {
                Id = ids[i],
                AccountId = accounts[i],
                Amount = amount,
                TransactionUuid = uuid,
                TransactionKind = kind,
                OrderNumber = orderNumber,
                CreatedAt = createdAt,
            };
            if (amounts[i] < 0)
            {
                allocations.Add(new Allocation(accounts[i], numbers[i] ?? "", -amount));
            }
        }

        var transaction = new Transaction
        {
            Id = reader.GetInt64(0),
            Uuid = uuid,
            Kind = kind,
            Currency = currency,
            OrderNumber = orderNumber,
            OrderId = reader.IsDBNull(6) ? null : reader.GetInt64(6),
            UserId = reader.IsDBNull(7) ? null : reader.GetInt64(7),
            UserEmail = reader.IsDBNull(8) ? null : reader.GetString(8),
            PaymentUuid = reader.IsDBNull(9) ? null : reader.GetGuid(9),
            InvoiceNumber = reader.IsDBNull(10) ? null : reader.GetString(10),
            IdempotencyKey = reader.IsDBNull(11) ? null : reader.GetString(11),
            CreatedAt = createdAt,
            RequestFingerprint = reader.IsDBNull(13) ? null : reader.GetString(13),
            Transfers = transfers,
        };
        return new OrderPaymentOutcome(transaction, allocations, reader.GetBoolean(1));
    }
}
