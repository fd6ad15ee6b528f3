using FsCheck;
using FsCheck.Fluent;

namespace Akinon.Loyalty.Testing.Model;

/// <summary>FsCheck generators of operation sequences.</summary>
internal static class LedgerOperations
{
    /// <summary>The currencies sequences use: two decimals, none, and three.</summary>
    public static IReadOnlyList<Currency> Currencies { get; } = [Currency.EUR, Currency.FromCode("JPY"), Currency.FromCode("KWD")];

    // Declared before Operation, which reads it when the class initialises.
    /// <summary>An expiry in minutes from now, or never (most accounts).</summary>
    private static Gen<int?> Expiring { get; } = Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(1, 180).Select(m => (int?)m)));

    /// <summary>One random operation.</summary>
    public static Gen<LedgerOperation> Operation { get; } = Gen.Frequency(
        (4, from user in Gen.Choose(1, 3)
            from currency in Gen.Choose(0, 2)
            from debit in Gen.Elements(false, false, true)
            from opening in Amount(-300, 8000)
            from keyed in Gen.Elements(true, false)
            from expires in Expiring
            select (LedgerOperation)new OpenAccount(user, currency, debit, opening, keyed, expires)),
        (2, from account in Gen.Choose(0, 20)
            from target in Amount(-300, 8000)
            from keyed in Gen.Elements(true, false)
            select (LedgerOperation)new SetBalance(account, target, keyed)),
        (2, from system in Gen.Choose(0, 2)
            from account in Gen.Choose(0, 20)
            from amount in Amount(-20, 3000)
            from toSystem in Gen.Elements(true, false)
            select (LedgerOperation)new MoveWithSystem(system, account, amount, toSystem)),
        (5, from source in Gen.Choose(0, 20)
            from to in Gen.Choose(0, 20)
            from amount in Amount(-50, 4000)
            from other in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
            from keyed in Gen.Elements(true, false)
            select (LedgerOperation)new MoveMoney(source, to, amount, other, keyed)),
        (5, from user in Gen.Choose(1, 3)
            from currency in Gen.Choose(0, 2)
            from total in Amount(-100, 9000)
            from cap in Gen.Frequency((3, Gen.Constant<long?>(null)), (1, Amount(0, 5000).Select(c => (long?)c)))
            select (LedgerOperation)new PayOrder(user, currency, total, cap)),
        (4, from payment in Gen.Choose(0, 20)
            from amount in Amount(-20, 3000)
            from invoice in Gen.Elements(false, false, true)
            from byOrder in Gen.Elements(true, false)
            select (LedgerOperation)new RefundPayment(payment, amount, invoice, byOrder)),
        (2, from user in Gen.Choose(1, 3)
            from currency in Gen.Choose(0, 2)
            from amount in Amount(-20, 3000)
            from invoice in Gen.Elements(false, false, true)
            from expires in Expiring
            select (LedgerOperation)new RefundToLoyalty(user, currency, amount, invoice, expires)),
        (2, from currency in Gen.Choose(0, 2)
            from amount in Amount(-20, 5000)
            from expires in Expiring
            select (LedgerOperation)new IssueGiftCard(currency, amount, expires)),
        (2, from card in Gen.Choose(0, 10)
            from user in Gen.Choose(1, 3)
            select (LedgerOperation)new RedeemGiftCard(card, user)),
        (3, from request in Gen.Choose(0, 30)
            from changed in Gen.Elements(false, true)
            select (LedgerOperation)new Retry(request, changed)),
        (1, from request in Gen.Choose(0, 30)
            from operation in Gen.Choose(0, 2)
            select (LedgerOperation)new ReuseKey(request, operation)),
        (4, from user in Gen.Choose(1, 3)
            from currency in Gen.Choose(0, 2)
            from total in Amount(-100, 9000)
            from cap in Gen.Frequency((3, Gen.Constant<long?>(null)), (1, Amount(0, 5000).Select(c => (long?)c)))
            from timeout in Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(1, 120).Select(m => (int?)m)))
            select (LedgerOperation)new AuthorizeOrder(user, currency, total, cap, timeout)),
        (3, from hold in Gen.Choose(0, 20)
            from amount in Gen.Frequency((2, Gen.Constant<long?>(null)), (4, Amount(-20, 5000).Select(a => (long?)a)))
            select (LedgerOperation)new CaptureOrder(hold, amount)),
        (2, from hold in Gen.Choose(0, 20)
            select (LedgerOperation)new VoidOrder(hold)),
        (3, from minutes in Gen.Choose(1, 90)
            select (LedgerOperation)new AdvanceClock(minutes)),
        (2, Gen.Constant((LedgerOperation)new ExpireDue())));

    /// <summary>Sequences of 1 to <paramref name="maxLength"/> operations, shrinking by dropping steps.</summary>
    /// <param name="maxLength">The longest sequence.</param>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<LedgerOperation[]> Sequences(int maxLength = 40)
        => Arb.From(
            from length in Gen.Choose(1, maxLength)
            from operations in Operation.ArrayOf(length)
            select operations,
            Shrink);

    private static Gen<long> Amount(int min, int max) => Gen.Choose(min, max).Select(static a => (long)a);

    private static IEnumerable<LedgerOperation[]> Shrink(LedgerOperation[] operations)
    {
        if (operations.Length > 1)
        {
            yield return operations[..(operations.Length / 2)];
            yield return operations[(operations.Length / 2)..];
        }

        for (var i = 0; i < operations.Length; i++)
        {
            yield return [.. operations[..i], .. operations[(i + 1)..]];
        }
    }
}
