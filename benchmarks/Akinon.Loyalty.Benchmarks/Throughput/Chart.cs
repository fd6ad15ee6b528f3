using ScottPlot;

namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>Draws every series of a report as one line each: payments per second against clients (ScottPlot, PNG or SVG by extension).</summary>
internal static class Chart
{
    public static bool TryWrite(IReadOnlyList<Series> series, string path, string title, TextWriter log)
    {
        var drawn = series.Where(static s => s.Points.Count > 0).ToList();
        if (drawn.Count == 0)
        {
            return false;
        }

        var plot = new Plot();
        var clients = drawn.SelectMany(static s => s.Points.Select(static p => p.Clients)).Distinct().Order().ToArray();
        foreach (var line in drawn)
        {
            var points = line.Points.OrderBy(static p => p.Clients).ToArray();
            var scatter = plot.Add.Scatter(points.Select(static p => (double)p.Clients).ToArray(), points.Select(static p => p.PerSecond).ToArray());
            scatter.LegendText = line.Name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 7;
        }

        // Clients double from one measurement to the next, so a log scale spaces them evenly.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(clients.Select(static c => (double)c).ToArray(), clients.Select(static c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Title(title);
        plot.XLabel("concurrent clients");
        plot.YLabel("payments (transactions) per second");
        plot.Axes.SetLimitsY(0, drawn.Max(static s => s.Points.Max(static p => p.PerSecond)) * 1.15);
        plot.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            plot.SaveSvg(path, 900, 520);
        }
        else
        {
            plot.SavePng(path, 900, 520);
        }

        log.WriteLine($"Chart written to {path}");
        return true;
    }
}
