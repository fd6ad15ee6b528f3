using System.Net;

namespace Akinon.Loyalty;

/// <summary>
/// What every request that posts money carries besides its own fields: who asked. The ledger records it on every
/// transaction the request posts (the audit trail); it is part of no idempotency fingerprint, so a retry by another
/// actor under the same key replays the first transaction, which keeps the actor of the first request.
/// </summary>
public abstract record LedgerRequest
{
    /// <summary>The longest <see cref="Actor"/> the ledger accepts.</summary>
    public const int MaxActorLength = 128;

    /// <summary>
    /// Who asked, as the caller names them (an API key's name, a signed-in user, a job); unrecorded when
    /// <see langword="null"/>. 1 to <see cref="MaxActorLength"/> characters without control characters, else
    /// <see cref="LoyaltyErrorCode.InvalidArgument"/>.
    /// </summary>
    public string? Actor { get; init; }

    /// <summary>The network address the request came from, when it came over a network (Akinon's <c>remote_addr</c>).</summary>
    public IPAddress? RemoteAddress { get; init; }
}
