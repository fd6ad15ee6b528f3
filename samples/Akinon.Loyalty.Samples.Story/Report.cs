using System.Globalization;
using Akinon.Loyalty;
using Spectre.Console;

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

    public static void Authorization(OrderAuthorization hold)
    {
        Console.WriteLine($"Order {hold.OrderNumber}: total {hold.OrderAmount}, loyalty held {hold.Authorized} until {hold.ExpiresAt:u}, remaining for the card {hold.Remaining}");
        Table("Held from", ["account", "number", "amount"], hold.Allocations.Select(a => new[] { Text(a.AccountId), a.Number, a.Amount.ToString() }));
    }

    public static void Settlement(string title, HoldSettlement settlement)
    {
        Table(
            title,
            ["order", "authorised", "captured", "released", "transaction"],
            [[settlement.OrderNumber, settlement.Authorized.ToString(), settlement.Captured.ToString(), settlement.Released.ToString(), settlement.Transaction.Kind.ToString()]]);
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

    /// <summary>An account's statement for a period: opening balance, each transfer with the balance after it, closing balance.</summary>
    public static async Task StatementAsync(ILoyaltyLedger ledger, string title, long accountId, DateTimeOffset from, DateTimeOffset to)
    {
        var statement = await ledger.ReadStatementAsync(accountId, from, to);
        var rows = new List<string[]> { new[] { "", "opening balance", "", "", statement.OpeningBalance.ToString() } };
        await foreach (var transfer in statement.Transfers)
        {
            rows.Add([Text(transfer.Id), transfer.TransactionKind.ToString(), transfer.OrderNumber ?? "-", transfer.Amount.ToString(), transfer.BalanceAfter?.ToString() ?? "-"]);
        }

        rows.Add(["", "closing balance", "", "", statement.ClosingBalance.ToString()]);
        Table(title, ["transfer", "kind", "order", "amount", "balance after"], rows);
    }

    /// <summary>The liability report: what the shop owes in store credit, by kind, held, expiring and broken.</summary>
    public static async Task LiabilityAsync(ILoyaltyLedger ledger, string title, Currency currency, DateTimeOffset asOf)
    {
        var report = await ledger.GetLiabilityAsync(currency, asOf);
        Table(
            title,
            ["", "amount"],
            [
                ["customer accounts", report.Customer.ToString()],
                ["gift cards", report.GiftCard.ToString()],
                ["invoice accounts", report.Invoice.ToString()],
                ["held for orders", report.Held.ToString()],
                ["outstanding (owed)", report.Outstanding.ToString()],
                ["expiring within 30 days", report.ExpiringWithin30Days.ToString()],
                ["expiring within 60 days", report.ExpiringWithin60Days.ToString()],
                ["expiring within 90 days", report.ExpiringWithin90Days.ToString()],
                ["expired, awaiting the expiry run", report.AwaitingExpiry.ToString()],
                ["breakage to date", report.Breakage.ToString()],
            ]);
    }

    // Drawn by Spectre.Console; cells are plain text (never parsed as markup), so numbers and codes print as they are.
    private static void Table(string title, string[] headers, IEnumerable<string[]> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Rounded };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(static cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine();
    }
}
