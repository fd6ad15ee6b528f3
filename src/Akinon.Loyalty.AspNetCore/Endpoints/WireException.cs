using Akinon.Loyalty.AspNetCore.Wire;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>A request the HTTP layer refuses before it reaches the ledger (bad JSON, unknown fields, a bad query).</summary>
internal sealed class WireException(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public static WireException Invalid(string detail) => new(400, ProblemCodes.InvalidArgument, detail);
}
