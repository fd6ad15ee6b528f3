using System.Text.Json;
using Akinon.Loyalty.AspNetCore.Wire;

namespace Akinon.Loyalty.AspNetCore.Tests.Wire;

/// <summary>The wire format on its own, as a host with its own controllers uses it.</summary>
public sealed class LoyaltyJsonTests
{
    private static readonly DateTimeOffset Created = new(2023, 10, 24, 13, 57, 4, TimeSpan.FromHours(3));

    [Fact]
    public void An_account_serializes_exactly_as_the_seed_writes_it()
    {
        var account = new Account
        {
            Id = 34,
            Number = "e74496da-c3e7-4a91-b382-514f638d2141",
            Currency = Currency.EUR,
            Kind = AccountKind.Customer,
            UserId = 414185,
            UserEmail = "john.doe@akinon.com",
            DebitAllowed = true,
            Balance = Money.Of(100m, Currency.EUR),
            CreatedAt = Created.AddTicks(7_614_329),
            ModifiedAt = Created.AddTicks(7_614_610),
            Version = 1,
        };

        var json = JsonSerializer.Serialize(AccountResponse.From(account), LoyaltyJson.Options);

        json.Should().Be("""{"pk":34,"number":"e74496da-c3e7-4a91-b382-514f638d2141","user_email":"john.doe@akinon.com","balance":"100.00","debit_allowed":true,"created_date":"2023-10-24T10:57:04.761432Z","modified_date":"2023-10-24T10:57:04.761461Z","user":414185,"currency":"eur"}""");
    }

    [Theory]
    [InlineData("\"20\"", "20")]
    [InlineData("20", "20")]
    [InlineData("20.50", "20.50")]
    [InlineData("\"-14.00\"", "-14.00")]
    [InlineData("1e3", "1e3")]
    public void Amounts_are_read_as_written_from_strings_and_numbers(string amount, string text)
    {
        var body = JsonSerializer.Deserialize<CreateTransferBody>($$"""{"amount": {{amount}}, "source_account": 9, "destination_account": 6}""", LoyaltyJson.Options)!;
        body.Amount.Should().Be(text);
    }

    [Fact]
    public void A_body_becomes_a_ledger_request_with_exact_money()
    {
        var body = JsonSerializer.Deserialize<CreateAccountBody>("""{"currency": "EUR", "balance": 100.10, "user": 1}""", LoyaltyJson.Options)!;

        var request = body.ToRequest("key-1");

        request.Currency.Should().Be(Currency.EUR);
        request.Balance.Should().Be(Money.Of(100.10m, Currency.EUR));
        request.DebitAllowed.Should().BeFalse();
        request.IdempotencyKey.Should().Be("key-1");
    }

    [Theory]
    [InlineData("""{"currency": "eur", "balance": "10.001"}""", LoyaltyErrorCode.InvalidAmount)]
    [InlineData("""{"currency": "eur", "balance": "1e3"}""", LoyaltyErrorCode.InvalidAmount)]
    [InlineData("""{"currency": "xxx"}""", LoyaltyErrorCode.InvalidCurrency)]
    [InlineData("""{"user": 4}""", LoyaltyErrorCode.InvalidArgument)]
    public void A_bad_body_is_refused_with_a_code_naming_the_field(string json, LoyaltyErrorCode code)
    {
        var body = JsonSerializer.Deserialize<CreateAccountBody>(json, LoyaltyJson.Options)!;
        var act = () => body.ToRequest();
        act.Should().Throw<LoyaltyException>().Where(e => e.Code == code && (e.Message.Contains("balance") || e.Message.Contains("currency")));
    }

    [Theory]
    [InlineData("1.000", "EUR")]
    [InlineData("100.0", "JPY")]
    [InlineData("1.0000", "KWD")]
    [InlineData("1.5\u0000", "EUR")]
    public void A_refund_amount_is_judged_against_the_payment_currency_before_it_becomes_a_decimal(string amount, string currency)
    {
        var refund = new RefundBody { TransactionUuid = "51536d0f-10de-4ba3-98b6-6df05ede5b16", Amount = amount };
        var crossRefund = new CrossRefundBody { OrderNumber = "O-1", Amount = amount };
        var refundAct = () => refund.ToRequest(Currency.FromCode(currency));
        var crossRefundAct = () => crossRefund.ToRequest(Currency.FromCode(currency));
        refundAct.Should().Throw<LoyaltyException>().Where(e => e.Code == LoyaltyErrorCode.InvalidAmount && e.Message.Contains("'amount'"));
        crossRefundAct.Should().Throw<LoyaltyException>().Where(e => e.Code == LoyaltyErrorCode.InvalidAmount && e.Message.Contains("'amount'"));
    }

    [Fact]
    public void A_refund_amount_of_an_unknown_payment_is_checked_for_its_form_only_and_the_ledger_reports_the_payment()
    {
        new RefundBody { TransactionUuid = "51536d0f-10de-4ba3-98b6-6df05ede5b16", Amount = "1.000" }.ToRequest(null).Amount.Should().Be(1m);
        var act = () => new RefundBody { TransactionUuid = "51536d0f-10de-4ba3-98b6-6df05ede5b16", Amount = "1\u0000" }.ToRequest(null);
        act.Should().Throw<LoyaltyException>().Which.Code.Should().Be(LoyaltyErrorCode.InvalidAmount);
    }

