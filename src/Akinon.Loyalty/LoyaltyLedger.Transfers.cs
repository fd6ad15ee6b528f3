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
        cancellationToken.ThrowIfCancellationRequested();
        Guard.PositiveId(request.SourceAccountId, nameof(request.SourceAccountId));
        Guard.PositiveId(request.DestinationAccountId, nameof(request.DestinationAccountId));
        var amount = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        if (request.SourceAccountId == request.DestinationAccountId)
        {
            throw new LoyaltyException(LoyaltyErrorCode.SameAccount, string.Create(CultureInfo.InvariantCulture, $"Account {request.SourceAccountId} cannot transfer to itself."));
        }

        var key = CallerKey(request.IdempotencyKey);
        var minor = amount.ToMinorUnits();
        var fingerprint = key is null ? null : Fingerprint.Of($"transfer|{request.SourceAccountId}|{request.DestinationAccountId}|{minor}|{amount.Currency.Code}");
        if (!_options.CurrentValue.Enabled)
        {
            return await ReplayWhileDisabledAsync(key, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        // Sale's money leaves only through refunds, so per currency it always equals what orders paid less what
        // was refunded; a transfer in the amount's currency can only name that currency's Sale account (any
        // other is a currency mismatch), and while it does not exist no transfer can name it.
        if (await KnownSystemAccountAsync(AccountKind.Sale, amount.Currency, cancellationToken).ConfigureAwait(false) is { } sale
            && (request.SourceAccountId == sale.Id || request.DestinationAccountId == sale.Id))
        {
            throw new LoyaltyException(
                LoyaltyErrorCode.OperationNotAllowed,
                string.Create(CultureInfo.InvariantCulture, $"Account {sale.Id} is the {amount.Currency.Code} Sale account: it is never a party to a manual transfer; its money leaves only through refunds."));
        }

        var draft = new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = TransactionKind.Transfer,
            Currency = amount.Currency,
            CreatedAt = Now(),
            IdempotencyKey = key,
            RequestFingerprint = fingerprint,
            Legs = [new LegDraft(request.SourceAccountId, -minor), new LegDraft(request.DestinationAccountId, minor)],
        };

        // The store checks existence, currencies and the debit rule atomically with the write.
        var outcome = await _store.PostAsync(draft, cancellationToken).ConfigureAwait(false);
        if (!outcome.Replayed)
        {
            Posted(outcome.Transaction);
        }

        return outcome.Transaction;
    }

    /// <summary>
    /// While loyalty money is switched off, a request whose key already posted answers as it did (or is a conflict);
    /// anything new is refused with <see cref="LoyaltyErrorCode.LoyaltyDisabled"/>.
    /// </summary>
    private async ValueTask<Transaction> ReplayWhileDisabledAsync(string? key, string? fingerprint, CancellationToken cancellationToken)
    {
        if (key is not null && await _store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return string.Equals(existing.RequestFingerprint, fingerprint, StringComparison.Ordinal) ? existing : throw LedgerErrors.IdempotencyConflict(key);
        }

        throw LedgerErrors.Disabled();
    }
}
