using System.Globalization;

namespace Akinon.Loyalty.PostgreSql.Internal;

/// <summary>The one place <see cref="PostgreSqlLedgerOptions"/> are validated.</summary>
internal static class OptionsCheck
{
    public static string? Problem(PostgreSqlLedgerOptions options)
    {
        if (!IsValidSchema(options.Schema))
        {
            return string.Create(CultureInfo.InvariantCulture, $"Schema '{options.Schema}' is not valid: use a lowercase letter or underscore, then up to 62 lowercase letters, digits or underscores.");
        }

        if (options.MaxRetries is < 0 or > 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"MaxRetries must be between 0 and 1000; {options.MaxRetries} is not.");
        }

        if (options.SystemAccountBuckets is < 1 or > 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"SystemAccountBuckets must be between 1 and 1024; {options.SystemAccountBuckets} is not.");
        }

        if (options.MaxBatchSize is < 1 or > 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"MaxBatchSize must be between 1 and 1000; {options.MaxBatchSize} is not.");
        }

        return null;
    }

    public static bool IsValidSchema(string? schema)
    {
        if (string.IsNullOrEmpty(schema) || schema.Length > 63 || schema.StartsWith("pg_", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < schema.Length; i++)
        {
            var c = schema[i];
            var ok = c is (>= 'a' and <= 'z') or '_' || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
