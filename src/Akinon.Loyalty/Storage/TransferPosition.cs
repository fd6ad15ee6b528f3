namespace Akinon.Loyalty.Storage;

/// <summary>
/// Where a transfer sits in an account's history as a statement reads it: by <see cref="CreatedAt"/>, then by
/// <see cref="Id"/>. The keyset cursor of <see cref="ILedgerStore.ReadAccountTransfersAsync"/>.
/// </summary>
/// <param name="CreatedAt">When the transfer was posted.</param>
/// <param name="Id">The transfer's id.</param>
public readonly record struct TransferPosition(DateTimeOffset CreatedAt, long Id)
{
    /// <summary>The position of a transfer.</summary>
    /// <param name="transfer">The transfer.</param>
    /// <returns>Its position.</returns>
    public static TransferPosition Of(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return new TransferPosition(transfer.CreatedAt, transfer.Id);
    }

    /// <summary>The position just after every transfer posted at or before <paramref name="instant"/>.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The position.</returns>
    public static TransferPosition After(DateTimeOffset instant) => new(instant, long.MaxValue);
}
