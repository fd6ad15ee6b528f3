using System.Text.RegularExpressions;

namespace Akinon.Loyalty.PostgreSql.Tests.ScaleOut;

/// <summary>
/// What schema-based sharding (Citus: one channel's schema per node) needs from the store's SQL: no statement touches
/// two schemas. Every table, view, sequence and function the SQL names is in the ledger's own schema (<c>__schema__</c>
/// in the embedded files, the quoted schema in the C# strings) or in <c>pg_catalog</c>; nothing resolves through the
/// search path to another schema; every advisory lock is keyed by the schema.
/// </summary>
public sealed partial class OneSchemaPerStatementTests
{
    private static readonly string Root = FindRoot();

    private static readonly string StoreDirectory = Path.Combine(Root, "src", "Akinon.Loyalty.PostgreSql");

    /// <summary>Every embedded SQL file (migrations, views, functions).</summary>
    public static TheoryData<string> SqlFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "Migrations", "Views", "Functions" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(StoreDirectory, folder), "*.sql").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(StoreDirectory, file));
            }
        }

        return data;
    }

    /// <summary>Every C# file of the store that holds SQL.</summary>
    public static TheoryData<string> CSharpFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(StoreDirectory, "*.cs", SearchOption.AllDirectories).Where(static f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (StringLiterals(File.ReadAllText(file)).Contains("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                data.Add(Path.GetRelativePath(StoreDirectory, file));
            }
        }

        return data;
    }

    /// <summary>An embedded SQL file names only objects of its own schema or of pg_catalog.</summary>
    /// <param name="file">The file, relative to the store's folder.</param>
    [Theory]
    [MemberData(nameof(SqlFiles))]
    public void An_embedded_SQL_file_touches_only_its_own_schema(string file)
    {
        var sql = StripComments(File.ReadAllText(Path.Combine(StoreDirectory, file)));
        ForeignReferences(sql).Should().BeEmpty($"{file} must name only __schema__ or pg_catalog objects");
    }

    /// <summary>The SQL in the store's C# strings names only objects of its own schema or of pg_catalog, and keys advisory locks by the schema.</summary>
    /// <param name="file">The file, relative to the store's folder.</param>
    [Theory]
    [MemberData(nameof(CSharpFiles))]
    public void The_SQL_in_a_CSharp_file_touches_only_its_own_schema(string file)
    {
        // A function signature the migrator drops is read from pg_proc filtered by the schema: it names the schema's own function.
        // A hole that holds a whole table name ({source}) is built from a literal that this same check reads.
        var sql = StringLiterals(File.ReadAllText(Path.Combine(StoreDirectory, file)))
            .Replace("{signature}", "__schema__.f", StringComparison.Ordinal)
            .Replace("{source}", "__schema__.source", StringComparison.Ordinal);
        sql = SchemaHoles().Replace(sql, "__schema__");
        sql = OtherHoles().Replace(sql, "x");
        ForeignReferences(sql).Should().BeEmpty($"the SQL strings of {file} must name only the store's schema or pg_catalog");
        foreach (Match advisory in AdvisoryLock().Matches(sql))
        {
            advisory.Value.Should().Contain("hashtext(", "an advisory lock is keyed by the schema, so two channels never share one");
        }
    }

    /// <summary>The checks catch what they are for: a table of another schema, and an unqualified one.</summary>
    [Fact]
    public void The_check_finds_a_foreign_or_unqualified_table()
    {
        ForeignReferences("SELECT 1 FROM public.accounts a JOIN __schema__.transfers t ON t.account_id = a.id").Should().Equal("public.accounts");
        ForeignReferences("UPDATE accounts SET balance = 0").Should().Equal("accounts");
        ForeignReferences("SELECT nextval('other.transactions_id_seq')").Should().Equal("other.transactions_id_seq");
        ForeignReferences("WITH next AS (SELECT 1) SELECT * FROM next, unnest($1) u WHERE a IS DISTINCT FROM b.c").Should().BeEmpty();
    }

    /// <summary>The names a text uses that are neither in __schema__ nor in pg_catalog (nor a CTE or function it calls).</summary>
    private static List<string> ForeignReferences(string sql)
    {
        var ctes = Cte().Matches(sql).Select(static m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();
        var found = new List<string>();
        foreach (Match m in ObjectReference().Matches(sql))
        {
            var qualifier = m.Groups["schema"].Success ? m.Groups["schema"].Value : null;
            var name = m.Groups["name"].Value;
            if (qualifier is null)
            {
                // Unqualified: a CTE of the statement, a set-returning function, a keyword, or a catalog relation (pg_*,
                // which pg_catalog, always first on the search path, resolves); anything else would resolve through the
                // search path, perhaps to another schema.
                if (ctes.Contains(name.ToLowerInvariant()) || name.StartsWith("pg_", StringComparison.OrdinalIgnoreCase) || m.Groups["call"].Success || Keywords.Contains(name.ToUpperInvariant()) || m.Groups["verb"].Value.Equals("INTO", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                found.Add(name);
            }
            else if (qualifier is not ("__schema__" or "pg_catalog"))
            {
                found.Add(qualifier + "." + name);
            }
        }

        foreach (Match m in Sequence().Matches(sql))
        {
            if (m.Groups[1].Value is not "__schema__")
            {
                found.Add(m.Groups[1].Value + "." + m.Groups[2].Value);
            }
        }

        return found;
    }

    private static readonly HashSet<string> Keywords = ["LATERAL", "ONLY", "STDIN", "NOT", "EXISTS", "IF", "SELECT", "VALUES", "SET"];

    private static string StripComments(string sql) => LineComment().Replace(sql, "");

    /// <summary>The contents of a C# file's string literals, in order, joined by spaces (so concatenated statements read whole).</summary>
    private static string StringLiterals(string code) => string.Join(" ", Literal().Matches(code).Select(static m => m.Groups[1].Value));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Akinon.Loyalty.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Akinon.Loyalty.sln) was not found above " + AppContext.BaseDirectory);
    }

    // FROM/JOIN/UPDATE/INTO/REFERENCES/TABLE/VIEW/FUNCTION/INDEX x ON, then a possibly qualified name; "IS [NOT] DISTINCT
    // FROM" is an operator, "FOR UPDATE" and "DO UPDATE" are clauses.
    [GeneratedRegex(@"(?<!DISTINCT\s+|FOR\s+|DO\s+)\b(?<verb>FROM|JOIN|UPDATE|INTO|REFERENCES|TABLE|VIEW|FUNCTION|INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?[A-Za-z_][A-Za-z0-9_]*\s+ON)\s+(?:(?<schema>__schema__|""?[A-Za-z_][A-Za-z0-9_]*""?)\.)?(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<call>\s*\()?", RegexOptions.IgnoreCase)]
    private static partial Regex ObjectReference();

    [GeneratedRegex(@"\b([A-Za-z_][A-Za-z0-9_]*)\s+AS\s+(?:NOT\s+)?(?:MATERIALIZED\s+)?\(", RegexOptions.IgnoreCase)]
    private static partial Regex Cte();

    [GeneratedRegex(@"nextval\('([^'.]+)\.([^']+)'\)", RegexOptions.IgnoreCase)]
    private static partial Regex Sequence();

    [GeneratedRegex(@"pg_advisory[a-z_]*\([^;]*?\)\)?", RegexOptions.IgnoreCase)]
    private static partial Regex AdvisoryLock();

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\$?@?""((?:[^""\\\n]|\\.)*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\{(?:schema|_schema|_sql\.Schema|quoted|Schema|s|Migrations\.Quote\(store\.Schema\))\}")]
    private static partial Regex SchemaHoles();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex OtherHoles();
}
