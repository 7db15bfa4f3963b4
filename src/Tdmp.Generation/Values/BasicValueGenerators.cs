using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>Always the same text: <c>const</c>, XSD <c>fixed</c>.</summary>
public sealed class ConstantValueGenerator(string text, ValueJsonType type) : ValueGenerator
{
    public string Text { get; } = text;
    public override ValueJsonType JsonType => type;
    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) => buffer.Append(Text);
    public override UInt128 UniqueDomain => 1;
    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) => buffer.Append(Text);
    public override (int Min, int Max) LengthRange => (Text.Length, Text.Length);
}

/// <summary>One of a list of values (an enum, a rule's <c>values</c>), optionally weighted.</summary>
public sealed class PickValueGenerator : ValueGenerator
{
    private readonly string[] _values;
    private readonly double[]? _cumulative;
    private readonly ValueJsonType _type;

    public PickValueGenerator(IReadOnlyList<string> values, IReadOnlyList<double>? weights, ValueJsonType type)
    {
        if (values.Count == 0) throw new ArgumentException("No values to pick from.", nameof(values));
        _values = [.. values];
        _type = type;
        if (weights is { Count: > 0 })
        {
            _cumulative = new double[_values.Length];
            double sum = 0;
            for (var i = 0; i < _values.Length; i++)
            {
                sum += i < weights.Count ? Math.Max(0, weights[i]) : 0;
                _cumulative[i] = sum;
            }
            if (sum <= 0) _cumulative = null;
            else for (var i = 0; i < _cumulative.Length; i++) _cumulative[i] /= sum;
        }
    }

    public IReadOnlyList<string> Values => _values;
    public override ValueJsonType JsonType => _type;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        if (_cumulative is null)
        {
            buffer.Append(_values[rng.NextInt(_values.Length)]);
            return;
        }
        var u = rng.NextDouble();
        var i = Array.BinarySearch(_cumulative, u);
        if (i < 0) i = ~i;
        // Skip zero-weight entries that share a cumulative value with the next one.
        while (i < _cumulative.Length - 1 && (i == 0 ? _cumulative[0] : _cumulative[i] - _cumulative[i - 1]) <= 0) i++;
        buffer.Append(_values[Math.Min(i, _values.Length - 1)]);
    }

    public override UInt128 UniqueDomain => (UInt128)_values.Length;
    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        buffer.Append(_values[(int)(key % (UInt128)_values.Length)]);

    public override (int Min, int Max) LengthRange
    {
        get
        {
            int min = int.MaxValue, max = 0;
            foreach (var v in _values) { min = Math.Min(min, v.Length); max = Math.Max(max, v.Length); }
            return (min, max);
        }
    }
}

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed class BooleanValueGenerator(double trueRate) : ValueGenerator
{
    public override ValueJsonType JsonType => ValueJsonType.Raw;
    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        buffer.Append(rng.Chance(trueRate) ? "true" : "false");
    public override UInt128 UniqueDomain => 2;
    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        buffer.Append(key == 0 ? "false" : "true");
}

/// <summary>A rule's <c>sequence</c>: start + step × record index, as a number or inside a string.</summary>
public sealed class SequenceValueGenerator(long start, long step, ValueJsonType type, int? padWidth = null) : ValueGenerator
{
    public override ValueJsonType JsonType => type;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var value = start + step * scope.RecordIndex;
        if (padWidth is { } w && value >= 0) buffer.AppendPadded(value, w);
        else buffer.AppendInteger(value);
    }

    /// <summary>The value record <paramref name="index"/> gets (references to a sequence field of another record).</summary>
    public long ValueAt(long index) => start + step * index;
}

/// <summary>
/// Tries a realistic generator first and keeps its value only when it satisfies the node's
/// lengths and patterns; otherwise the fallback (built from the facets themselves) makes it.
/// </summary>
public sealed class CheckedValueGenerator(ValueGenerator preferred, ValueGenerator fallback, int minLength, int maxLength,
    System.Text.RegularExpressions.Regex[] patterns) : ValueGenerator, IRecordFieldReader
{
    public ValueGenerator Preferred => preferred;

    /// <summary>The same checks around another preferred generator.</summary>
    public CheckedValueGenerator WithPreferred(ValueGenerator other) => new(other, fallback, minLength, maxLength, patterns);

    public IEnumerable<Engine.PlanNode> FieldsRead => preferred is IRecordFieldReader r ? r.FieldsRead : [];

    public override ValueJsonType JsonType => fallback.JsonType;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var mark = buffer.Mark;
        preferred.Generate(ref rng, scope, buffer);
        if (Accepts(buffer.Since(mark))) return;
        buffer.ResetTo(mark);
        fallback.Generate(ref rng, scope, buffer);
    }

    public bool Accepts(ReadOnlySpan<char> value) => Fits(value, minLength, maxLength, patterns);

    /// <summary>Whether a string is within the lengths and matches every pattern: the check of every generator that
    /// draws a value and tests it against the field's patterns.</summary>
    internal static bool Fits(ReadOnlySpan<char> value, int minLength, int maxLength, System.Text.RegularExpressions.Regex[] patterns)
    {
        if (value.Length < minLength || value.Length > maxLength) return false;
        foreach (var p in patterns)
            if (!p.IsMatch(value)) return false;
        return true;
    }

    // Unique values stay realistic where the preferred generator can make them (an e-mail from the person's name).
    public override UInt128 UniqueDomain => preferred.UniqueDomain > fallback.UniqueDomain ? preferred.UniqueDomain : fallback.UniqueDomain;

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        if (preferred.UniqueDomain > 0)
        {
            var mark = buffer.Mark;
            preferred.GenerateUnique(key, ref rng, scope, buffer);
            if (fallback.UniqueDomain == 0 || Accepts(buffer.Since(mark))) return;
            buffer.ResetTo(mark);
        }
        fallback.GenerateUnique(key, ref rng, scope, buffer);
    }

    public override (int Min, int Max) LengthRange => fallback.LengthRange;
}

