using Akinon.Loyalty.Testing.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>
    /// Random sequences of account openings, balance changes, transfers, payments, refunds, cross refunds,
    /// refunds to loyalty, gift cards, retries and conflicting retries, authorisations, captures (partial and full),
    /// voids, accounts and gift cards that expire, clock moves and expiry runs, valid and not, behave as the
    /// reference model says after every step, and the invariants hold throughout (Hold holds the live holds, no
    /// expired account is drawn on, Breakage only grows and only by expiries).
    /// </summary>
    [Fact]
    public void Random_operation_sequences_match_the_reference_model()
    {
        var property = Prop.ForAll(LedgerOperations.Sequences(), operations =>
        {
            var clock = new AdvancingClock(ExpiryEpoch);
            var ledger = NewLedgerAt(clock);

            // FsCheck properties are synchronous; the ledger is awaited to completion on this thread.
            LedgerModelRun.RunAsync(ledger, clock, operations).GetAwaiter().GetResult();
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns).WithQuietOnSuccess(true), property);
    }
}