    [Fact]
    public void Unknown_fields_are_refused_by_the_options()
    {
        var act = () => JsonSerializer.Deserialize<GiftCardBody>("""{"amount": "1", "currency": "eur", "colour": "red"}""", LoyaltyJson.Options);
        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Timestamps_are_utc_with_microseconds_and_read_back()
    {
        TimestampJsonConverter.ToText(Created.AddTicks(7_614_329)).Should().Be("2023-10-24T10:57:04.761432Z");
        var transfer = JsonSerializer.Deserialize<TransferResponse>(
            """{"account": 1, "amount": "-14.00", "transaction": {"uuid": "51536d0f-10de-4ba3-98b6-6df05ede5b16", "order": "2428483542614519", "created_date": "2023-10-23T14:12:56.846147Z"}, "created_date": "2023-10-23T17:12:56.849493+03:00", "currency": "try"}""",
            LoyaltyJson.Options)!;
        transfer.CreatedDate.Should().Be(new DateTimeOffset(2023, 10, 23, 14, 12, 56, TimeSpan.Zero).AddTicks(8_494_930));
        transfer.Transaction.Order.Should().Be("2428483542614519");
    }

    [Theory]
    [InlineData(LoyaltyErrorCode.InsufficientFunds, "insufficient_funds", 400)]
    [InlineData(LoyaltyErrorCode.CurrencyMismatch, "currency_mismatch", 400)]
    [InlineData(LoyaltyErrorCode.RefundExceedsPayment, "refund_exceeds_payment", 400)]
    [InlineData(LoyaltyErrorCode.LoyaltyDisabled, "loyalty_disabled", 400)]
    [InlineData(LoyaltyErrorCode.InvalidAmount, "invalid_amount", 400)]
    [InlineData(LoyaltyErrorCode.AccountNotFound, "account_not_found", 404)]
    [InlineData(LoyaltyErrorCode.TransactionNotFound, "transaction_not_found", 404)]
    [InlineData(LoyaltyErrorCode.PaymentNotFound, "payment_not_found", 404)]
    [InlineData(LoyaltyErrorCode.IdempotencyConflict, "idempotency_conflict", 409)]
    [InlineData(LoyaltyErrorCode.ConcurrencyConflict, "concurrency_conflict", 409)]
    [InlineData(LoyaltyErrorCode.GiftCardAlreadyRedeemed, "gift_card_already_redeemed", 400)]
    [InlineData(LoyaltyErrorCode.NotAGiftCard, "not_a_gift_card", 400)]
    [InlineData(LoyaltyErrorCode.StoreUnavailable, "store_unavailable", 503)]
    [InlineData(LoyaltyErrorCode.OutcomeUnknown, "outcome_unknown", 503)]
    public void Error_codes_have_stable_snake_case_names_and_statuses(LoyaltyErrorCode code, string name, int status)
    {
        ProblemCodes.ToWireCode(code).Should().Be(name);
        ProblemCodes.ToStatusCode(code).Should().Be(status);
    }

    [Fact]
    public void Every_error_code_has_a_distinct_wire_name()
    {
        var names = Enum.GetValues<LoyaltyErrorCode>().Select(ProblemCodes.ToWireCode).ToArray();
        names.Should().OnlyHaveUniqueItems().And.OnlyContain(n => System.Text.RegularExpressions.Regex.IsMatch(n, "^[a-z]+(_[a-z]+)*$"));
    }

    [Fact]
    public void A_problem_is_written_as_rfc_7807_with_a_code()
    {
        var problem = LoyaltyProblem.From(new LoyaltyException(LoyaltyErrorCode.InsufficientFunds, "Account 9 has 10.00 EUR and cannot give 20.00 EUR without going below zero."), "/x");

        JsonSerializer.Serialize(problem, LoyaltyJson.Options).Should().Be(
            """{"type":"about:blank","title":"Bad Request","status":400,"detail":"Account 9 has 10.00 EUR and cannot give 20.00 EUR without going below zero.","code":"insufficient_funds","instance":"/x"}""");
    }

    [Fact]
    public void A_host_can_chain_the_resolver_into_its_own_options()
    {
        var options = new JsonSerializerOptions();
        options.TypeInfoResolverChain.Insert(0, LoyaltyJson.TypeInfoResolver);
        var page = new PageResponse<RefundResponse>
        {
            Count = 1,
            Results = [new RefundResponse { Pk = 2, Uuid = Guid.Parse("51536d0f-10de-4ba3-98b6-6df05ede5b16"), Amount = "20.00", Order = 189, User = 414148, UserEmail = "iso@iso.com", Reference = "2352410252911715" }],
        };

        JsonSerializer.Serialize(page, options).Should().Be(
            """{"count":1,"next":null,"previous":null,"results":[{"pk":2,"uuid":"51536d0f-10de-4ba3-98b6-6df05ede5b16","amount":"20.00","order":189,"user":414148,"user_email":"iso@iso.com","reference":"2352410252911715"}]}""");
    }
}
