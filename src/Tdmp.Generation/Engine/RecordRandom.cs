using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tdmp.Generation.Engine;

/// <summary>
/// The random stream of one record: xoshiro256** seeded through SplitMix64 from (seed, record index),
/// so record <c>i</c> is a pure function of the seed and <c>i</c> whatever core makes it.
/// In digit mode the "random" choices are read from an index-derived number instead, which turns
/// a generator into a bijection of that number (used for <c>unique</c> values).
/// </summary>
public struct RecordRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private UInt128 _digits;
    private bool _digitMode;

    public RecordRandom(long seed, long index, ulong stream = 0)
    {
        var x = Mix((ulong)seed ^ 0x9E3779B97F4A7C15UL) ^ Mix((ulong)index + 0x632BE59BD9B4E019UL) ^ Mix(stream + 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        _digits = 0;
        _digitMode = false;
    }

    /// <summary>
    /// The stream of one field's <paramref name="occurrence"/>-th value in record <paramref name="index"/>:
    /// <paramref name="fieldKey"/> is <see cref="FieldKey"/> of the seed and the field's path, so two fields
    /// (or two schemas) that share a seed draw unrelated values, and record <c>i</c> still depends only on (seed, i).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RecordRandom ForField(ulong fieldKey, long index, int occurrence)
    {
        var r = default(RecordRandom);
        var x = fieldKey ^ Mix((ulong)index * 0xD6E8FEB86659FD93UL + (ulong)occurrence);
        r._s0 = SplitMix(ref x); r._s1 = SplitMix(ref x); r._s2 = SplitMix(ref x); r._s3 = SplitMix(ref x);
        return r;
    }

    /// <summary>A stable hash (FNV-1a, 64 bits) of a field's path: the same on every machine and run.</summary>
    public static ulong PathHash(string path)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var c in path)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return h;
    }

    /// <summary>The key of a field's stream: the seed mixed with the field's <see cref="PathHash"/>.</summary>
    public static ulong FieldKey(long seed, ulong pathHash) => Mix(Mix((ulong)seed ^ 0x2545F4914F6CDD1DUL) ^ pathHash);

    /// <summary>A stream whose choices decode <paramref name="digits"/> in mixed radix.</summary>
    public static RecordRandom FromDigits(UInt128 digits, long seed, long index)
    {
        var r = new RecordRandom(seed, index, 0x5EED) { _digits = digits, _digitMode = true };
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Whether this stream reads a key's digits (<see cref="FromDigits"/>) and some are still unread: an open-ended
    /// part of a unique value goes on while they are, so that the whole key is written.</summary>
    public bool DigitsLeft => _digitMode && _digits != 0;

    internal UInt128 UnreadDigits => _digits;

    /// <summary>A value in [0, n) without modulo bias (Lemire); n &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextBelow(ulong n)
    {
        if (_digitMode)
        {
            var d = (ulong)(_digits % n);
            _digits /= n;
            return d;
        }
        if (n <= 1) return 0;
        var m = Math.BigMul(NextUInt64(), n, out var low);
        if (low < n)
        {
            var threshold = (0 - n) % n;
            while (low < threshold) m = Math.BigMul(NextUInt64(), n, out low);
        }
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int n) => (int)NextBelow((ulong)n);

    /// <summary>Inclusive range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long NextLong(long min, long max)
    {
        if (max <= min) return min;
        var span = (ulong)(max - min);
        return span == ulong.MaxValue ? (long)NextUInt64() : min + (long)NextBelow(span + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int min, int max) => (int)NextLong(min, max);

    /// <summary>[0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(double p) => p >= 1 || (p > 0 && NextDouble() < p);

    /// <summary>Standard normal (Box-Muller, one of the pair).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }
}

/// <summary>
/// A keyed bijection of [0, domain): spreads record indexes over a value domain so that
/// <c>unique</c> values need no memory of what was already made.
/// </summary>
public readonly struct IndexPermutation
{
    private readonly ulong _domain;
    private readonly int _bits;
    private readonly ulong _mask, _k1, _k2;

    public IndexPermutation(ulong domain, long seed, ulong salt)
    {
        _domain = Math.Max(domain, 1);
        _bits = Math.Max(1, 64 - BitOperations.LeadingZeroCount(_domain - 1));
        if (_domain == 1) _bits = 1;
        _mask = _bits >= 64 ? ulong.MaxValue : (1UL << _bits) - 1;
        _k1 = RecordRandom.Mix((ulong)seed ^ salt) | 1;
        _k2 = RecordRandom.Mix((ulong)seed + salt * 31 + 7);
    }

    public ulong Domain => _domain;

    public ulong Map(ulong index)
    {
        var x = index % _domain;
        do { x = Round(x); } while (x >= _domain);
        return x;
    }

    private ulong Round(ulong x)
    {
        // Each step is a bijection of the _bits-bit integers; cycle walking keeps the result in the domain.
        var half = Math.Max(1, _bits / 2);
        x = (x * _k1) & _mask;
        x ^= x >> half;
        x = (x + _k2) & _mask;
        x = (x * 0x9E3779B97F4A7C15UL) & _mask;
        x ^= x >> Math.Max(1, _bits / 3 + 1);
        return x;
    }
}
