namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>How long each phase runs: the default takes a few minutes, <c>--quick</c> a few seconds (a CI smoke).</summary>
internal sealed record Settings
{
    public required bool Quick { get; init; }

    /// <summary>How long each in-memory phase warms up before anything is timed.</summary>
    public required TimeSpan WarmUp { get; init; }

    /// <summary>Transfers per timed round (split across the threads).</summary>
    public required int TransfersPerRound { get; init; }

    /// <summary>Timed rounds per transfer figure; each compares the ledger with the floor measured right beside it.</summary>
    public required int TransferRounds { get; init; }

    /// <summary>Payers per ledger, which is also the number of payments per timed batch.</summary>
    public required int Payers { get; init; }

    /// <summary>Batches per round: payments, then a refill outside the timed region.</summary>
    public required int PaymentBatches { get; init; }

    /// <summary>Rounds of payments, each on a fresh ledger.</summary>
    public required int PaymentRounds { get; init; }

    /// <summary>How long each PostgreSQL measurement (ours and pgbench's) runs at each client count.</summary>
    public required TimeSpan PostgresDuration { get; init; }

    /// <summary>The client counts of the PostgreSQL comparison.</summary>
    public IReadOnlyList<int> PostgresClients { get; init; } = [1, 4, 16, 64];

    /// <summary>The PostgreSQL phase's server flushes every commit (<c>--durable</c>), instead of the tests' fsync=off.</summary>
    public bool Durable { get; init; }

    /// <summary>With <c>--statements</c>, the PostgreSQL phase prints where the server spent its time (<see cref="StatementProfile"/>).</summary>
    public bool Statements { get; init; }

    public static Settings Default { get; } = new()
    {
        Quick = false,
        WarmUp = TimeSpan.FromSeconds(3),
        TransfersPerRound = 200_000,
        TransferRounds = 5,
        Payers = 4_096,
        PaymentBatches = 20,
        PaymentRounds = 3,
        PostgresDuration = TimeSpan.FromSeconds(10),
    };

    public static Settings QuickRun { get; } = new()
    {
        Quick = true,
        WarmUp = TimeSpan.FromSeconds(1),
        TransfersPerRound = 20_000,
        TransferRounds = 2,
        Payers = 2_048,
        PaymentBatches = 3,
        PaymentRounds = 1,
        PostgresDuration = TimeSpan.FromSeconds(1),
    };
}
