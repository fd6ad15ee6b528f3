using BenchmarkDotNet.Attributes;

namespace Akinon.Loyalty.Benchmarks.Micro;

/// <summary>Money arithmetic and conversions, against plain <see langword="long"/> minor units as the baseline.</summary>
[MemoryDiagnoser]
public class MoneyBenchmarks
{
    private readonly Currency _eur = Currency.FromCode("EUR");
    private Money _a;
    private Money _b;
    private long _minorA;
    private long _minorB;

    [GlobalSetup]
    public void Setup()
    {
        _a = Money.Of(138.40m, _eur);
        _b = Money.Of(20.05m, _eur);
        _minorA = _a.ToMinorUnits();
        _minorB = _b.ToMinorUnits();
    }

    [Benchmark(Baseline = true, Description = "long + long (minor units)")]
    public long AddMinorUnits() => _minorA + _minorB;

    [Benchmark(Description = "Money + Money")]
    public Money Add() => _a + _b;

    [Benchmark(Description = "Money - Money")]
    public Money Subtract() => _a - _b;

    [Benchmark(Description = "Money < Money")]
    public bool Compare() => _a < _b;

    [Benchmark(Description = "Money.Min")]
    public Money Min() => Money.Min(_a, _b);

    [Benchmark(Description = "Money.Of(decimal, Currency)")]
    public Money Of() => Money.Of(138.40m, _eur);

    [Benchmark(Description = "Money.ToMinorUnits")]
    public long ToMinorUnits() => _a.ToMinorUnits();

    [Benchmark(Description = "Money.FromMinorUnits")]
    public Money FromMinorUnits() => Money.FromMinorUnits(_minorA, _eur);

    [Benchmark(Description = "Money.Parse(\"138.40\")")]
    public Money Parse() => Money.Parse("138.40", _eur);

    [Benchmark(Description = "Money.ToAmountString")]
    public string Format() => _a.ToAmountString();

    [Benchmark(Description = "Currency.FromCode(\"eur\")")]
    public Currency FromCode() => Currency.FromCode("eur");
}
