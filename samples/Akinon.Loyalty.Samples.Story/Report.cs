using System.Globalization;
using Akinon.Loyalty;

namespace Akinon.Loyalty.Samples.Story;

/// <summary>Prints the ledger as readable tables.</summary>
public static class Report
{
    public static async Task AccountsAsync(ILoyaltyLedger ledger, string title)
    {
        var page = await ledger.ListAccountsAsync(new AccountQuery { Limit = AccountQuery.MaxLimit });
        Table(
            title,
            ["pk", "number", "kind", "user", "debit", "balance"],
            page.Items.Select(a => new[] { Text(a.Id), a.Number, a.Kind.ToString(), a.UserId is { } u ? Text(u) : "-", a.DebitAllowed ? "yes" : "no", a.Balance.ToString() }));
    }

    public static async Task TransfersAsync(ILoyaltyLedger ledger, string title)
    {
        var page = await ledger.ListTransfersAsync(new TransferQuery { Limit = TransferQuery.MaxLimit });
        Table(
            title,
            ["id", "account", "amount", "kind", "order"],
            page.Items.Select(t => new[] { Text(t.Id), Text(t.AccountId), t.Amount.ToString(), t.TransactionKind.ToString(), t.OrderNumber ?? "-" }));
    }

    public static void Payment(OrderPayment payment)
    {
        Console.WriteLine($"Order {payment.OrderNumber}: total {payment.OrderAmount}, loyalty covered {payment.Covered}, remaining {payment.Remaining}");
        Table("Allocation", ["account", "number", "amount"], payment.Allocations.Select(a => new[] { Text(a.AccountId), a.Number, a.Amount.ToString() }));
    }

    public static void Refund(string title, Refund refund)
    {
        Table(
            title,
            ["pk", "uuid", "amount", "order", "user", "reference", "invoice"],
            [[Text(refund.Id), refund.Uuid.ToString(), refund.Amount.ToString(), refund.OrderId is { } o ? Text(o) : "-", refund.UserId is { } u ? Text(u) : "-", refund.OrderNumber, refund.InvoiceNumber ?? "-"]]);
    }

    /// <summary>Checks the two master invariants and prints one line saying whether the ledger balances.</summary>
    public static async Task<bool> CheckAsync(ILoyaltyLedger ledger)
    {
        var accounts = (await ledger.ListAccountsAsync(new AccountQuery { Limit = AccountQuery.MaxLimit })).Items;
        var transfers = (await ledger.ListTransfersAsync(new TransferQuery { Limit = TransferQuery.MaxLimit })).Items;
        var sumsToZero = accounts.GroupBy(a => a.Currency).All(g => g.Sum(a => a.Balance.Amount) == 0m);
        var matchesTransfers = accounts.All(a => transfers.Where(t => t.AccountId == a.Id).Sum(t => t.Amount.Amount) == a.Balance.Amount);
        var ok = sumsToZero && matchesTransfers;
        Console.WriteLine(ok
            ? $"Check: the ledger balances: {accounts.Count} accounts sum to zero per currency and every balance equals the sum of its {transfers.Count} transfers."
            : "Check: THE LEDGER DOES NOT BALANCE.");
        return ok;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Table(string title, string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(title);
        Console.WriteLine("  " + string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))));
        Console.WriteLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in all)
        {
            Console.WriteLine("  " + string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))));
        }

        Console.WriteLine();
    }
}
