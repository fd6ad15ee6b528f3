using System.Text.RegularExpressions;
using Akinon.Loyalty.PostgreSql.Internal;
using Akinon.Loyalty.PostgreSql.Tests.Infrastructure;

namespace Akinon.Loyalty.PostgreSql.Tests.Store;

/// <summary>
/// The migrator: versioned migrations hold tables and indexes, the functions and the view are re-applied when their
/// text changes, and every number the C# enums own is filled in from them.
/// </summary>
public sealed partial class MigrationsTests
{
    [Fact]
    public void An_unknown_token_is_refused()
    {
        var script = new Script("Functions", 0, "f", "SELECT __error_no_such_refusal__");

        var act = () => script.SqlFor("\"s\"");

        act.Should().Throw<InvalidOperationException>().WithMessage("*__error_no_such_refusal__*");
    }

    [Fact]
    public void Refusal_codes_and_kinds_come_from_the_enums_never_from_literals()
    {
        var all = Migrations.Scripts.Concat(Migrations.Objects).ToList();

        all.Select(s => s.Name).Should().Contain(["claim_key", "post_draft", "create_account", "update_account", "get_or_create_account", "pay_order", "account_view"]);
        foreach (var script in all)
        {
            script.Sql.Should().NotMatchRegex("'LY[0-9]{3}'", "{0} names refusals by token", script.Name);
            script.Sql.Should().NotMatchRegex(@"kind\s*(=|<>|IN|NOT IN)\s*\(?[0-9]", "{0} names kinds by token", script.Name);
            script.SqlFor("\"s\"").Should().NotContain("__", "every token of {0} is known", script.Name);
        }

        new Script("Functions", 0, "f", "__error_insufficient_funds__ __system_account_kinds__ __transaction_kind_order_payment__").SqlFor("\"s\"")
            .Should().Be($"'LY008' {(int)AccountKind.Sale}, {(int)AccountKind.Bank}, {(int)AccountKind.Refund}, {(int)AccountKind.Hold}, {(int)AccountKind.Breakage} {(int)TransactionKind.OrderPayment}");
    }

    [Fact]
    public void Migrations_hold_tables_and_indexes_only()
    {
        foreach (var script in Migrations.Scripts)
        {
            // ascii_fold is the one function: an index expression, it cannot be re-created under its index.
            CreatePattern().Matches(script.Sql).Select(m => m.Groups[1].Value).Distinct()
                .Should().BeSubsetOf(["TABLE", "INDEX", "FUNCTION"], "{0} holds tables and indexes", script.Name);
            FunctionPattern().Matches(script.Sql).Select(m => m.Groups[1].Value).Where(f => f != "ascii_fold").Should().BeEmpty("{0} creates no function but ascii_fold", script.Name);
        }
    }

    [Fact]
    public async Task A_changed_function_is_applied_again_and_its_old_signature_dropped()
    {
        await using var store = await PgStores.NewStoreAsync();
        var schema = store.Schema;
        await PgStores.QueryAsync(
            $"UPDATE \"{schema}\".schema_objects SET checksum = 'stale' WHERE name = 'claim_key' RETURNING 1",
            r => r.GetInt32(0));
        await PgStores.QueryAsync($"CREATE FUNCTION \"{schema}\".claim_key(p_key text) RETURNS integer LANGUAGE sql AS 'SELECT 1'; SELECT 1", r => r.GetInt32(0));
        var postDraft = await OidAsync(schema, "post_draft");

        await store.MigrateAsync();

        var signatures = await PgStores.QueryAsync(
            $"SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = '\"{schema}\"'::regnamespace AND p.proname = 'claim_key'",
            r => r.GetString(0));
        signatures.Should().ContainSingle().Which.Should().EndWith("claim_key(text,text,bigint,bigint,boolean,boolean)");
        var checksum = await PgStores.QueryAsync($"SELECT checksum FROM \"{schema}\".schema_objects WHERE name = 'claim_key'", r => r.GetString(0));
        checksum.Should().ContainSingle().Which.Should().NotBe("stale");
        (await OidAsync(schema, "post_draft")).Should().Be(postDraft, "an unchanged function is left as it is");
    }

    private static async Task<uint> OidAsync(string schema, string function)
        => (await PgStores.QueryAsync($"SELECT p.oid FROM pg_proc p WHERE p.pronamespace = '\"{schema}\"'::regnamespace AND p.proname = '{function}'", r => r.GetFieldValue<uint>(0))).Single();

    [GeneratedRegex(@"\bCREATE\s+(?:OR\s+REPLACE\s+)?(TABLE|INDEX|FUNCTION|VIEW|TYPE|TRIGGER|PROCEDURE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CreatePattern();

    [GeneratedRegex(@"\bCREATE\s+FUNCTION\s+__schema__\.(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex FunctionPattern();
}
