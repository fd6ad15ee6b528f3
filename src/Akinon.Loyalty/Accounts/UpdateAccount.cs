using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>Changes a customer account; a new balance is reached by an adjustment against Bank.</summary>
internal sealed class UpdateAccount(LedgerContext ledger)
{
    public async ValueTask<Account> RunAsync(long accountId, UpdateAccountRequest request, CancellationToken cancellationToken)
    {
        Guard.PositiveId(accountId, nameof(accountId));
        var email = Guard.OptionalText(request.UserEmail, nameof(request.UserEmail), LedgerContext.MaxEmailLength);
        var key = IdempotencyScopes.Caller(request.IdempotencyKey);
        var requester = Requester.Of(request);
        return await ConflictRetry.RunAsync(
            (Operation: this, AccountId: accountId, Request: request, Email: email, Key: key, Requester: requester),
            static (s, ct) => s.Operation.AttemptAsync(s.AccountId, s.Request, s.Email, s.Key, s.Requester, ct),
            new RetryOn(LoyaltyErrorCode.ConcurrencyConflict),
            ledger.ConflictRetries,
            ledger.Telemetry,
            "update_account",
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Account> AttemptAsync(long accountId, UpdateAccountRequest request, string? email, string? key, Requester requester, CancellationToken cancellationToken)
    {
        var account = await ledger.GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (account.Kind.IsSystem())
        {
            throw new LoyaltyException(LoyaltyErrorCode.OperationNotAllowed, string.Create(CultureInfo.InvariantCulture, $"Account {accountId} is the {account.Kind} system account; it changes only through transactions."));
        }

        // An expired account neither gives nor receives, and is not revived: its money is the expiry run's.
        var now = ledger.Now();
        DateTimeOffset? expiresAt = null;
        if (request.ExpiresAt is not null || request.Balance is not null)
        {
            // A retry is judged by its key first: the store replays it or refuses a changed request as a conflict.
            if (key is not null && account.IsExpiredAt(now) && await ledger.Store.IsKeyUsedAsync(key, cancellationToken).ConfigureAwait(false))
            {
                expiresAt = request.ExpiresAt is { } asked ? MicrosecondClock.Truncate(asked) : null;
            }
            else
            {
                Expiry.RequireLive(account, now);
                expiresAt = await Expiry.CheckAsync(request.ExpiresAt, now, nameof(request.ExpiresAt), key, ledger.Store, cancellationToken).ConfigureAwait(false);
            }
        }

        TransactionDraft? adjustment = null;
        long? target = null;
        if (request.Balance is { } balance)
        {
            LedgerContext.RequireCurrency(balance, account.Currency, nameof(request.Balance));
            target = balance.ToMinorUnits();
            var delta = LedgerErrors.Add(target.Value, -account.Balance.ToMinorUnits());
            if (delta != 0)
            {
                var bank = await ledger.SystemAccounts.KnownAsync(AccountKind.Bank, account.Currency, cancellationToken).ConfigureAwait(false);
                if (bank is null)
                {
                    await ledger.SystemAccounts.RefuseUsedKeyAsync(key, cancellationToken).ConfigureAwait(false);
                    DraftRules.RequireDebitRule(account.Id, account.Balance.ToMinorUnits(), target.Value, request.DebitAllowed ?? account.DebitAllowed, adjusting: true, account.Currency);

                    bank = await ledger.SystemAccounts.GetAsync(AccountKind.Bank, account.Currency, cancellationToken).ConfigureAwait(false);
                }

                // The key belongs to the update, judged by the store with it; the adjustment carries none.
                adjustment = new TransactionDraft
                {
                    Uuid = Uuids.NewV4(),
                    Kind = TransactionKind.Adjustment,
                    Currency = account.Currency,
                    CreatedAt = now,
                    UserId = account.UserId,
                    UserEmail = email ?? account.UserEmail,
                    Actor = requester.Actor,
                    RemoteAddress = requester.RemoteAddress,
                    Legs = new LegPair(new LegDraft(bank.Id, -delta), new LegDraft(account.Id, delta) { ExpectedVersion = account.Version }),
                };
            }
        }

        var changes = new AccountChanges
        {
            AccountId = accountId,
            ExpectedVersion = account.Version,
            DebitAllowed = request.DebitAllowed,
            UserEmail = email,
            ExpiresAt = expiresAt,
            ModifiedAt = now,
            IdempotencyKey = key,
            RequestFingerprint = key is null ? null : Fingerprint.Of($"update-account|{accountId}|{target}|{request.DebitAllowed}|{email}|{expiresAt?.UtcTicks}"),
        };
        var updated = await ledger.Store.UpdateAccountAsync(changes, adjustment, cancellationToken).ConfigureAwait(false);
        if (adjustment is not null && updated.Version != account.Version)
        {
            ledger.Telemetry.Posted(TransactionKind.Adjustment);
        }

        return updated;
    }
}
