using System.Diagnostics;
using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

public sealed partial class LoyaltyLedger
{
    /// <inheritdoc />
    public ValueTask<Transaction> TransferAsync(TransferRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run("transfer", Stopwatch.GetTimestamp(), TransferCoreAsync(request, cancellationToken));
    }

    private async ValueTask<Transaction> TransferCoreAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        EnsureEnabled();
        Guard.PositiveId(request.SourceAccountId, nameof(request.SourceAccountId));
        Guard.PositiveId(request.DestinationAccountId, nameof(request.DestinationAccountId));
        var amount = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        if (request.SourceAccountId == request.DestinationAccountId)
        {
            throw new LoyaltyException(LoyaltyErrorCode.SameAccount, string.Create(CultureInfo.InvariantCulture, $"Account {request.SourceAccountId} cannot transfer to itself."));
        }

        var key = Scoped("transfer", request.IdempotencyKey);
        var minor = amount.ToMinorUnits();
        var draft = new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = TransactionKind.Transfer,
            Currency = amount.Currency,
            CreatedAt = Now(),
            IdempotencyKey = key,
            RequestFingerprint = key is null ? null : Fingerprint.Of($"transfer|{request.SourceAccountId}|{request.DestinationAccountId}|{minor}|{amount.Currency.Code}"),
            Transfers = [new TransferDraft(request.SourceAccountId, -minor), new TransferDraft(request.DestinationAccountId, minor)],
        };

        // The store checks existence, currencies and the debit rule atomically with the write.
        var outcome = await _store.PostAsync(draft, cancellationToken).ConfigureAwait(false);
        if (!outcome.Replayed)
        {
            Posted(outcome.Transaction);
        }

        return outcome.Transaction;
    }
}
