using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// <see cref="AccountQuery.UserEmail"/> matches by one rule in every store: ASCII-only case folding, A-Z as a-z and
/// every other character only itself (issue 9 item 7).
/// </summary>
public sealed class EmailFilterTests
{
    private static readonly Currency Try = Currency.TRY;
    private static readonly DateTimeOffset Now = new(2025, 8, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, bool> Repros => new()
    {
        { "kim@example.com", "\u212Aim@example.com", false }, // The Kelvin sign is not K.
        { "\u212Aim@example.com", "kim@example.com", false },
        { "\u0130nci@example.com", "inci@example.com", false }, // Dotted capital I is not i.
        { "inci@example.com", "\u0130nci@example.com", false },
        { "\u0131nci@example.com", "Inci@example.com", false }, // Nor is dotless i I.
        { "Ada@Example.COM", "ada@example.com", true },
        { "jos\u00e9@example.com", "JOS\u00e9@EXAMPLE.com", true },
        { "jos\u00e9@example.com", "jos\u00c9@example.com", false }, // Only ASCII letters fold.
        { "\u212Aim@example.com", "\u212Aim@example.com", true },
    };

    [Theory]
    [MemberData(nameof(Repros))]
    public async Task Both_stores_match_an_email_by_ASCII_case_folding_only(string stored, string filter, bool matches)
    {
        await using var pg = await PgStores.NewStoreAsync();
        foreach (var store in new ILedgerStore[] { new InMemoryLedgerStore(), pg })
        {
            await store.CreateAccountAsync(Customer("a-1", stored), null, default);

            var found = await store.ListAccountsAsync(new AccountQuery { UserEmail = filter }, default);

            found.TotalCount.Should().Be(matches ? 1 : 0, $"'{stored}' {(matches ? "matches" : "does not match")} '{filter}' in {store.GetType().Name}");
            found.Items.Should().HaveCount(matches ? 1 : 0);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Both_stores_list_the_same_accounts_for_every_email_filter(int seed)
    {
        // Letters that fold differently by Unicode rules, culture rules and ASCII rules.
        const string alphabet = "kK\u212AiI\u0130\u0131s\u017F\u00e9\u00c9\u00df@.";
        var random = new Random(seed);
        string Email() => new(Enumerable.Range(0, random.Next(1, 4)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        await using var pg = await PgStores.NewStoreAsync();
        var memory = new InMemoryLedgerStore();
        var emails = Enumerable.Range(0, 60).Select(_ => Email()).ToList();
        for (var i = 0; i < emails.Count; i++)
        {
            await memory.CreateAccountAsync(Customer("a-" + i, emails[i]), null, default);
            await pg.CreateAccountAsync(Customer("a-" + i, emails[i]), null, default);
        }

        var matched = 0;
        foreach (var filter in emails.Concat(Enumerable.Range(0, 60).Select(_ => Email())))
        {
            var query = new AccountQuery { UserEmail = filter, Limit = 100 };
            var expected = (await memory.ListAccountsAsync(query, default)).Items.Select(a => a.Number).ToList();
            var actual = (await pg.ListAccountsAsync(query, default)).Items.Select(a => a.Number).ToList();

            actual.Should().Equal(expected, $"the filter '{filter}' (seed {seed}) matches the same accounts in both stores");
            matched += expected.Count > 1 ? 1 : 0;
        }

        matched.Should().BePositive("some filters must match more than one spelling");
    }

    private static NewAccount Customer(string number, string email)
        => new() { Number = number, Currency = Try, Kind = AccountKind.Customer, UserId = 1, UserEmail = email, DebitAllowed = false, CreatedAt = Now };
}
