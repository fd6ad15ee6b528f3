namespace Akinon.Loyalty.AspNetCore;

/// <summary>The storefront's signed-in user and the currency of their session, as the host reads them from a request.</summary>
/// <param name="UserId">The signed-in user's id (the accounts' <c>user</c>).</param>
/// <param name="Currency">The session currency: only the user's accounts and transfers in it are shown.</param>
public sealed record StorefrontSession(long UserId, Currency Currency);
