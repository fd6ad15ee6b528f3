using System.Globalization;
using System.Text.RegularExpressions;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// One embedded SQL file. Its tokens are filled in when it is applied, so the SQL never spells a number the C# enums
/// own: <c>__schema__</c> (the quoted schema), <c>__transaction_kind_order_payment__</c> and
/// <c>__account_kind_sale__</c> (the kinds' numbers), <c>__system_account_kinds__</c> (the kinds
/// <see cref="AccountKindExtensions.IsSystem"/> names, comma-separated) and <c>__error_insufficient_funds__</c> (the
/// quoted SQLSTATE of a refusal, see <see cref="StoreErrors.SqlState"/>).
/// </summary>
/// <param name="Folder">Migrations, Views or Functions.</param>
/// <param name="Version">The migration's number; 0 for a view or a function.</param>
/// <param name="Name">The file name without <c>.sql</c>: a migration's <c>NNNN_name</c>, else the object's name.</param>
/// <param name="Sql">The text, tokens unfilled.</param>
internal sealed partial record Script(string Folder, int Version, string Name, string Sql)
{
    private const string Prefix = "Akinon.Loyalty.PostgreSql.";

    private static readonly Dictionary<string, string> Tokens = AllTokens();

    /// <summary>The script for one schema (quoted), every token replaced.</summary>
    /// <exception cref="InvalidOperationException">The script names a token no enum member has.</exception>
    public string SqlFor(string quotedSchema)
        => TokenPattern().Replace(Sql, m => m.Value == "__schema__" ? quotedSchema
            : Tokens.TryGetValue(m.Value, out var value) ? value
            : throw new InvalidOperationException($"{Folder}/{Name}.sql names the unknown token {m.Value}."));

    /// <summary>The embedded scripts of one folder, by version (migrations) or by name.</summary>
    public static List<Script> Load(string folder, bool versioned)
    {
        var assembly = typeof(Script).Assembly;
        var prefix = string.Concat(Prefix, folder, ".");
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^".sql".Length];
            var version = versioned ? int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture) : 0;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream);
            scripts.Add(new Script(folder, version, name, text.ReadToEnd()));
        }

        scripts.Sort(static (a, b) => a.Version != b.Version ? a.Version.CompareTo(b.Version) : string.CompareOrdinal(a.Name, b.Name));
        return scripts;
    }

    private static Dictionary<string, string> AllTokens()
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<TransactionKind>())
        {
            tokens.Add(Token("transaction_kind", kind.ToString()), Number((int)kind));
        }

        foreach (var kind in Enum.GetValues<AccountKind>())
        {
            tokens.Add(Token("account_kind", kind.ToString()), Number((int)kind));
        }

        tokens.Add("__system_account_kinds__", string.Join(", ", Enum.GetValues<AccountKind>().Where(static k => k.IsSystem()).Select(static k => Number((int)k))));
        foreach (var code in Enum.GetValues<LoyaltyErrorCode>())
        {
            tokens.Add(Token("error", code.ToString()), string.Concat("'", StoreErrors.SqlState(code), "'"));
        }

        tokens.Add("__error_refund_race__", string.Concat("'", StoreErrors.RefundRace, "'"));
        return tokens;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Token(string prefix, string pascal)
        => string.Concat("__", prefix, "_", Regex.Replace(pascal, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant(), "__");

    [GeneratedRegex("__[a-z_]+?__")]
    private static partial Regex TokenPattern();
}
