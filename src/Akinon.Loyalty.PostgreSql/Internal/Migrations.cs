using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// The embedded SQL and how it is applied, in one transaction under a transaction-scoped advisory lock per schema,
/// so several servers starting at once apply it exactly once and a failed script leaves nothing behind:
/// the versioned migrations (<c>Migrations/NNNN_name.sql</c>: tables and indexes, each applied once), then the
/// re-applied objects (<c>Views/name.sql</c>, <c>Functions/name.sql</c>: written <c>CREATE OR REPLACE</c>, applied
/// again whenever their text, tokens filled in, differs from what the schema last applied).
/// </summary>
internal static class Migrations
{
    // An arbitrary constant ("loyl") that namespaces the advisory lock; the second key is the schema's hash.
    private const int LockClass = 0x6C6F796C;

    private static readonly Lazy<IReadOnlyList<Script>> AllScripts = new(() => Script.Load("Migrations", versioned: true));

    private static readonly Lazy<IReadOnlyList<Script>> AllObjects = new(
        () => [.. Script.Load("Views", versioned: false), .. Script.Load("Functions", versioned: false)]);

    /// <summary>The versioned migrations, oldest first.</summary>
    public static IReadOnlyList<Script> Scripts => AllScripts.Value;

    /// <summary>The views, then the functions, each re-applied when changed.</summary>
    public static IReadOnlyList<Script> Objects => AllObjects.Value;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        var quoted = Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var run = new Run(connection, transaction, cancellationToken);
        await run.ExecuteAsync("SELECT pg_advisory_xact_lock($1, hashtext($2))", LockClass, schema).ConfigureAwait(false);
        await run.ExecuteAsync(
            $"CREATE SCHEMA IF NOT EXISTS {quoted}; "
            + $"CREATE TABLE IF NOT EXISTS {quoted}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); "
            + $"CREATE TABLE IF NOT EXISTS {quoted}.schema_objects (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())").ConfigureAwait(false);

        var applied = (await run.QueryAsync($"SELECT version::text FROM {quoted}.schema_migrations").ConfigureAwait(false)).Keys;
        foreach (var script in Scripts)
        {
            if (!applied.Contains(script.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                await run.ExecuteAsync(script.SqlFor(quoted)).ConfigureAwait(false);
                await run.ExecuteAsync($"INSERT INTO {quoted}.schema_migrations (version, name) VALUES ($1, $2)", script.Version, script.Name).ConfigureAwait(false);
            }
        }

        var checksums = await run.QueryAsync($"SELECT name, checksum FROM {quoted}.schema_objects").ConfigureAwait(false);
        var changed = Objects
            .Select(o => (Script: o, Sql: o.SqlFor(quoted)))
            .Select(o => (o.Script, o.Sql, Checksum: Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(o.Sql)))))
            .Where(o => checksums.GetValueOrDefault(o.Script.Name) != o.Checksum)
            .ToList();
        if (changed.Count > 0)
        {
            // An object applied before is dropped first, in this transaction: CREATE OR REPLACE cannot change a
            // function's parameters or a view's columns, and an old signature left behind would be a second, stale
            // copy of the rule. A new schema has nothing to drop, and gets every object in one round trip.
            var batch = new List<string>();
            foreach (var (script, _, _) in changed.Where(o => checksums.ContainsKey(o.Script.Name)))
            {
                batch.AddRange(await DropsAsync(run, schema, quoted, script).ConfigureAwait(false));
            }

            batch.AddRange(changed.Select(o => o.Sql));
            await run.ExecuteBatchAsync(batch).ConfigureAwait(false);
            await run.ExecuteAsync(
                $"INSERT INTO {quoted}.schema_objects (name, checksum) SELECT * FROM unnest($1::text[], $2::text[]) "
                + "ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()",
                changed.Select(o => o.Script.Name).ToArray(),
                changed.Select(o => o.Checksum).ToArray()).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Quotes a schema name already checked by <see cref="OptionsCheck.IsValidSchema"/>.</summary>
    public static string Quote(string schema) => string.Concat("\"", schema.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");

    private static async Task<IEnumerable<string>> DropsAsync(Run run, string schema, string quoted, Script script)
    {
        if (script.Folder == "Views")
        {
            return [$"DROP VIEW IF EXISTS {quoted}.{script.Name}"];
        }

        var signatures = await run.QueryAsync(
            "SELECT p.oid::regprocedure::text, '' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = $2",
            schema,
            script.Name).ConfigureAwait(false);
        // CASCADE drops the one kind of object that can depend on a function here, a trigger, which the function's own
        // script creates again in this transaction (Functions/track_live_hold.sql); functions call each other by name,
        // which PostgreSQL does not record as a dependency.
        return signatures.Keys.Select(static signature => $"DROP FUNCTION {signature} CASCADE");
    }

    /// <summary>Statements on the migration's connection and transaction.</summary>
    private readonly record struct Run(NpgsqlConnection Connection, NpgsqlTransaction Transaction, CancellationToken CancellationToken)
    {
        public async Task ExecuteAsync(string sql, params object[] values)
        {
            await using var command = Command(sql, values);
            await command.ExecuteNonQueryAsync(CancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Runs scripts in one round trip. One command of their texts joined, not a batch of one command each: a script
        /// may hold several statements (a function and its trigger), which Npgsql splits as it does a migration's.
        /// </summary>
        public async Task ExecuteBatchAsync(IEnumerable<string> scripts)
        {
            await using var command = new NpgsqlCommand(string.Join(";\n", scripts), Connection, Transaction);
            await command.ExecuteNonQueryAsync(CancellationToken).ConfigureAwait(false);
        }

        /// <summary>The rows of a query of one or two text columns, by the first.</summary>
        public async Task<Dictionary<string, string>> QueryAsync(string sql, params object[] values)
        {
            var rows = new Dictionary<string, string>(StringComparer.Ordinal);
            await using var command = Command(sql, values);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(CancellationToken).ConfigureAwait(false))
            {
                rows.Add(reader.GetString(0), reader.FieldCount > 1 ? reader.GetString(1) : "");
            }

            return rows;
        }

        private NpgsqlCommand Command(string sql, object[] values)
        {
            var command = new NpgsqlCommand(sql, Connection, Transaction);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            return command;
        }
    }
}