/// <summary>
/// Makes any generator's values unique by ending them in the record's key in base 36, shortening
/// the realistic part to stay within the maximum length.
/// </summary>
public sealed class UniqueSuffixValueGenerator(ValueGenerator inner, int minLength, int maxLength, string separator) : ValueGenerator
{
    public override ValueJsonType JsonType => inner.JsonType;
    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        GenerateUnique((UInt128)(ulong)scope.RecordIndex, ref rng, scope, buffer);

    public override UInt128 UniqueDomain => UInt128.MaxValue;

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var n = 1;
        for (var k = key / 36; k > 0; k /= 36) n++;
        var mark = buffer.Mark;
        inner.Generate(ref rng, scope, buffer);
        var room = maxLength - n - separator.Length;
        var produced = buffer.CharCount - mark;
        if (room <= 0) buffer.ResetTo(mark);
        else
        {
            if (produced > room) buffer.ResetTo(mark + room);
            buffer.Append(separator);
        }
        buffer.AppendBase36(key);
        while (buffer.CharCount - mark < minLength) buffer.Append('x');
    }
}

/// <summary>
/// A currency from a schema's list (an enum of ISO codes): the record country's currency when the list
/// holds it, otherwise one code chosen per record, so every amount of a record is in the same currency.
/// </summary>
public sealed class RecordCurrencyValueGenerator(string[] codes) : ValueGenerator
{
    /// <summary>The record's currency, which its amounts read too (their decimals follow it).</summary>
    public RecordCurrency Currency { get; } = new(codes);

    public override UInt128 UniqueDomain => (UInt128)(uint)codes.Length;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) => buffer.Append(Currency.CodeOf(scope));

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
        => buffer.Append(codes[(int)key]);
}

/// <summary>
/// One field of a multi-field key: value number <c>(key / radix) % digits</c> of its own generator, so the fields of a
/// key, each taking its digit of the same key, differ in at least one field for every two keys below
/// <paramref name="domain"/> (the product of the fields' domains, at most 2^64 - 1).
/// </summary>
public sealed class TupleDigitValueGenerator(ValueGenerator inner, UInt128 radix, UInt128 digits, ulong domain) : ValueGenerator
{
    public override ValueJsonType JsonType => inner.JsonType;
    public override (int Min, int Max) LengthRange => inner.LengthRange;
    public override UInt128 UniqueDomain => domain;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) => inner.Generate(ref rng, scope, buffer);

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        inner.GenerateUnique(key / radix % digits, ref rng, scope, buffer);
}

/// <summary>
/// Values of another generator redrawn (a bounded number of times, from the same stream) until every pattern matches the
/// whole text: an XSD pattern on a list type, which constrains the joined items rather than each one.
/// </summary>
public sealed class RedrawnValueGenerator(ValueGenerator inner, System.Text.RegularExpressions.Regex[] patterns) : ValueGenerator
{
    private const int Attempts = 64;

    public override ValueJsonType JsonType => inner.JsonType;
    public override (int Min, int Max) LengthRange => inner.LengthRange;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var mark = buffer.Mark;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            inner.Generate(ref rng, scope, buffer);
            if (Matches(buffer.Since(mark)) || attempt == Attempts - 1) return;
            buffer.ResetTo(mark);
        }
    }

    /// <summary>Whether values come out matching at all: probed once when the plan is compiled.</summary>
    public bool CanMake()
    {
        var rng = new RecordRandom(0x5EED, 0);
        var buffer = new RecordBuffer();
        GenerationScope scope = null!; // list items of plain types read no scope
        try
        {
            for (var i = 0; i < 16; i++)
            {
                buffer.Clear();
                Generate(ref rng, scope, buffer);
                if (Matches(buffer.Since(0))) return true;
            }
        }
        catch (NullReferenceException)
        {
            return true; // items that read the record (a country's names) cannot be probed without one
        }
        return false;
    }

    private bool Matches(ReadOnlySpan<char> text)
    {
        foreach (var p in patterns)
            if (!p.IsMatch(text)) return false;
        return true;
    }
}
