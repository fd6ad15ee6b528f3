namespace Akinon.Loyalty.AspNetCore;

/// <summary>Marks one channel registered in the service collection.</summary>
internal sealed record LoyaltyChannelRegistration(string Id);
