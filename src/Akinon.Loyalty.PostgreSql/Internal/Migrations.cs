using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// The embedded, versioned SQL scripts (<c>Migrations/NNNN_name.sql</c>) and how they are applied: in one
/// transaction under a transaction-scoped advisory lock per schema, so several servers starting at once apply
/// each script exactly once, and a failed script leaves nothing behind.
/// </summary>
internal static partial class Migrations
{
    private const string Prefix = "Akinon.Loyalty.PostgreSql.Migrations.";

    // An arbitrary constant ("loyl") that namespaces the advisory lock; the second key is the schema's hash.
    private const int LockClass = 0x6C6F796C;

    private static readonly Lazy<IReadOnlyList<Script>> All = new(Load);

    public static IReadOnlyList<Script> Scripts => All.Value;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        var quoted = Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = LockClass });
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = schema });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await Execute(
            connection,
            transaction,
            $"CREATE SCHEMA IF NOT EXISTS {quoted}; CREATE TABLE IF NOT EXISTS {quoted}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand($"SELECT version FROM {quoted}.schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var script in Scripts)
        {
            if (applied.Contains(script.Version))
            {
                continue;
            }

            await Execute(connection, transaction, script.SqlFor(quoted), cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"INSERT INTO {quoted}.schema_migrations (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter { Value = script.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = script.Name });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Quotes a schema name already checked by <see cref="OptionsCheck.IsValidSchema"/>.</summary>
    public static string Quote(string schema) => string.Concat("\"", schema.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<Script> Load()
    {
        var assembly = typeof(Migrations).Assembly;
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[Prefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream);
            scripts.Add(new Script(version, name, text.ReadToEnd()));
        }

        scripts.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }

    /// <summary>
    /// The numbers of the C# enums the SQL names by token (<c>__transaction_kind_order_payment__</c>,
    /// <c>__account_kind_sale__</c>), so the scripts never spell a kind's number themselves.
    /// </summary>
    private static Dictionary<string, string> KindTokens()
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<TransactionKind>())
        {
            tokens.Add(Token("transaction_kind", kind.ToString()), ((int)kind).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var kind in Enum.GetValues<AccountKind>())
        {
            tokens.Add(Token("account_kind", kind.ToString()), ((int)kind).ToString(CultureInfo.InvariantCulture));
        }

        return tokens;
    }

    private static string Token(string prefix, string pascal)
        => string.Concat("__", prefix, "_", Regex.Replace(pascal, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant(), "__");

    internal sealed partial record Script(int Version, string Name, string Sql)
    {
        private static readonly Dictionary<string, string> Kinds = KindTokens();

        /// <summary>The script for one schema (quoted), every token replaced.</summary>
        /// <exception cref="InvalidOperationException">The script names a token no enum member has.</exception>
        public string SqlFor(string quotedSchema)
        {
            var sql = TokenPattern().Replace(Sql, m => m.Value == "__schema__" ? quotedSchema
                : Kinds.TryGetValue(m.Value, out var number) ? number
                : throw new InvalidOperationException($"Migration {Name} names the unknown token {m.Value}."));
            return sql;
        }

        [GeneratedRegex("__[a-z_]+?__")]
        private static partial Regex TokenPattern();
    }
}
