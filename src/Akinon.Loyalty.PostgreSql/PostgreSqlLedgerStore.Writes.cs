using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.Storage;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql;

public sealed partial class PostgreSqlLedgerStore
{
    private readonly Sql _sql;

    /// <inheritdoc />
    public async ValueTask<PostOutcome> PostAsync(TransactionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(draft.Legs);
        var (transactionId, transferIds, replayed, balances) = await WriteAsync(
            new StoreErrors.Context(draft.Currency, draft.IdempotencyKey),
            () => new BatchedWrite<(long, long[], bool, long?[])>(_sql.PostInBatch, p => Arguments.Bind(p, Arguments.Post, draft), ReadPosted)
            {
                Locks = new BatchLocks(draft.IdempotencyKey, [.. draft.Legs.Select(static l => l.AccountId)], null, null, draft.Refund?.PaymentUuid),
            },
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.Post, connection);
                Arguments.Bind(command.Parameters, Arguments.Post, draft);
                await command.PrepareAsync(ct).ConfigureAwait(false);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                return ReadPosted(reader);
            },
            cancellationToken).ConfigureAwait(false);

        if (replayed)
        {
            var original = await ReadBackAsync(LoadTransactionAsync(transactionId, cancellationToken)).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The transaction an idempotency key points to is missing.");
            return new PostOutcome(original, Replayed: true);
        }

        return new PostOutcome(Posted(draft, transactionId, transferIds, balances, newAccountId: null), Replayed: false);
    }

    /// <inheritdoc />
    public async ValueTask<AccountCreation> CreateAccountAsync(NewAccount account, TransactionDraft? funding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var (accountId, transactionId, transferIds, replayed, balances) = await WriteAsync(
            new StoreErrors.Context(funding?.Currency ?? account.Currency, funding?.IdempotencyKey, account.Number, account.Currency, account.IdempotencyKey),
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.CreateAccount, connection);
                Arguments.Bind(command.Parameters, Arguments.Creation, (account, BucketsFor(account.Kind), funding));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                return (
                    Rows.Long(reader, "o_account_id"),
                    Rows.NullableLong(reader, "o_transaction_id"),
                    Rows.Array<long>(reader, "o_transfer_ids"),
                    reader.GetBoolean(reader.GetOrdinal("o_replayed")),
                    Rows.Array<long?>(reader, "o_balances_after"));
            },
            cancellationToken).ConfigureAwait(false);

        var created = await ReadBackAsync(GetAccountAsync(accountId, cancellationToken)).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The account just created is missing.");
        Transaction? posted = null;
        if (transactionId is { } id)
        {
            posted = replayed || funding is null
                ? await ReadBackAsync(LoadTransactionAsync(id, cancellationToken)).ConfigureAwait(false)
                : Posted(funding, id, transferIds, balances, accountId);
        }

        return new AccountCreation(created, posted, replayed);
    }

    /// <inheritdoc />
    public async ValueTask<Account> GetOrCreateAccountAsync(NewAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var id = await WriteAsync(
            new StoreErrors.Context(account.Currency, null, account.Number, account.Currency),
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.GetOrCreateAccount, connection);
                Arguments.Bind(command.Parameters, Arguments.Account, (account, BucketsFor(account.Kind)));
                return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            },
            cancellationToken).ConfigureAwait(false);
        return await ReadBackAsync(GetAccountAsync(id, cancellationToken)).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The account just created is missing.");
    }

    /// <inheritdoc />
    public async ValueTask<Account> UpdateAccountAsync(AccountChanges changes, TransactionDraft? adjustment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await WriteAsync(
            new StoreErrors.Context(adjustment?.Currency ?? default, adjustment?.IdempotencyKey, AccountKey: changes.IdempotencyKey),
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.UpdateAccount, connection);
                Arguments.Bind(command.Parameters, Arguments.Update, (changes, adjustment));
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return await ReadBackAsync(GetAccountAsync(changes.AccountId, cancellationToken)).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The account just updated is missing.");
    }

    /// <summary>The row post_draft returns: the transaction's id, its transfers' ids, whether it was a replay, and the balances after each leg.</summary>
    private static (long TransactionId, long[] TransferIds, bool Replayed, long?[] BalancesAfter) ReadPosted(NpgsqlDataReader reader)
        => (Rows.Long(reader, "o_transaction_id"), Rows.Array<long>(reader, "o_transfer_ids"), reader.GetBoolean(reader.GetOrdinal("o_replayed")), Rows.Array<long?>(reader, "o_balances_after"));

    private short BucketsFor(AccountKind kind) => kind.IsSystem() ? (short)_options.SystemAccountBuckets : (short)0;

    /// <summary>The transaction just written, built from its draft, the ids the database gave it and the balances after each leg it wrote.</summary>
    private static Transaction Posted(TransactionDraft draft, long transactionId, long[] transferIds, long?[] balancesAfter, long? newAccountId)
    {
        var createdAt = Arguments.Stored(draft.CreatedAt);
        var transfers = new Transfer[draft.Legs.Count];
        for (var i = 0; i < transfers.Length; i++)
        {
            var leg = draft.Legs[i];
            var accountId = leg.AccountId == LegDraft.NewAccountId && newAccountId is { } created ? created : leg.AccountId;
            transfers[i] = draft.ToTransfer(transferIds[i], accountId, leg.Amount, createdAt, balancesAfter[i]);
        }

        return draft.ToTransaction(transactionId, createdAt, transfers);
    }
}
