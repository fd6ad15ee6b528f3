namespace Akinon.Loyalty;

/// <summary>A request to move money between two accounts of the same currency (Akinon's <c>create_transfer</c>).</summary>
public sealed record TransferRequest : LedgerRequest
{
    /// <summary>The account the money leaves.</summary>
    public required long SourceAccountId { get; init; }

    /// <summary>The account the money arrives on.</summary>
    public required long DestinationAccountId { get; init; }

    /// <summary>The amount; greater than zero, in the accounts' currency.</summary>
    public required Money Amount { get; init; }

    /// <summary>A caller-chosen key: the same key with the same request returns the first transaction and writes nothing.</summary>
    public string? IdempotencyKey { get; init; }
}
