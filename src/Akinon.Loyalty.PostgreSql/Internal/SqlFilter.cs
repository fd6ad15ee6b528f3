using System.Globalization;
using System.Text;
using NpgsqlTypes;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>
/// The WHERE clause of a listing and its positional values: a condition is added only when its value is given,
/// its <c>@</c> replaced by the value's parameter. Shared by every listing (accounts, transfers, transactions).
/// </summary>
internal sealed class SqlFilter
{
    private readonly StringBuilder _where = new("TRUE");

    /// <summary>Whether no condition was added (the listing is unfiltered).</summary>
    public bool IsEmpty => Values.Count == 0;

    /// <summary>The values, in parameter order.</summary>
    public List<(object Value, NpgsqlDbType Type)> Values { get; } = [];

    /// <summary>Adds <paramref name="condition"/> (with <c>@</c> for the value) when <paramref name="value"/> is not null.</summary>
    /// <param name="condition">The SQL condition.</param>
    /// <param name="value">The value, or null to add nothing.</param>
    /// <param name="type">The value's database type.</param>
    public void Add(string condition, object? value, NpgsqlDbType type)
    {
        if (value is not null)
        {
            Values.Add((value, type));
            _where.Append(" AND ").Append(condition.Replace("@", "$" + Values.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
    }

    /// <inheritdoc />
    public override string ToString() => _where.ToString();
}
