using System.Globalization;

namespace Akinon.Loyalty.PostgreSql.Tests.Faults;

/// <summary>
/// The size of a fault run: small by default (each test well under 30 s); <c>LOYALTY_FAULT_ROUNDS=n</c> makes it n
/// times bigger (more requests, kills and cuts), <c>LOYALTY_FAULT_SEED</c> picks the writers' and the proxy's seed.
/// </summary>
internal static class FaultRun
{
    public static int Rounds { get; } = Read("LOYALTY_FAULT_ROUNDS", 1);

    public static int Seed { get; } = Read("LOYALTY_FAULT_SEED", 9);

    private static int Read(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
