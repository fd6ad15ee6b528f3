using System.Net;
using System.Net.Sockets;

namespace Akinon.Loyalty.Internal;

/// <summary>A request's <see cref="LedgerRequest.Actor"/> and <see cref="LedgerRequest.RemoteAddress"/>, checked, as the drafts it posts carry them.</summary>
internal readonly record struct Requester(string? Actor, IPAddress? RemoteAddress)
{
    public static Requester Of(LedgerRequest request)
        => new(Guard.OptionalText(request.Actor, nameof(request.Actor), LedgerRequest.MaxActorLength), Canonical(request.RemoteAddress));

    /// <summary>
    /// The address as every store keeps it: an IPv4 client of a dual-stack socket as IPv4, and an IPv6 address without
    /// its zone (a zone names an interface of the server, not the client, and PostgreSQL's inet has none).
    /// </summary>
    private static IPAddress? Canonical(IPAddress? address) => address switch
    {
        null => null,
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4(),
        { AddressFamily: AddressFamily.InterNetworkV6, ScopeId: not 0 } => new IPAddress(address.GetAddressBytes()),
        _ => address,
    };
}
