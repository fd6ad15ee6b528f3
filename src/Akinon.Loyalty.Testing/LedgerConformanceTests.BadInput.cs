namespace Akinon.Loyalty.Testing;

public abstract partial class LedgerConformanceTests
{
    private static readonly Dictionary<string, (LoyaltyErrorCode Code, Func<BadInputScene, Task> Act)> BadInputs = new()
    {
        ["transfer of a negative amount"] = (LoyaltyErrorCode.InvalidAmount, s => s.Transfer(s.Euro.Id, s.EuroEmpty.Id, Money.Of(-1, Currency.EUR))),
        ["transfer of zero"] = (LoyaltyErrorCode.InvalidAmount, s => s.Transfer(s.Euro.Id, s.EuroEmpty.Id, Money.Zero(Currency.EUR))),
        ["transfer of more decimals than the currency has"] = (LoyaltyErrorCode.InvalidAmount, s => s.Transfer(s.Euro.Id, s.EuroEmpty.Id, Money.Of(1.001m, Currency.EUR))),
        ["transfer of a fraction of a yen"] = (LoyaltyErrorCode.InvalidAmount, s => s.Transfer(s.Euro.Id, s.EuroEmpty.Id, Money.Of(0.5m, Currency.FromCode("JPY")))),
        ["transfer in another currency than the accounts"] = (LoyaltyErrorCode.CurrencyMismatch, s => s.Transfer(s.Euro.Id, s.EuroEmpty.Id, Money.Of(1, Currency.TRY))),
        ["transfer between accounts of two currencies"] = (LoyaltyErrorCode.CurrencyMismatch, s => s.Transfer(s.Euro.Id, s.Lira.Id, Money.Of(1, Currency.EUR))),
        ["transfer from an unknown account"] = (LoyaltyErrorCode.AccountNotFound, s => s.Transfer(999_999, s.EuroEmpty.Id, Money.Of(1, Currency.EUR))),
        ["transfer to an unknown account"] = (LoyaltyErrorCode.AccountNotFound, s => s.Transfer(s.Euro.Id, 999_999, Money.Of(1, Currency.EUR))),
        ["transfer from a non-positive id"] = (LoyaltyErrorCode.InvalidArgument, s => s.Transfer(0, s.EuroEmpty.Id, Money.Of(1, Currency.EUR))),
        ["transfer to the same account"] = (LoyaltyErrorCode.SameAccount, s => s.Transfer(s.Euro.Id, s.Euro.Id, Money.Of(1, Currency.EUR))),
        ["transfer of more than the balance"] = (LoyaltyErrorCode.InsufficientFunds, s => s.Transfer(s.Euro.Id, s.EuroEmpty.Id, Money.Of(50.01m, Currency.EUR))),
        ["transfer that overflows a balance"] = (LoyaltyErrorCode.Overflow, async s =>
        {
            var bank = await s.Ledger.GetSystemAccountAsync(AccountKind.Bank, Currency.EUR);
            await s.Transfer(bank.Id, s.Euro.Id, Money.FromMinorUnits(long.MaxValue - 1, Currency.EUR));
        }),
        ["transfer with a default currency"] = (LoyaltyErrorCode.InvalidCurrency, s => s.Transfer(s.Euro.Id, s.EuroEmpty.Id, default)),
        ["transfer with an empty key"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.TransferAsync(new TransferRequest { SourceAccountId = s.Euro.Id, DestinationAccountId = s.EuroEmpty.Id, Amount = Money.Of(1, Currency.EUR), IdempotencyKey = " " }).AsTask()),
        ["account with an over-long number"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = new string('n', 129), Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account with an empty number"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = "", Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account with a control character in its number"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = "a\u0000b", Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account with an over-long email"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1, UserEmail = new string('e', 250) + "@x.com" }).AsTask()),
        ["account with a non-positive user"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = -4 }).AsTask()),
        ["account without a currency"] = (LoyaltyErrorCode.InvalidCurrency, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = default, UserId = 1 }).AsTask()),
        ["account with a balance in another currency"] = (LoyaltyErrorCode.CurrencyMismatch, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1, Balance = Money.Of(1, Currency.TRY) }).AsTask()),
        ["account with a negative opening balance and no debit"] = (LoyaltyErrorCode.InsufficientFunds, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1, Balance = Money.Of(-1, Currency.EUR) }).AsTask()),
        ["account with a duplicate number"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = s.Euro.Number, Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["update of an unknown account"] = (LoyaltyErrorCode.AccountNotFound, s => s.Ledger.UpdateAccountAsync(999_999, new UpdateAccountRequest { UserEmail = "x@example.com" }).AsTask()),
        ["update of a balance in another currency"] = (LoyaltyErrorCode.CurrencyMismatch, s => s.Ledger.UpdateAccountAsync(s.Euro.Id, new UpdateAccountRequest { Balance = Money.Of(5, Currency.TRY) }).AsTask()),
        ["update of a balance below zero without debit"] = (LoyaltyErrorCode.InsufficientFunds, s => s.Ledger.UpdateAccountAsync(s.Euro.Id, new UpdateAccountRequest { Balance = Money.Of(-5, Currency.EUR) }).AsTask()),
        ["payment of a zero order"] = (LoyaltyErrorCode.InvalidAmount, s => s.Pay("Z-1", Money.Zero(Currency.EUR))),
        ["payment of a negative order"] = (LoyaltyErrorCode.InvalidAmount, s => s.Pay("Z-2", Money.Of(-10, Currency.EUR))),
        ["payment with an empty order number"] = (LoyaltyErrorCode.InvalidArgument, s => s.Pay(" ", Money.Of(10, Currency.EUR))),
        ["payment with a negative cap"] = (LoyaltyErrorCode.InvalidAmount, s => s.Ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "Z-3", UserId = 1, Amount = Money.Of(10, Currency.EUR), MaxAmount = Money.Of(-1, Currency.EUR) }).AsTask()),
        ["payment with a cap in another currency"] = (LoyaltyErrorCode.CurrencyMismatch, s => s.Ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "Z-4", UserId = 1, Amount = Money.Of(10, Currency.EUR), MaxAmount = Money.Of(1, Currency.TRY) }).AsTask()),
        ["payment of an order paid differently before"] = (LoyaltyErrorCode.IdempotencyConflict, s => s.Pay("P-1", Money.Of(21, Currency.EUR))),
        ["refund of more than was paid"] = (LoyaltyErrorCode.RefundExceedsPayment, s => s.Ledger.RefundAsync(new RefundRequest { TransactionUuid = s.Payment.Uuid, Amount = 20.01m }).AsTask()),
        ["refund of zero"] = (LoyaltyErrorCode.InvalidAmount, s => s.Ledger.RefundAsync(new RefundRequest { TransactionUuid = s.Payment.Uuid, Amount = 0m }).AsTask()),
        ["refund of more decimals than the currency has"] = (LoyaltyErrorCode.InvalidAmount, s => s.Ledger.RefundAsync(new RefundRequest { TransactionUuid = s.Payment.Uuid, Amount = 1.005m }).AsTask()),
        ["refund of an unknown payment"] = (LoyaltyErrorCode.PaymentNotFound, s => s.Ledger.RefundAsync(new RefundRequest { TransactionUuid = Guid.NewGuid(), Amount = 1m }).AsTask()),
        ["cross refund of an order loyalty did not pay"] = (LoyaltyErrorCode.PaymentNotFound, s => s.Ledger.CrossRefundAsync(new CrossRefundRequest { OrderNumber = "never", Amount = 1m }).AsTask()),
        ["refund onto another user's account number"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.RefundAsync(new RefundRequest { TransactionUuid = s.Payment.Uuid, Amount = 1m, InvoiceNumber = s.EuroEmpty.Number }).AsTask()),
        ["refund to loyalty without a key"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.RefundToLoyaltyAsync(new RefundToLoyaltyRequest { OrderNumber = "C-1", UserId = 1, Amount = Money.Of(1, Currency.EUR), IdempotencyKey = "" }).AsTask()),
        ["gift card of a negative amount"] = (LoyaltyErrorCode.InvalidAmount, s => s.Ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(-5, Currency.EUR) }).AsTask()),
        ["gift card with the number of a customer account"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR), Code = s.Coded.Number.ToLowerInvariant() }).AsTask()),
        ["redeeming a customer account"] = (LoyaltyErrorCode.NotAGiftCard, s => s.Ledger.RedeemGiftCardAsync(new RedeemGiftCardRequest { Code = s.Euro.Number, Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account without a user"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR }).AsTask()),
        ["account numbered with the lower-case Bank number"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = "bank", Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account numbered Bank with a trailing space"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = "Bank ", Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account numbered Bank with a zero-width space"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = "Bank\u200b", Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account numbered Bank in Cyrillic"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = "B\u0430nk", Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account numbered with the Sale UUID and a zero-width space"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = LoyaltyOptions.DefaultSaleAccountNumber + "\u200b", Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account numbered with the upper-case Refund UUID"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = LoyaltyOptions.DefaultRefundAccountNumber.ToUpperInvariant(), Currency = Currency.TRY, UserId = 1 }).AsTask()),
        ["account with a space inside its number"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = "A 1", Currency = Currency.EUR, UserId = 1 }).AsTask()),
        ["account numbered Bank in a new currency"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = "Bank", UserId = 5, Currency = Nok }).AsTask()),
        ["account without a user in a new currency"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Nok, Balance = Money.Of(5, Nok) }).AsTask()),
        ["account with a negative opening balance and no debit in a new currency"] = (LoyaltyErrorCode.InsufficientFunds, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Nok, UserId = 5, Balance = Money.Of(-1, Nok) }).AsTask()),
        ["account with a used key in a new currency"] = (LoyaltyErrorCode.IdempotencyConflict, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Nok, UserId = 5, Balance = Money.Of(5, Nok), IdempotencyKey = SceneKey }).AsTask()),
        ["account with a taken number in a new currency with accounts but no system accounts"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Number = s.Krona.Number, Currency = Sek, UserId = 5, Balance = Money.Of(5, Sek) }).AsTask()),
        ["update below zero without debit in a currency without system accounts"] = (LoyaltyErrorCode.InsufficientFunds, s => s.Ledger.UpdateAccountAsync(s.Krona.Id, new UpdateAccountRequest { Balance = Money.Of(-5, Sek) }).AsTask()),
        ["update with a used key in a currency without system accounts"] = (LoyaltyErrorCode.IdempotencyConflict, s => s.Ledger.UpdateAccountAsync(s.Krona.Id, new UpdateAccountRequest { Balance = Money.Of(5, Sek), IdempotencyKey = SceneKey }).AsTask()),
        ["transfer in a new currency"] = (LoyaltyErrorCode.CurrencyMismatch, s => s.Transfer(s.Euro.Id, s.EuroEmpty.Id, Money.Of(1, Nok))),
        ["gift card with a used key in a new currency"] = (LoyaltyErrorCode.IdempotencyConflict, s => s.Ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Nok), IdempotencyKey = SceneKey }).AsTask()),
        ["gift card numbered bank in a new currency"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Nok), Code = "bank" }).AsTask()),
        ["gift card with a taken number in a currency without system accounts"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Sek), Code = s.Krona.Number }).AsTask()),
        ["gift card with a non-ASCII code"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Nok), Code = "KART\u0130" }).AsTask()),
        ["refund to loyalty onto the Bank number in a new currency"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.RefundToLoyaltyAsync(new RefundToLoyaltyRequest { OrderNumber = "C-2", UserId = 1, Amount = Money.Of(1, Nok), InvoiceNumber = "BANK", IdempotencyKey = "rtl-nok" }).AsTask()),
        ["refund to loyalty onto a customer number in a currency without system accounts"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.RefundToLoyaltyAsync(new RefundToLoyaltyRequest { OrderNumber = "C-3", UserId = 4, Amount = Money.Of(1, Sek), InvoiceNumber = s.Krona.Number, IdempotencyKey = "rtl-sek" }).AsTask()),
        ["refund to loyalty with a used key in a new currency"] = (LoyaltyErrorCode.IdempotencyConflict, s => s.Ledger.RefundToLoyaltyAsync(new RefundToLoyaltyRequest { OrderNumber = "C-4", UserId = 1, Amount = Money.Of(1, Nok), IdempotencyKey = SceneKey }).AsTask()),
        ["refund to loyalty with an invoice number with a space"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.RefundToLoyaltyAsync(new RefundToLoyaltyRequest { OrderNumber = "C-5", UserId = 1, Amount = Money.Of(1, Nok), InvoiceNumber = "INV 1", IdempotencyKey = "rtl-space" }).AsTask()),
        ["refund onto the Refund number"] = (LoyaltyErrorCode.DuplicateAccountNumber, s => s.Ledger.RefundAsync(new RefundRequest { TransactionUuid = s.Payment.Uuid, Amount = 1m, InvoiceNumber = LoyaltyOptions.DefaultRefundAccountNumber.ToUpperInvariant() }).AsTask()),
        ["refund with a used key"] = (LoyaltyErrorCode.IdempotencyConflict, s => s.Ledger.RefundAsync(new RefundRequest { TransactionUuid = s.Payment.Uuid, Amount = 1m, IdempotencyKey = SceneKey }).AsTask()),
        ["transfer with a key used by a gift card"] = (LoyaltyErrorCode.IdempotencyConflict, s => s.Ledger.TransferAsync(new TransferRequest { SourceAccountId = s.Euro.Id, DestinationAccountId = s.EuroEmpty.Id, Amount = Money.Of(1, Currency.EUR), IdempotencyKey = SceneKey }).AsTask()),
        ["update with a key used by a gift card"] = (LoyaltyErrorCode.IdempotencyConflict, s => s.Ledger.UpdateAccountAsync(s.Euro.Id, new UpdateAccountRequest { UserEmail = "k@example.com", IdempotencyKey = SceneKey }).AsTask()),
        ["account with a key used by a gift card"] = (LoyaltyErrorCode.IdempotencyConflict, s => s.Ledger.CreateAccountAsync(new CreateAccountRequest { Currency = Currency.EUR, UserId = 1, IdempotencyKey = SceneKey }).AsTask()),
        ["transfer from the Sale account"] = (LoyaltyErrorCode.OperationNotAllowed, async s =>
        {
            var sale = await s.Ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR);
            await s.Transfer(sale.Id, s.Euro.Id, Money.Of(20, Currency.EUR));
        }),
        ["transfer to the Sale account"] = (LoyaltyErrorCode.OperationNotAllowed, async s =>
        {
            var sale = await s.Ledger.GetSystemAccountAsync(AccountKind.Sale, Currency.EUR);
            await s.Transfer(s.Euro.Id, sale.Id, Money.Of(1, Currency.EUR));
        }),
        ["unknown system account kind"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.GetSystemAccountAsync(AccountKind.Customer, Currency.EUR).AsTask()),
        ["listing with a limit of zero"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.ListAccountsAsync(new AccountQuery { Limit = 0 }).AsTask()),
        ["listing with a limit over the maximum"] = (LoyaltyErrorCode.InvalidArgument, s => s.Ledger.ListTransfersAsync(new TransferQuery { Limit = TransferQuery.MaxLimit + 1 }).AsTask()),
        ["reading an unknown transaction"] = (LoyaltyErrorCode.TransactionNotFound, s => s.Ledger.GetTransactionAsync(Guid.NewGuid()).AsTask()),
        ["reading an unknown account"] = (LoyaltyErrorCode.AccountNotFound, s => s.Ledger.GetAccountAsync(424242).AsTask()),
    };

    /// <summary>A currency no scene account uses, so nothing exists in it yet: refusals in it must not leave system accounts behind.</summary>
    private static readonly Currency Nok = Currency.FromCode("NOK");

    /// <summary>A currency with one customer account and no system accounts (an account opened without balance needs none).</summary>
    private static readonly Currency Sek = Currency.FromCode("SEK");

    /// <summary>The caller key the scene's gift card was issued under.</summary>
    private const string SceneKey = "scene-key";

    /// <summary>The names of the bad-input cases.</summary>
    public static TheoryData<string> BadInputNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in BadInputs.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    /// <summary>Each bad input is refused with its stable code and leaves the ledger exactly as it was.</summary>
    /// <param name="name">The case.</param>
    /// <returns>A task.</returns>
    [Theory]
    [MemberData(nameof(BadInputNames))]
    public async Task Bad_input_is_refused_with_its_code_and_changes_nothing(string name)
    {
        var (ledger, _) = NewLedger();
        var scene = await BadInputScene.CreateAsync(ledger);
        var (code, act) = BadInputs[name];
        await ShouldRefuseAsync(ledger, code, () => act(scene));
    }

    /// <summary>Malformed amounts never become money: too many decimals, unknown currencies, out-of-range values.</summary>
    [Fact]
    public void Money_refuses_what_it_cannot_hold_exactly()
    {
        Assert.Throws<LoyaltyException>(() => Money.Of(1.001m, Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
        Assert.Throws<LoyaltyException>(() => Money.Of(1m, "XYZ")).Code.Should().Be(LoyaltyErrorCode.InvalidCurrency);
        Assert.Throws<LoyaltyException>(() => Money.Of(decimal.MaxValue, Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
        Assert.Throws<LoyaltyException>(() => Money.Parse("1e3", Currency.EUR)).Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
    }

    /// <summary>The accounts and payment every bad-input case starts from.</summary>
    private sealed class BadInputScene
    {
        public required ILoyaltyLedger Ledger { get; init; }

        public required Account Euro { get; init; }

        public required Account EuroEmpty { get; init; }

        public required Account Lira { get; init; }

        public required Account Coded { get; init; }

        public required Account Krona { get; init; }

        public required Transaction Payment { get; init; }

        public static async Task<BadInputScene> CreateAsync(ILoyaltyLedger ledger)
        {
            var euro = await OpenAsync(ledger, 1, 70);
            var empty = await OpenAsync(ledger, 2, 0);
            var lira = await OpenAsync(ledger, 1, 10, Currency.TRY);
            var coded = await ledger.CreateAccountAsync(new CreateAccountRequest { Number = "CODE-7", Currency = Currency.EUR, UserId = 3 });
            var krona = await ledger.CreateAccountAsync(new CreateAccountRequest { Number = "KRONA-1", Currency = Sek, UserId = 4 });
            await ledger.IssueGiftCardAsync(new IssueGiftCardRequest { Amount = Money.Of(5, Currency.EUR), IdempotencyKey = SceneKey });
            var payment = await ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = "P-1", UserId = 1, Amount = Money.Of(20, Currency.EUR) });
            return new BadInputScene { Ledger = ledger, Euro = euro, EuroEmpty = empty, Lira = lira, Coded = coded, Krona = krona, Payment = payment.Transaction! };
        }

        public Task Transfer(long from, long to, Money amount)
            => Ledger.TransferAsync(new TransferRequest { SourceAccountId = from, DestinationAccountId = to, Amount = amount }).AsTask();

        public Task Pay(string order, Money amount)
            => Ledger.PayOrderAsync(new OrderPaymentRequest { OrderNumber = order, UserId = 1, Amount = amount }).AsTask();
    }
}
