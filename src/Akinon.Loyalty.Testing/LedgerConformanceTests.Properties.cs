using Akinon.Loyalty.Testing.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    /// <summary>
    /// Random sequences of account openings, balance changes, transfers, payments, refunds, cross refunds,
    /// refunds to loyalty, gift cards, retries and conflicting retries, valid and not, behave as the
    /// reference model says after every step, and the invariants hold throughout.
    /// </summary>
    [Fact]
    public void Random_operation_sequences_match_the_reference_model()
    {
        var property = Prop.ForAll(LedgerOperations.Sequences(), operations =>
        {
            var (ledger, _) = NewLedger();

            // FsCheck properties are synchronous; the ledger is awaited to completion on this thread.
            LedgerModelRun.RunAsync(ledger, operations).GetAwaiter().GetResult();
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns).WithQuietOnSuccess(true), property);
    }
}
