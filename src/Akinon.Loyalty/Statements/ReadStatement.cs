using System.Globalization;
using System.Runtime.CompilerServices;
using Akinon.Loyalty.Internal;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty;

/// <summary>Balances as of an instant and statements for a period: reads only, judged against the ledger's clock.</summary>
internal sealed class ReadStatement(LedgerContext ledger)
{
    /// <summary>How many transfers a statement reads from the store at a time.</summary>
    public const int PageSize = 500;

    public async ValueTask<Money> GetBalanceAsync(long accountId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var account = await ledger.GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
        return await BalanceAsync(account, MicrosecondClock.Truncate(asOf), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<AccountStatement> ReadAsync(long accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (from > to)
        {
            throw new LoyaltyException(LoyaltyErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"A statement's start ({from:O}) must not be later than its end ({to:O})."));
        }

        var account = await ledger.GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false);

        // A period reaching past the clock ends at the clock, so that its closing balance cannot change after it is read
        // (times come from the clock); times are whole microseconds, so truncating changes no comparison.
        var start = MicrosecondClock.Truncate(from);
        var end = MicrosecondClock.Truncate(to);
        var now = ledger.Now();
        end = end > now ? (now > start ? now : start) : end;
        var opening = await BalanceAsync(account, start, cancellationToken).ConfigureAwait(false);
        var closing = start == end ? opening : await BalanceAsync(account, end, cancellationToken).ConfigureAwait(false);
        return new AccountStatement
        {
            Account = account,
            From = start,
            To = end,
            OpeningBalance = opening,
            ClosingBalance = closing,
            Transfers = TransfersAsync(ledger.Store, account.Id, start, end, cancellationToken),
        };
    }

    private async ValueTask<Money> BalanceAsync(Account account, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var balance = await ledger.Store.GetBalanceAsync(account.Id, asOf, cancellationToken).ConfigureAwait(false) ?? throw LedgerErrors.AccountNotFound(account.Id);
        return Money.FromMinorUnits(balance, account.Currency);
    }

    private static async IAsyncEnumerable<Transfer> TransfersAsync(
        ILedgerStore store,
        long accountId,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken opened,
        [EnumeratorCancellation] CancellationToken enumerated = default)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(opened, enumerated);
        var cancellationToken = both.Token;
        var position = TransferPosition.After(from);
        while (true)
        {
            var page = await store.ReadAccountTransfersAsync(accountId, position, to, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var transfer in page)
            {
                yield return transfer;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            position = TransferPosition.Of(page[^1]);
        }
    }
}
