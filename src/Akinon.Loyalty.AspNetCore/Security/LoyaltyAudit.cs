using System.Net;
using Microsoft.AspNetCore.Http;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// Who asked, as the REST routes record it on every transaction they post: the authenticated caller's name (a Token
/// key's name, or the user the host's own authentication signed in) and the connection's remote address.
/// </summary>
internal static class LoyaltyAudit
{
    /// <summary>
    /// The caller's actor and address. A name the ledger would refuse as an actor (blank, longer than
    /// <see cref="LedgerRequest.MaxActorLength"/>, control characters) is not recorded rather than failing the request;
    /// key names are checked on start (<see cref="LoyaltyKeyOptionsValidator"/>), so only a host's own users can have one.
    /// </summary>
    public static (string? Actor, IPAddress? RemoteAddress) Of(HttpContext http)
    {
        var name = http.User.Identity is { IsAuthenticated: true, Name: { } n } ? n : null;
        return (IsActor(name) ? name : null, http.Connection.RemoteIpAddress);
    }

    public static bool IsActor(string? name)
        => !string.IsNullOrWhiteSpace(name) && name.Length <= LedgerRequest.MaxActorLength && !name.Any(char.IsControl);
}
