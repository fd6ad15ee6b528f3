using System.Text;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// The SQL for "10 to the power of this currency's minor units", generated from the C# ISO 4217 table
/// (<see cref="Currency.MinorUnits"/>), so the database turns stored minor units into amounts by the very rule
/// <see cref="Money"/> uses, never by a table of its own.
/// </summary>
internal static class CurrencyScale
{
    private static readonly string Template = Build();

    /// <summary>The scale of the currency in <paramref name="column"/> (a <c>char(3)</c> upper-case code) as a numeric CASE expression.</summary>
    public static string Of(string column) => Template.Replace("{c}", column, StringComparison.Ordinal);

    private static string Build()
    {
        var groups = Currency.All.GroupBy(c => c.MinorUnits).OrderByDescending(g => g.Count()).ToList();
        var sql = new StringBuilder("(CASE");
        foreach (var group in groups.Skip(1))
        {
            // The codes come from the ISO table (three ASCII letters), never from a request.
            sql.Append(" WHEN {c} IN (").AppendJoin(", ", group.Select(c => "'" + c.Code + "'")).Append(") THEN ")
                .Append(Scale(group.Key));
        }

        return sql.Append(" ELSE ").Append(Scale(groups[0].Key)).Append(" END)").ToString();
    }

    private static string Scale(int minorUnits) => "1" + new string('0', minorUnits) + "::numeric";
}
