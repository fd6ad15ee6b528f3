namespace Akinon.Loyalty;

/// <summary>Importing accounts from a sequence already in memory.</summary>
public static class AccountImportExtensions
{
    /// <summary>Imports accounts from a sequence; see <see cref="ILoyaltyLedger.ImportAccountsAsync(IAsyncEnumerable{AccountImportRow}, CancellationToken)"/>.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="rows">The accounts, read once, lazily, in order.</param>
    /// <param name="cancellationToken">Cancels the import between chunks.</param>
    /// <returns>The counts of imported and skipped rows and the refused rows with their reasons.</returns>
    /// <exception cref="LoyaltyException">As <see cref="ILoyaltyLedger.ImportAccountsAsync(IAsyncEnumerable{AccountImportRow}, CancellationToken)"/>.</exception>
    public static ValueTask<AccountImportResult> ImportAccountsAsync(this ILoyaltyLedger ledger, IEnumerable<AccountImportRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(rows);
        return ledger.ImportAccountsAsync(Stream(rows), cancellationToken);
    }

    private static async IAsyncEnumerable<AccountImportRow> Stream(IEnumerable<AccountImportRow> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
