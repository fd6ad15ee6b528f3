using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.Tests.Storage;

/// <summary>The in-memory store's one judgement of an idempotency key.</summary>
public sealed class KeyBookTests
{
    [Fact]
    public void An_unused_key_or_no_key_lets_the_write_go_ahead()
    {
        var keys = new KeyBook();

        keys.Judge("k", "f", KeyUse.Posting, out _).Should().BeFalse();
        keys.Judge(null, "f", KeyUse.Posting, out _).Should().BeFalse();
    }

    [Fact]
    public void The_same_request_with_the_same_kind_of_write_replays_what_it_did()
    {
        var keys = new KeyBook();
        keys.Record("k", new KeyEntry(4, "f", null));

        keys.Judge("k", "f", KeyUse.Posting, out var used).Should().BeTrue();
        used.Transaction.Should().Be(4);
        keys.TransactionOf("k").Should().Be(4);
        keys.TransactionOf("other").Should().Be(-1);
    }

    [Fact]
    public void Another_request_under_the_key_is_refused()
    {
        var keys = new KeyBook();
        keys.Record("k", new KeyEntry(4, "f", null));

        var refusal = Assert.Throws<LoyaltyException>(() => keys.Judge("k", "g", KeyUse.Posting, out _));
        refusal.Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
    }

    [Fact]
    public void A_key_is_refused_for_another_kind_of_write_than_the_one_that_used_it()
    {
        var keys = new KeyBook();
        keys.Record("update", new KeyEntry(-1, "f", 7));
        keys.Record("post", new KeyEntry(2, "f", null));

        keys.Judge("update", "f", KeyUse.Update(7), out _).Should().BeTrue();
        Assert.Throws<LoyaltyException>(() => keys.Judge("update", "f", KeyUse.Update(8), out _)).Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        Assert.Throws<LoyaltyException>(() => keys.Judge("update", "f", KeyUse.Posting, out _)).Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
        Assert.Throws<LoyaltyException>(() => keys.Judge("post", "f", KeyUse.Creation, out _)).Code.Should().Be(LoyaltyErrorCode.IdempotencyConflict);
    }
}
