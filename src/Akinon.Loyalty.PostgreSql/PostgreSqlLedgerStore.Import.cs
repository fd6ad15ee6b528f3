using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql;

/// <summary>Bulk import: a chunk is one database transaction, its rows sent with binary COPY and written set-based.</summary>
public sealed partial class PostgreSqlLedgerStore : IAccountImportStore
{
    // "loyi": imports of one schema take turns on this advisory lock (the second key is the schema's hash), so the
    // staging table holds one chunk at a time.
    private const int ImportLockClass = 0x6C6F7969;

    /// <inheritdoc />
    public async ValueTask<AccountImportResult> ImportAccountsAsync(IReadOnlyList<AccountImportDraft> drafts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            return new AccountImportResult();
        }

        var judged = await WriteAsync(
            new StoreErrors.Context(drafts[0].Account.Currency, null),
            async (connection, ct) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", connection, transaction))
                {
                    lockCommand.Parameters.AddWithValue(ImportLockClass);
                    lockCommand.Parameters.AddWithValue(_sql.Schema);
                    await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await CopyAsync(connection, drafts, ct).ConfigureAwait(false);
                var rows = new List<(long Line, bool Written)>();
                await using (var import = new NpgsqlCommand($"SELECT o_line, o_written FROM {_sql.Schema}.import_accounts()", connection, transaction))
                {
                    await using var reader = await import.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        rows.Add((reader.GetInt64(0), reader.GetBoolean(1)));
                    }
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return rows;
            },
            cancellationToken).ConfigureAwait(false);

        // The rows the function returned found their number taken: skipped when the account there is theirs, else refused.
        var byLine = new Dictionary<long, AccountImportDraft>(judged.Count);
        if (judged.Count > 0)
        {
            foreach (var draft in drafts)
            {
                byLine.TryAdd(draft.Line, draft);
            }
        }

        long skipped = 0;
        var refused = new List<AccountImportRefusal>();
        foreach (var (line, written) in judged)
        {
            if (written)
            {
                skipped++;
                continue;
            }

            var account = byLine[line].Account;
            var refusal = LedgerErrors.DuplicateNumber(account.Number, account.Currency);
            refused.Add(new AccountImportRefusal(line, account.Number, refusal.Code, refusal.Message));
        }

        return new AccountImportResult { Imported = drafts.Count - judged.Count, Skipped = skipped, Refused = refused };
    }

    private async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<AccountImportDraft> drafts, CancellationToken cancellationToken)
    {
        var copy = $"COPY {_sql.Schema}.account_imports (line, number, currency, user_id, user_email, debit_allowed, opening, created_at, funded_at, bank_id, funding_uuid) FROM STDIN (FORMAT BINARY)";
        var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            // The values go into the importer's buffer with synchronous calls: only a full buffer waits on the socket, and
            // an await per value (eleven per row) cost more than the rows themselves.
            foreach (var draft in drafts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var account = draft.Account;
                var funding = draft.Funding;
                importer.StartRow();
                importer.Write(draft.Line, NpgsqlDbType.Bigint);
                importer.Write(account.Number, NpgsqlDbType.Text);
                importer.Write(account.Currency.Code, NpgsqlDbType.Char);
                WriteOrNull(importer, account.UserId, NpgsqlDbType.Bigint);
                WriteOrNull(importer, account.UserEmail, NpgsqlDbType.Text);
                importer.Write(account.DebitAllowed, NpgsqlDbType.Boolean);
                importer.Write(draft.Opening, NpgsqlDbType.Bigint);
                importer.Write(Arguments.Stored(account.CreatedAt), NpgsqlDbType.TimestampTz);
                if (funding is null)
                {
                    importer.WriteNull();
                    importer.WriteNull();
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(Arguments.Stored(funding.CreatedAt), NpgsqlDbType.TimestampTz);
                    importer.Write(BankLeg(funding), NpgsqlDbType.Bigint);
                    importer.Write(funding.Uuid, NpgsqlDbType.Uuid);
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The account the funding draws on (Bank): its leg that is not the new account's.</summary>
    private static long BankLeg(TransactionDraft funding)
    {
        foreach (var leg in funding.Legs)
        {
            if (leg.AccountId != LegDraft.NewAccountId)
            {
                return leg.AccountId;
            }
        }

        throw new InvalidOperationException("An opening draws on an account other than the new one.");
    }

    private static void WriteOrNull<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, type);
        }
    }
}
