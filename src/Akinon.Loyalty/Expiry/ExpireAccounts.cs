using System.Globalization;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>
/// The expiry run: every account expired by an instant that still has money moves it to its currency's Breakage
/// account, one <see cref="TransactionKind.Expiry"/> transaction per account.
/// </summary>
internal sealed class ExpireAccounts(LedgerContext ledger)
{
    public async ValueTask<IReadOnlyList<Transaction>> RunAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = ledger.Now();
        var instant = MicrosecondClock.Truncate(asOf);
        if (instant > now)
        {
            // An instant ahead of the clock would take money that may still be spent.
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"'asOf' ({asOf:O}) must not be later than now ({now:O})."));
        }

        var posted = new List<Transaction>();
        long? after = null;
        while (true)
        {
            var page = await ledger.Store.ListAccountsAsync(new AccountQuery { ExpiredBy = instant, AfterId = after, Limit = AccountQuery.MaxLimit }, cancellationToken).ConfigureAwait(false);
            foreach (var account in page.Items)
            {
                if (await ExpireAsync(account, now, cancellationToken).ConfigureAwait(false) is { } expiry)
                {
                    posted.Add(expiry);
                }
            }

            if (page.Items.Count < AccountQuery.MaxLimit)
            {
                return posted;
            }

            after = page.Items[^1].Id;
        }
    }

    /// <summary>Moves what is left on one expired account to Breakage; <see langword="null"/> when there was nothing, or another run did it.</summary>
    private async ValueTask<Transaction?> ExpireAsync(Account account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var balance = account.Balance.ToMinorUnits();
        if (balance <= 0 || account.Kind.IsSystem())
        {
            return null;
        }

        var breakage = await ledger.SystemAccounts.GetAsync(AccountKind.Breakage, account.Currency, cancellationToken).ConfigureAwait(false);

        // Keyed by the account's version and guarded by it: runs that read the account alike share one key, so the
        // store posts one of them and replays it to the rest; a run that read an older version is refused, and the
        // account, changed since, is the next run's.
        var draft = new TransactionDraft
        {
            Uuid = Uuids.NewV4(),
            Kind = TransactionKind.Expiry,
            Currency = account.Currency,
            CreatedAt = now,
            UserId = account.UserId,
            UserEmail = account.UserEmail,
            IdempotencyKey = IdempotencyScopes.Expiry(account.Id, account.Version),
            RequestFingerprint = Fingerprint.Of($"expiry|{account.Id}|{account.Version}|{balance}"),
            Legs = new LegPair(new LegDraft(account.Id, -balance) { NeverBelowZero = true, ExpectedVersion = account.Version }, new LegDraft(breakage.Id, balance)),
        };
        try
        {
            var outcome = await ledger.PostAsync(draft, cancellationToken).ConfigureAwait(false);
            return outcome.Replayed ? null : outcome.Transaction;
        }
        catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.ConcurrencyConflict)
        {
            return null;
        }
    }
}
