namespace Akinon.Loyalty;

/// <summary>What an account import did: rows imported, rows skipped because an earlier run imported them, rows refused.</summary>
public sealed record AccountImportResult
{
    /// <summary>Accounts written, each with its opening adjustment.</summary>
    public long Imported { get; init; }

    /// <summary>Rows whose account already exists with the same fields (an earlier, perhaps interrupted, run wrote them); nothing was written.</summary>
    public long Skipped { get; init; }

    /// <summary>Rows refused, in line order, each with its reason; none of them wrote anything.</summary>
    public IReadOnlyList<AccountImportRefusal> Refused { get; init; } = [];

    /// <summary>Every row the import read.</summary>
    public long Total => Imported + Skipped + Refused.Count;
}
