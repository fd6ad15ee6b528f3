using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql;

public sealed partial class PostgreSqlLedgerStore
{
    private readonly Sql _sql;

    /// <inheritdoc />
    public async ValueTask<PostOutcome> PostAsync(TransactionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(draft.Legs);
        var (transactionId, transferIds, replayed) = await WriteAsync(
            new StoreErrors.Context(draft.Currency, draft.IdempotencyKey),
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.Post, connection);
                AddDraft(command.Parameters, draft);
                await command.PrepareAsync(ct).ConfigureAwait(false);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                return (reader.GetInt64(0), reader.IsDBNull(1) ? [] : reader.GetFieldValue<long[]>(1), reader.GetBoolean(2));
            },
            cancellationToken).ConfigureAwait(false);

        if (replayed)
        {
            var original = await ReadBackAsync(LoadTransactionAsync(transactionId, cancellationToken)).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The transaction an idempotency key points to is missing.");
            return new PostOutcome(original, Replayed: true);
        }

        return new PostOutcome(Posted(draft, transactionId, transferIds, newAccountId: null), Replayed: false);
    }

    /// <inheritdoc />
    public async ValueTask<AccountCreation> CreateAccountAsync(NewAccount account, TransactionDraft? funding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var (accountId, transactionId, transferIds, replayed) = await WriteAsync(
            new StoreErrors.Context(funding?.Currency ?? account.Currency, funding?.IdempotencyKey, account.Number, account.Currency, account.IdempotencyKey),
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_sql.CreateAccount, connection);
                var p = command.Parameters;
                AddAccount(p, account);
                Add(p, account.IdempotencyKey, NpgsqlDbType.Text);
                Add(p, account.RequestFingerprint, NpgsqlDbType.Text);
                Add(p, BucketsFor(account.Kind), NpgsqlDbType.Smallint);
                AddDraft(p, funding);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                return (
                    reader.GetInt64(0),
                    reader.IsDBNull(1) ? (long?)null : reader.GetInt64(1),
                    reader.IsDBNull(2) ? [] : reader.GetFieldValue<long[]>(2),
                    reader.GetBoolean(3));
            },
            cancellationToken).ConfigureAwait(false);

        var created = await ReadBackAsync(GetAccountAsync(accountId, cancellationToken)).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The account just created is missing.");
        Transaction? posted = null;
        if (transactionId is { } id)
        {
            posted = replayed || funding is null
                ? await ReadBackAsync(LoadTransactionAsync(id, cancellationToken)).ConfigureAwait(false)
                : Posted(funding, id, transferIds, accountId);
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
                AddAccount(command.Parameters, account);
                Add(command.Parameters, BucketsFor(account.Kind), NpgsqlDbType.Smallint);
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
                var p = command.Parameters;
                Add(p, changes.AccountId, NpgsqlDbType.Bigint);
                Add(p, changes.ExpectedVersion, NpgsqlDbType.Bigint);
                Add(p, changes.DebitAllowed, NpgsqlDbType.Boolean);
                Add(p, changes.UserEmail, NpgsqlDbType.Text);
                Add(p, changes.UserId, NpgsqlDbType.Bigint);
                Add(p, Stored(changes.ModifiedAt), NpgsqlDbType.TimestampTz);
                Add(p, changes.IdempotencyKey, NpgsqlDbType.Text);
                Add(p, changes.RequestFingerprint, NpgsqlDbType.Text);
                AddDraft(p, adjustment);
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return await ReadBackAsync(GetAccountAsync(changes.AccountId, cancellationToken)).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The account just updated is missing.");
    }

    private short BucketsFor(AccountKind kind) => kind.IsSystem() ? (short)_options.SystemAccountBuckets : (short)0;

    private static void AddAccount(NpgsqlParameterCollection p, NewAccount account)
    {
        Add(p, account.Number, NpgsqlDbType.Text);
        Add(p, account.Currency.Code, NpgsqlDbType.Char);
        Add(p, (short)account.Kind, NpgsqlDbType.Smallint);
        Add(p, account.UserId, NpgsqlDbType.Bigint);
        Add(p, account.UserEmail, NpgsqlDbType.Text);
        Add(p, account.DebitAllowed, NpgsqlDbType.Boolean);
        Add(p, Stored(account.CreatedAt), NpgsqlDbType.TimestampTz);
    }

    /// <summary>The 19 parameters of a draft, in the order the SQL functions take them; all null without a draft.</summary>
    private static void AddDraft(NpgsqlParameterCollection p, TransactionDraft? draft)
    {
        var legs = draft?.Legs;
        long[]? accounts = null, amounts = null;
        bool[]? keep = null;
        long?[]? expected = null;
        if (legs is not null)
        {
            accounts = new long[legs.Count];
            amounts = new long[legs.Count];
            keep = new bool[legs.Count];
            expected = new long?[legs.Count];
            for (var i = 0; i < legs.Count; i++)
            {
                accounts[i] = legs[i].AccountId;
                amounts[i] = legs[i].Amount;
                keep[i] = legs[i].NeverBelowZero;
                expected[i] = legs[i].ExpectedVersion;
            }
        }

        Add(p, draft?.Uuid, NpgsqlDbType.Uuid);
        Add(p, draft is null ? null : (short)draft.Kind, NpgsqlDbType.Smallint);
        Add(p, draft?.Currency.Code, NpgsqlDbType.Char);
        Add(p, draft is null ? null : Stored(draft.CreatedAt), NpgsqlDbType.TimestampTz);
        Add(p, draft?.OrderNumber, NpgsqlDbType.Text);
        Add(p, draft?.OrderId, NpgsqlDbType.Bigint);
        Add(p, draft?.UserId, NpgsqlDbType.Bigint);
        Add(p, draft?.UserEmail, NpgsqlDbType.Text);
        Add(p, draft?.PaymentUuid, NpgsqlDbType.Uuid);
        Add(p, draft?.InvoiceNumber, NpgsqlDbType.Text);
        Add(p, draft?.IdempotencyKey, NpgsqlDbType.Text);
        Add(p, draft?.RequestFingerprint, NpgsqlDbType.Text);
        Add(p, accounts, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        Add(p, amounts, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        Add(p, keep, NpgsqlDbType.Array | NpgsqlDbType.Boolean);
        Add(p, expected, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        var refund = draft?.Refund;
        Add(p, refund?.PaymentUuid, NpgsqlDbType.Uuid);
        Add(p, refund?.RefundedBefore, NpgsqlDbType.Bigint);
        Add(p, refund?.Amount, NpgsqlDbType.Bigint);
    }

    /// <summary>The transaction just written, built from its draft and the ids the database gave it.</summary>
    private static Transaction Posted(TransactionDraft draft, long transactionId, long[] transferIds, long? newAccountId)
    {
        var createdAt = Stored(draft.CreatedAt);
        var transfers = new Transfer[draft.Legs.Count];
        for (var i = 0; i < transfers.Length; i++)
        {
            var leg = draft.Legs[i];
            transfers[i] = new Transfer
            {
                Id = transferIds[i],
                AccountId = leg.AccountId == LegDraft.NewAccountId && newAccountId is { } created ? created : leg.AccountId,
                Amount = Money.FromMinorUnits(leg.Amount, draft.Currency),
                TransactionUuid = draft.Uuid,
                TransactionKind = draft.Kind,
                OrderNumber = draft.OrderNumber,
                CreatedAt = createdAt,
            };
        }

        return new Transaction
        {
            Id = transactionId,
            Uuid = draft.Uuid,
            Kind = draft.Kind,
            Currency = draft.Currency,
            OrderNumber = draft.OrderNumber,
            OrderId = draft.OrderId,
            UserId = draft.UserId,
            UserEmail = draft.UserEmail,
            PaymentUuid = draft.PaymentUuid,
            InvoiceNumber = draft.InvoiceNumber,
            IdempotencyKey = draft.IdempotencyKey,
            RequestFingerprint = draft.RequestFingerprint,
            CreatedAt = createdAt,
            Transfers = transfers,
        };
    }
}
