namespace Akinon.Loyalty;

/// <summary>A row an import refused, and why. A refused row wrote nothing.</summary>
/// <param name="Line">The row's line (<see cref="AccountImportRow.Line"/>, or its 1-based position in the stream).</param>
/// <param name="Number">The row's account number, as given.</param>
/// <param name="Code">The stable code of the refusal, as the ledger's other writes use it.</param>
/// <param name="Message">The reason, in words.</param>
public sealed record AccountImportRefusal(long Line, string? Number, LoyaltyErrorCode Code, string Message);
