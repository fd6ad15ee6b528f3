namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>
/// One named line of a chart: payments per second (or any rate) against client count. Phases add their points by
/// series name (<see cref="Report.Series"/>), so a new phase adds a new line without touching the chart.
/// </summary>
/// <param name="Name">What the legend says, e.g. <c>ledger unbatched</c> or <c>pgbench TPC-B</c>.</param>
internal sealed record Series(string Name)
{
    private readonly List<(int Clients, double PerSecond)> _points = [];

    public IReadOnlyList<(int Clients, double PerSecond)> Points => _points;

    public void Add(int clients, double perSecond)
    {
        if (!double.IsNaN(perSecond))
        {
            _points.Add((clients, perSecond));
        }
    }
}
