using System.Globalization;
using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>How numbers and dates spread between their bounds (a rule's <c>distribution</c>).</summary>
public sealed record ValueDistribution(string Kind, double? Mean, double? Stddev, double? Lambda)
{
    public static readonly ValueDistribution Uniform = new("uniform", null, null, null);
    public bool IsUniform { get; } = Kind is "uniform" or "" || Kind is not ("normal" or "exponential");

    /// <summary>
    /// A draw on the scaled axis [lo, hi]. <paramref name="scale"/> converts the rule's units into scaled
    /// units and <paramref name="origin"/> is where the rule's mean is counted from (0 for numbers, the
    /// lower bound for dates, whose mean and spread are given in days).
    /// </summary>
    public long Draw(ref RecordRandom rng, long lo, long hi, double scale, double origin)
    {
        if (IsUniform || hi <= lo) return rng.NextLong(lo, hi);
        double x;
        switch (Kind)
        {
            case "normal":
                {
                    var mean = Mean is { } m ? origin + m * scale : (lo + (double)hi) / 2;
                    var sd = Stddev is { } s ? s * scale : (hi - (double)lo) / 6;
                    x = mean + sd * rng.NextGaussian();
                    break;
                }
            case "exponential":
                {
                    var mean = Lambda is { } l && l > 0 ? scale / l : Mean is { } m ? origin + m * scale - lo : (hi - (double)lo) / 5;
                    x = lo - Math.Log(1.0 - rng.NextDouble()) * Math.Max(mean, 1e-12);
                    break;
                }
            default:
                return rng.NextLong(lo, hi);
        }
        if (double.IsNaN(x)) x = lo;
        // Clipped to the bounds: a value is never outside them, whatever the tail says.
        if (x <= lo) return lo;
        if (x >= hi) return hi;
        return (long)Math.Round(x);
    }
}

/// <summary>
/// Integers and decimals as scaled integers: value = n / 10^scale, n a multiple of unit in [lo, hi].
/// That honours bounds, exclusivity, multipleOf, totalDigits and fractionDigits exactly, with no
/// floating point in the value itself.
/// </summary>
public sealed class NumberValueGenerator : ValueGenerator, IOrderedValueGenerator
{
    private readonly long _lo, _hi, _unit;
    private readonly int _scale;
    private readonly long _pow;
    private readonly ValueDistribution _distribution;
    private readonly double? _floatMultipleOf;
    private readonly ValueJsonType _jsonType;

    /// <param name="floatMultipleOf">JSON Schema validators check multipleOf in binary floating point
    /// (value / multipleOf must be a whole double); values that fail that are redrawn.</param>
    public NumberValueGenerator(long lo, long hi, long unit, int scale, ValueDistribution? distribution, double? floatMultipleOf,
        ValueJsonType jsonType = ValueJsonType.Raw)
    {
        _unit = Math.Max(1, unit);
        _lo = CeilMultiple(lo, _unit);
        _hi = FloorMultiple(hi, _unit);
        _scale = scale;
        _pow = Pow10(scale);
        _distribution = distribution ?? ValueDistribution.Uniform;
        _floatMultipleOf = floatMultipleOf;
        _jsonType = jsonType;
        if (_lo > _hi) throw new ArgumentException("The range holds no value.");
    }

    public long Lo => _lo;
    public long Hi => _hi;
    public int Scale => _scale;
    /// <summary>The step between values, on the scaled axis (multipleOf × 10^scale, or 1).</summary>
    public long Unit => _unit;
    public double? FloatMultipleOf => _floatMultipleOf;
    public override ValueJsonType JsonType => _jsonType;

    public override UInt128 UniqueDomain => (UInt128)(ulong)((_hi - _lo) / _unit) + 1;

    /// <summary>
    /// Set on an amount of a record that names its currency: values have no more decimals than that currency's minor
    /// units (whole yen), still multiples of the field's own step and inside its bounds.
    /// </summary>
    public RecordCurrency? Currency { get; set; }

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        if (Currency is { } currency && CurrencyUnit(currency.MinorUnitsOf(scope)) is var unit && unit != _unit)
        {
            var lo = CeilMultiple(_lo, unit);
            var hi = FloorMultiple(_hi, unit);
            // No whole amount in the field's bounds (a price below one yen): the field's own step wins.
            if (lo <= hi)
            {
                Write(buffer, Draw(ref rng, lo, hi, unit));
                return;
            }
        }
        Write(buffer, Draw(ref rng, _lo, _hi, _unit));
    }

    /// <summary>The step of amounts with <paramref name="minorUnits"/> decimals: a multiple of both the field's step and 10^-minorUnits.</summary>
    private long CurrencyUnit(int minorUnits)
    {
        if (minorUnits >= _scale) return _unit;
        var currencyStep = Pow10(_scale - minorUnits);
        return _unit / Gcd(_unit, currencyStep) * currencyStep;
    }

    /// <summary>
    /// The value <paramref name="steps"/> steps (of the record's currency, else of the field) away from the value written
    /// as <paramref name="text"/>, as this generator writes it, when that is still a value it could have made (inside
    /// the bounds, a whole double multiple for JSON validators); null otherwise. A formula moves a line by a step so
    /// that its exact total is one JSON validators accept too.
    /// </summary>
    public string? Neighbour(ReadOnlySpan<char> text, int steps, GenerationScope scope)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return null;
        var scaled = d * _pow;
        if (scaled != decimal.Truncate(scaled) || Math.Abs(scaled) > long.MaxValue / 2) return null;
        var unit = Currency is { } currency ? CurrencyUnit(currency.MinorUnitsOf(scope)) : _unit;
        var n = (long)scaled + steps * unit;
        if (n < _lo || n > _hi || n % unit != 0 || _floatMultipleOf is { } m && !PassesFloatMultipleOf(n, m)) return null;
        var into = new RecordBuffer();
        Write(into, n);
        return into.Text(0, into.CharCount).ToString();
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        Write(buffer, _lo + (long)(ulong)key * _unit);

    private long Draw(ref RecordRandom rng, long lo, long hi, long unit)
    {
        long n = 0;
        for (var attempt = 0; attempt < 32; attempt++)
        {
            var k = _distribution.Draw(ref rng, lo / unit, hi / unit, (double)_pow / unit, 0);
            n = k * unit;
            if (_floatMultipleOf is not { } m || PassesFloatMultipleOf(n, m)) return n;
        }
        return n;
    }

    private bool PassesFloatMultipleOf(long n, double m)
    {
        var q = (n / (double)_pow) / m;
        return q == Math.Truncate(q);
    }

    public bool TryParse(ReadOnlySpan<char> text, out long scaled)
    {
        scaled = 0;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return false;
        try { scaled = (long)decimal.Floor(d * _pow); return true; }
        catch (OverflowException) { return false; }
    }

    public bool GenerateBetween(ref RecordRandom rng, RecordBuffer buffer, long? lowerExclusive, long? upperExclusive)
    {
        var lo = lowerExclusive is { } l && l >= _lo ? CeilMultiple(l + 1, _unit) : _lo;
        var hi = upperExclusive is { } u && u <= _hi ? FloorMultiple(u - 1, _unit) : _hi;
        if (lo > hi) return false;
        Write(buffer, Draw(ref rng, lo, hi, _unit));
        return true;
    }

    private void Write(RecordBuffer buffer, long n)
    {
        if (_scale == 0)
        {
            buffer.AppendInteger(n);
            return;
        }
        if (n < 0) buffer.Append('-');
        var abs = n < 0 ? (ulong)(-n) : (ulong)n;
        var whole = abs / (ulong)_pow;
        var frac = abs % (ulong)_pow;
        buffer.AppendInteger((long)whole);
        if (frac == 0) return;
        var digits = _scale;
        while (frac % 10 == 0) { frac /= 10; digits--; }
        buffer.Append('.');
        buffer.AppendPadded((long)frac, digits);
    }

    public static long Pow10(int scale)
    {
        long p = 1;
        for (var i = 0; i < scale; i++) p *= 10;
        return p;
    }

    private static long CeilMultiple(long v, long unit)
    {
        var r = v % unit;
        if (r == 0) return v;
        return v > 0 ? v + (unit - r) : v - r;
    }

    private static long FloorMultiple(long v, long unit)
    {
        var r = v % unit;
        if (r == 0) return v;
        return v > 0 ? v - r : v - (unit + r);
    }
}
