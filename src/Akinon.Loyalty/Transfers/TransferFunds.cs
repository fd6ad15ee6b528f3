using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>A manual transfer between two accounts of one currency (Akinon's <c>create_transfer</c>).</summary>
internal sealed class TransferFunds(LedgerContext ledger)
{
    public async ValueTask<Transaction> RunAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (amount, key) = Check(request);
        var requester = Requester.Of(request);
        var minor = amount.ToMinorUnits();
        var fingerprint = key is null ? null : Fingerprint.Of($"transfer|{request.SourceAccountId}|{request.DestinationAccountId}|{minor}|{amount.Currency.Code}");
        if (!ledger.Options.CurrentValue.Enabled)
        {
            return await ledger.ReplayWhileDisabledAsync(key, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        // Sale's money leaves only through refunds, so per currency it always equals what orders paid less what
        // was refunded; a transfer in the amount's currency can only name that currency's Sale account (any
        // other is a currency mismatch), and while it does not exist no transfer can name it.
        if (await ledger.SystemAccounts.KnownAsync(AccountKind.Sale, amount.Currency, cancellationToken).ConfigureAwait(false) is { } sale
            && (request.SourceAccountId == sale.Id || request.DestinationAccountId == sale.Id))
        {
            throw new LoyaltyException(
                LoyaltyErrorCode.OperationNotAllowed,
                string.Create(CultureInfo.InvariantCulture, $"Account {sale.Id} is the {amount.Currency.Code} Sale account: it is never a party to a manual transfer; its money leaves only through refunds."));
        }

        // An expired account neither gives nor receives; a replay of a keyed transfer still answers its result. The
        // check reads the parties before the post: an account expiring in the round trip between is one the expiry
        // run still sweeps, since its idempotency key is per account and expiry, not per balance.
        var now = ledger.Now();
        if (key is null || await ledger.Store.FindTransactionByKeyAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            await Expiry.RequireLiveAsync(ledger.Store, request.SourceAccountId, now, cancellationToken).ConfigureAwait(false);
            await Expiry.RequireLiveAsync(ledger.Store, request.DestinationAccountId, now, cancellationToken).ConfigureAwait(false);
        }

        var draft = new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = TransactionKind.Transfer,
            Currency = amount.Currency,
            CreatedAt = now,
            IdempotencyKey = key,
            RequestFingerprint = fingerprint,
            Actor = requester.Actor,
            RemoteAddress = requester.RemoteAddress,
            Legs = new LegPair(new LegDraft(request.SourceAccountId, -minor), new LegDraft(request.DestinationAccountId, minor)),
        };

        // The store checks existence, currencies and the debit rule atomically with the write.
        return (await ledger.PostAsync(draft, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <summary>Every refusal a transfer request earns on its own, before anything is read; the amount and the scoped key.</summary>
    internal static (Money Amount, string? Key) Check(TransferRequest request)
    {
        Guard.PositiveId(request.SourceAccountId, nameof(request.SourceAccountId));
        Guard.PositiveId(request.DestinationAccountId, nameof(request.DestinationAccountId));
        var amount = Guard.PositiveAmount(request.Amount, nameof(request.Amount));
        if (request.SourceAccountId == request.DestinationAccountId)
        {
            throw new LoyaltyException(LoyaltyErrorCode.SameAccount, string.Create(CultureInfo.InvariantCulture, $"Account {request.SourceAccountId} cannot transfer to itself."));
        }

        return (amount, IdempotencyScopes.Caller(request.IdempotencyKey));
    }
}
