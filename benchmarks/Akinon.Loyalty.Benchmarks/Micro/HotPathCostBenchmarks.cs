using System.Buffers.Binary;
using System.Security.Cryptography;
using Akinon.Loyalty.Benchmarks.Infrastructure;
using Akinon.Loyalty.Internal;
using BenchmarkDotNet.Attributes;

namespace Akinon.Loyalty.Benchmarks.Micro;

/// <summary>
/// The pieces of a transfer and a payment on their own, next to cheaper ways to do the same thing, so that each
/// proposed change to the core has a measured price. The <c>Proposed*</c> methods are sketches, not library code.
/// </summary>
[MemoryDiagnoser]
public class HotPathCostBenchmarks
{
    private readonly Currency _eur = Ledgers.Eur;
    private readonly object _gate = new();
    private readonly byte[] _random = new byte[4096];
    private Money _cent;
    private int _randomUsed = 4096;
    private long _minor = 13_840;

    [GlobalSetup]
    public void Setup() => _cent = Money.Of(0.01m, _eur);

    [Benchmark(Description = "Guid.NewGuid (transaction UUID)")]
    public Guid NewGuid() => Guid.NewGuid();

    [Benchmark(Description = "Proposed: v4 UUID from a 4 KiB CSPRNG buffer")]
    public Guid BufferedGuid()
    {
        if (_randomUsed == _random.Length)
        {
            RandomNumberGenerator.Fill(_random);
            _randomUsed = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        _random.AsSpan(_randomUsed, 16).CopyTo(bytes);
        _randomUsed += 16;
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (little-endian field layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    [Benchmark(Description = "TimeProvider.System.GetUtcNow")]
    public DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    [Benchmark(Description = "Money.FromMinorUnits (decimal division)")]
    public Money FromMinorUnits() => Money.FromMinorUnits(_minor++, _eur);

    [Benchmark(Description = "Proposed: decimal from minor units by scale")]
    public decimal ProposedFromMinorUnits()
    {
        var minor = _minor++;
        var magnitude = (ulong)Math.Abs(minor);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, minor < 0, (byte)_eur.MinorUnits);
    }

    [Benchmark(Description = "Money.ToMinorUnits (decimal multiply, truncate)")]
    public long ToMinorUnits() => _cent.ToMinorUnits();

    [Benchmark(Description = "Proposed: minor units from decimal bits")]
    public long ProposedToMinorUnits()
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(_cent.Amount, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var digits = _eur.MinorUnits;
        if (bits[2] != 0 || scale > digits)
        {
            return _cent.ToMinorUnits(); // the exact slow path for the rare cases
        }

        var magnitude = ((long)(uint)bits[1] << 32) | (uint)bits[0];
        for (var s = scale; s < digits; s++)
        {
            magnitude = checked(magnitude * 10);
        }

        return bits[3] < 0 ? -magnitude : magnitude;
    }

    [Benchmark(Description = "Fingerprint.Of, transfer (interpolation handler)")]
    public string TransferFingerprint() => Fingerprint.Of($"transfer|{17L}|{42L}|{1L}|{_eur.Code}");

    [Benchmark(Description = "Baseline: transfer fingerprint with string.Create")]
    public string ProposedTransferFingerprint()
        => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"8:transfer|{17L}|{42L}|{1L}|3:{_eur.Code}");

    [Benchmark(Description = "Fingerprint.Of, payment (8 parts)")]
    public string PaymentFingerprint() => Fingerprint.Of($"payment|{"B0-1234"}|{(long?)null}|{1234L}|{(string?)null}|{_eur.Code}|{500L}|{(long?)null}");

    [Benchmark(Description = "Scoped key: string.Concat")]
    public string ScopedKey() => string.Concat("payment", ":", "B0-1234");

    [Benchmark(Description = "Uncontended lock")]
    public int Lock()
    {
        lock (_gate)
        {
            return _randomUsed;
        }
    }
}
