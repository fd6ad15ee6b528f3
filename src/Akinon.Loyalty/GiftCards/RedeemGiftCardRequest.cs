namespace Akinon.Loyalty;

/// <summary>A request to redeem a gift card: assign it to a user, after which it is one of the user's accounts.</summary>
public sealed record RedeemGiftCardRequest
{
    /// <summary>The card code.</summary>
    public required string Code { get; init; }

    /// <summary>The card's currency.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The user redeeming it.</summary>
    public required long UserId { get; init; }

    /// <summary>That user's email.</summary>
    public string? UserEmail { get; init; }
}
