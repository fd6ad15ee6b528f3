namespace Akinon.Loyalty.Benchmarks.Infrastructure;

/// <summary>
/// The heap size of the records a store keeps for one transaction: the <see cref="Transaction"/>, its array of
/// <see cref="Transfer"/>s, each transfer, and the strings the ledger made for it (the scoped idempotency key and the
/// request fingerprint). Strings the caller passed in (order number, email) are the caller's and are not counted.
/// Measured by allocating copies of the same shapes, so it is exact for this runtime.
/// </summary>
internal static class RecordSize
{
    public static double Of(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        const int Copies = 64;
        var keep = new object[Copies * (transaction.Transfers.Count + 4)];
        var n = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var c = 0; c < Copies; c++)
        {
            keep[n++] = transaction with { };
            keep[n++] = new Transfer[transaction.Transfers.Count];
            foreach (var transfer in transaction.Transfers)
            {
                keep[n++] = transfer with { };
            }

            if (transaction.IdempotencyKey is { } key)
            {
                keep[n++] = new string(key.AsSpan());
            }

            if (transaction.RequestFingerprint is { } fingerprint)
            {
                keep[n++] = new string(fingerprint.AsSpan());
            }
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(keep);
        return bytes / (double)Copies;
    }
}
