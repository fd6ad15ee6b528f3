using System.Globalization;
using Akinon.Loyalty.AspNetCore.Wire;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>Parses listing filters and paging from the query string; an empty value means "no filter", as in Akinon's filters.</summary>
internal static class QueryValues
{
    public const int DefaultLimit = 20;

    public static long? Long(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw WireException.Invalid($"The query parameter '{name}' must be an integer; '{WireValues.Shown(text)}' is not.");
        }

        return value;
    }

    public static bool? Bool(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text.ToUpperInvariant() switch
        {
            "TRUE" or "1" => true,
            "FALSE" or "0" => false,
            _ => throw WireException.Invalid($"The query parameter '{name}' must be true or false; '{WireValues.Shown(text)}' is not."),
        };
    }

    public static Currency? Currency(string? text)
        => string.IsNullOrEmpty(text) ? null : WireValues.Currency(text);

    public static string? Text(string? text) => string.IsNullOrEmpty(text) ? null : text;

    public static (int Page, int Limit) Paging(string? pageText, string? limitText, int maxLimit, int defaultLimit = DefaultLimit)
    {
        var page = 1;
        if (!string.IsNullOrEmpty(pageText) && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            throw WireException.Invalid($"The query parameter 'page' must be a page number from 1; '{WireValues.Shown(pageText)}' is not.");
        }

        var limit = defaultLimit;
        if (!string.IsNullOrEmpty(limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit))
        {
            throw WireException.Invalid(string.Create(CultureInfo.InvariantCulture, $"The query parameter 'limit' must be between 1 and {maxLimit}; '{WireValues.Shown(limitText)}' is not."));
        }

        return (page, limit);
    }

    /// <summary>A date or an ISO 8601 timestamp (UTC unless it names an offset), in UTC; anything else is a 400 naming the parameter.</summary>
    public static DateTimeOffset Timestamp(string text, string name)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var at)
            ? at.ToUniversalTime()
            : throw WireException.Invalid($"The query parameter '{name}' must be a date or an ISO 8601 timestamp such as 2023-10-24T10:57:04.761432Z; '{WireValues.Shown(text)}' is not.");

    /// <summary>How many items the page passes over; pages beyond any real listing clamp instead of overflowing.</summary>
    public static int Skip(int page, int limit) => (int)Math.Min((long)(page - 1) * limit, int.MaxValue);

    /// <summary>
    /// Timestamp lookups (<c>name</c> exact, <c>name__gt|gte|lt|lte</c>) as one inclusive lower and one exclusive upper bound. Timestamps are
    /// whole microseconds, so <c>gt t</c> is "from t's microsecond + 1 µs" and <c>lte t</c> "before t's microsecond + 1 µs".
    /// </summary>
    public static (DateTimeOffset? From, DateTimeOffset? Before) TimeBounds(params (string Name, string? Text)[] lookups)
    {
        DateTimeOffset? from = null;
        DateTimeOffset? before = null;
        foreach (var (name, text) in lookups)
        {
            // A parameter given twice arrives joined by a comma, which is no timestamp: refused below.
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var at = Timestamp(text, name);
            var lookup = name.Contains("__", StringComparison.Ordinal) ? name[(name.LastIndexOf('_') + 1)..] : "exact";
            switch (lookup)
            {
                case "exact":
                    from = Later(from, Ceiling(at));
                    before = Earlier(before, NextMicrosecond(Floor(at)));
                    break;
                case "gt":
                    from = Later(from, NextMicrosecond(Floor(at)));
                    break;
                case "gte":
                    from = Later(from, Ceiling(at));
                    break;
                case "lt":
                    before = Earlier(before, Ceiling(at));
                    break;
                default:
                    before = Earlier(before, NextMicrosecond(Floor(at)));
                    break;
            }
        }

        return (from, before);
    }

    private static DateTimeOffset Floor(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset at) => at.UtcTicks % 10 == 0 ? at : NextMicrosecond(Floor(at));

    // Past the last whole microsecond a DateTimeOffset holds nothing was ever created, so the end of time bounds it.
    private static DateTimeOffset NextMicrosecond(DateTimeOffset whole)
        => whole.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - 10 ? DateTimeOffset.MaxValue : whole.AddTicks(10);

    private static DateTimeOffset Later(DateTimeOffset? current, DateTimeOffset bound) => current is { } c && c > bound ? c : bound;

    private static DateTimeOffset Earlier(DateTimeOffset? current, DateTimeOffset bound) => current is { } c && c < bound ? c : bound;
}
