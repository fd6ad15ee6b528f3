using System.Globalization;

namespace Akinon.Loyalty.Benchmarks.Throughput;

/// <summary>One measured figure: a machine-readable name, a value, and the target it is held to (if any).</summary>
/// <param name="Name">The <c>name</c> of the <c>name=value</c> line: lowercase, digits and underscores.</param>
/// <param name="Label">What a person reads in the table.</param>
/// <param name="Value">The value; <see cref="double.NaN"/> when it could not be measured.</param>
/// <param name="Unit">The unit, for the table.</param>
/// <param name="Target">The target, in words; <see langword="null"/> for a figure given for context.</param>
/// <param name="Met">Whether the target is met; <see langword="null"/> without a target.</param>
internal sealed record Figure(string Name, string Label, double Value, string Unit, string? Target = null, bool? Met = null);

/// <summary>Collects figures and prints them: one table for people, then one <c>name=value</c> line per figure.</summary>
internal sealed class Report
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];
    private readonly List<Series> _series = [];

    public IReadOnlyList<Figure> Figures => _figures;

    /// <summary>Every chart line, in the order they were first named.</summary>
    public IReadOnlyList<Series> AllSeries => _series;

    /// <summary>The chart line of that name, created on first use: phases add points to it by name.</summary>
    public Series Series(string name)
    {
        var found = _series.Find(s => s.Name == name);
        if (found is null)
        {
            found = new Series(name);
            _series.Add(found);
        }

        return found;
    }

    public void Add(Figure figure) => _figures.Add(figure);

    public void Note(string note) => _notes.Add(note);

    public void Print(TextWriter output)
    {
        var rows = _figures.Select(f => (f.Label, Value: Format(f.Value) + (f.Unit.Length > 0 ? " " + f.Unit : ""), Target: f.Target ?? "", Met: f.Met switch { true => "yes", false => "NO", null => "" })).ToList();
        var w1 = Math.Max("figure".Length, rows.Max(r => r.Label.Length));
        var w2 = Math.Max("value".Length, rows.Max(r => r.Value.Length));
        var w3 = Math.Max("target".Length, rows.Max(r => r.Target.Length));
        output.WriteLine();
        output.WriteLine($"| {"figure".PadRight(w1)} | {"value".PadLeft(w2)} | {"target".PadRight(w3)} | met |");
        output.WriteLine($"|{new string('-', w1 + 2)}|{new string('-', w2 + 1)}:|{new string('-', w3 + 2)}|:---:|");
        foreach (var r in rows)
        {
            output.WriteLine($"| {r.Label.PadRight(w1)} | {r.Value.PadLeft(w2)} | {r.Target.PadRight(w3)} | {r.Met,-3} |");
        }

        output.WriteLine();
        foreach (var note in _notes)
        {
            output.WriteLine("note: " + note);
        }

        if (_notes.Count > 0)
        {
            output.WriteLine();
        }

        foreach (var f in _figures)
        {
            output.WriteLine(f.Name + "=" + (double.IsNaN(f.Value) ? "NaN" : f.Value.ToString("0.###", CultureInfo.InvariantCulture)));
        }
    }

    private static string Format(double value) => double.IsNaN(value)
        ? "n/a"
        : Math.Abs(value) >= 1000 ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);
}
