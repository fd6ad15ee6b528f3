using System.Text;

namespace Akinon.Loyalty.AspNetCore.Tests.Webhooks;

/// <summary>The signature header: HMAC-SHA256 over "t." + body, verified in constant time within a tolerance.</summary>
public sealed class LoyaltyWebhookSignatureTests
{
    private const string Secret = "whsec_unit";
    private static readonly DateTimeOffset SentAt = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"position":1}""");

    [Fact]
    public void The_header_carries_the_unix_timestamp_and_the_hex_hmac_of_timestamp_dot_body()
    {
        var header = LoyaltyWebhookSignature.Create(Secret, SentAt, Body);

        var expected = Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{SentAt.ToUnixTimeSeconds()}." + """{"position":1}"""))).ToLowerInvariant();
        header.Should().Be($"t={SentAt.ToUnixTimeSeconds()},v1={expected}");
        LoyaltyWebhookSignature.Verify(header, Body, Secret, SentAt.AddMinutes(4), LoyaltyWebhookSignature.DefaultTolerance).Should().BeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t=,v1=00")]
    [InlineData("v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1796212800")]
    [InlineData("t=1796212800,v1=xyz")]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("garbage")]
    public void A_missing_or_malformed_header_fails(string? header)
        => LoyaltyWebhookSignature.Verify(header, Body, Secret, SentAt, LoyaltyWebhookSignature.DefaultTolerance).Should().BeFalse();

    [Fact]
    public void A_delivery_outside_the_tolerance_fails_either_way()
    {
        var header = LoyaltyWebhookSignature.Create(Secret, SentAt, Body);

        LoyaltyWebhookSignature.Verify(header, Body, Secret, SentAt.AddMinutes(6), LoyaltyWebhookSignature.DefaultTolerance).Should().BeFalse("a replay of a captured delivery");
        LoyaltyWebhookSignature.Verify(header, Body, Secret, SentAt.AddMinutes(-6), LoyaltyWebhookSignature.DefaultTolerance).Should().BeFalse();
    }

    [Fact]
    public void A_changed_body_timestamp_or_secret_fails()
    {
        var header = LoyaltyWebhookSignature.Create(Secret, SentAt, Body);
        var moved = header.Replace($"t={SentAt.ToUnixTimeSeconds()}", $"t={SentAt.ToUnixTimeSeconds() + 1}", StringComparison.Ordinal);

        LoyaltyWebhookSignature.Verify(header, Encoding.UTF8.GetBytes("""{"position":2}"""), Secret, SentAt, LoyaltyWebhookSignature.DefaultTolerance).Should().BeFalse();
        LoyaltyWebhookSignature.Verify(moved, Body, Secret, SentAt, LoyaltyWebhookSignature.DefaultTolerance).Should().BeFalse();
        LoyaltyWebhookSignature.Verify(header, Body, Secret + "x", SentAt, LoyaltyWebhookSignature.DefaultTolerance).Should().BeFalse();
    }

    [Fact]
    public void During_a_secret_rotation_any_one_matching_signature_passes()
    {
        var old = LoyaltyWebhookSignature.Create("old secret", SentAt, Body);
        var current = LoyaltyWebhookSignature.Create(Secret, SentAt, Body);
        var both = old + "," + current[current.IndexOf("v1=", StringComparison.Ordinal)..];

        LoyaltyWebhookSignature.Verify(both, Body, Secret, SentAt, LoyaltyWebhookSignature.DefaultTolerance).Should().BeTrue();
        LoyaltyWebhookSignature.Verify(both, Body, "old secret", SentAt, LoyaltyWebhookSignature.DefaultTolerance).Should().BeTrue();
        LoyaltyWebhookSignature.Verify(both, Body, "third", SentAt, LoyaltyWebhookSignature.DefaultTolerance).Should().BeFalse();
    }
}
