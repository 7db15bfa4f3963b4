using System.Text.RegularExpressions;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// A string under several patterns (an <c>allOf</c> of <c>"^\\./.*"</c> and <c>".*\\.md$"</c>; STIX's identifier pattern
/// beside <c>"^bundle--"</c>) that the first pattern's strings almost never meet. A draw of each other pattern is tried
/// too (specmatic's <c>^\$\{</c> and <c>^\$\{[^}]+\}$</c>: every string of the second matches the first). A JSON Schema pattern is a search: one
/// with no end anchor still matches when text is appended, one with no start anchor when text is put before. So when the
/// first pattern's draw matches the others too it is kept; otherwise a match of an open-ended pattern is put before a
/// match of an open-started one, before the end of the first pattern's draw (its start replaced), or the start of that
/// draw before a match of an open-started pattern. Every value is checked against all patterns; when a record's draws
/// find none, a value found at plan time is written, and a field for which none is found is refused.
/// </summary>
public sealed class PatternPairGenerator : ValueGenerator
{
    private const int Attempts = 64;
    /// <summary>How many rounds of draws the plan-time search for a value under every pattern makes.</summary>
    private const int SampleTries = 2048;

    private readonly RegexStringGenerator _single;
    private readonly RegexStringGenerator[] _others, _heads, _tails;
    private readonly int _minLength, _maxLength;
    private readonly Regex[] _all;
    private readonly string _sample;
    private readonly Lazy<UniqueSource?> _unique;

    private PatternPairGenerator(RegexStringGenerator single, RegexStringGenerator[] others, RegexStringGenerator[] heads,
        RegexStringGenerator[] tails, int minLength, int maxLength, Regex[] all, IEnumerable<string> patterns)
    {
        (_single, _others, _heads, _tails, _minLength, _maxLength, _all) = (single, others, heads, tails, minLength, maxLength, all);
        _unique = new(ChooseUniqueSource);
        _sample = FindSample() ?? throw new UnsupportedPatternException(
            $"no string of length {minLength}..{(maxLength == int.MaxValue ? "∞" : maxLength)} was found that matches every pattern of "
            + $"the field ({string.Join(", ", patterns.Select(p => $"'{p}'"))}; {SampleTries} tries)");
    }

    /// <summary>The generator of a string under all of <paramref name="patterns"/>, drawn first from <paramref name="single"/>
    /// (the first pattern's, checking the others). Throws <see cref="UnsupportedPatternException"/> when no value is found.</summary>
    public static PatternPairGenerator Around(RegexStringGenerator single, IReadOnlyList<(string Pattern, RegexDialect Dialect)> patterns,
        int minLength, int maxLength, Regex[] all)
    {
        RegexStringGenerator[] Open(Func<string, bool> open) => [.. patterns
            .Where(p => p.Dialect == RegexDialect.Ecma262 && open(p.Pattern))
            .Select(p => new RegexStringGenerator(p.Pattern, p.Dialect, 0, maxLength, []))
            .Where(g => g.Satisfiable)];
        RegexStringGenerator[] others = [.. patterns.Where(p => p.Pattern != single.Pattern)
            .Select(p => new RegexStringGenerator(p.Pattern, p.Dialect, minLength, maxLength, [])).Where(g => g.Satisfiable)];
        return new PatternPairGenerator(single, others, Open(OpenAtEnd), Open(OpenAtStart), minLength, maxLength, all,
            patterns.Select(p => p.Pattern));
    }

    // Conservative: any anchor, word boundary or look-around (even escaped or in a class) rules the pattern out.
    private static bool OpenAtEnd(string pattern) => !pattern.Contains('$') && !HasBoundary(pattern);

    private static bool OpenAtStart(string pattern) => !pattern.Contains('^') && !HasBoundary(pattern);

    private static bool HasBoundary(string pattern) =>
        pattern.Contains("\\b", StringComparison.Ordinal) || pattern.Contains("\\B", StringComparison.Ordinal)
        || pattern.Contains("(?", StringComparison.Ordinal);

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var mark = buffer.Mark;
        _single.Generate(ref rng, scope, buffer);
        if (Accepts(buffer.Since(mark))) return;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            buffer.ResetTo(mark);
            if (TryCombined(ref rng, scope, buffer)) return;
        }
        buffer.ResetTo(mark);
        buffer.Append(_sample);
    }

    /// <summary>One draw of each way of combining matches; true with the value written when one matches every pattern.</summary>
    private bool TryCombined(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var mark = buffer.Mark;
        foreach (var other in _others)
        {
            buffer.ResetTo(mark);
            other.Generate(ref rng, scope, buffer);
            if (Accepts(buffer.Since(mark))) return true;
        }
        foreach (var head in _heads)
            foreach (var tail in _tails)
            {
                buffer.ResetTo(mark);
                head.Generate(ref rng, scope, buffer);
                tail.Generate(ref rng, scope, buffer);
                if (Accepts(buffer.Since(mark))) return true;
            }
        if (_heads.Length + _tails.Length == 0) return false;
        buffer.ResetTo(mark);
        _single.Generate(ref rng, scope, buffer);
        var drawn = buffer.Since(mark).ToString();
        foreach (var head in _heads)
        {
            buffer.ResetTo(mark);
            head.Generate(ref rng, scope, buffer);
            var headEnd = buffer.Mark;
            for (var from = 0; from <= drawn.Length; from++)
            {
                buffer.ResetTo(headEnd);
                buffer.Append(drawn.AsSpan(from));
                if (Accepts(buffer.Since(mark))) return true;
            }
        }
        foreach (var tail in _tails)
            for (var upTo = drawn.Length; upTo >= 0; upTo--)
            {
                buffer.ResetTo(mark);
                buffer.Append(drawn.AsSpan(0, upTo));
                tail.Generate(ref rng, scope, buffer);
                if (Accepts(buffer.Since(mark))) return true;
            }
        return false;
    }

    /// <summary>A deterministic search (the stream depends only on the patterns) for a value under every pattern.</summary>
    private string? FindSample()
    {
        var rng = new RecordRandom((long)RecordRandom.PathHash(string.Join('\n', _all.Select(r => r.ToString()))), 0, 0x5A3F1F);
        var buffer = new RecordBuffer();
        GenerationScope scope = null!; // pattern generators read no record
        for (var attempt = 0; attempt < SampleTries; attempt++)
        {
            buffer.Clear();
            _single.Generate(ref rng, scope, buffer);
            if (Accepts(buffer.Since(0))) return buffer.Since(0).ToString();
            buffer.Clear();
            if (TryCombined(ref rng, scope, buffer)) return buffer.Since(0).ToString();
            if (_heads.Length + _tails.Length == 0 && attempt >= Attempts) break; // plain redraws: 64 rounds of 64 are enough
        }
        return null;
    }

    private bool Accepts(ReadOnlySpan<char> value) => CheckedValueGenerator.Fits(value, _minLength, _maxLength, _all);

    // ---- unique values ----
    // A key's value from one pattern alone need not match the others, and a redraw from the record's stream would break
    // the key's distinctness. So each key owns a block of UniqueTries keys of one pattern's own unique values and takes the
    // first that matches every pattern: the blocks of distinct keys never overlap, so neither do their values. Where that
    // pattern has few values, the ones matching every pattern are listed once instead.

    private const int UniqueTries = 128;
    /// <summary>The least share of a pattern's values that must match the others for it to make unique values: a key then
    /// finds none in its block with a chance of (7/8)^128, about 4e-8 (its last try is written).</summary>
    private const double UniqueShare = 1.0 / 8;
    private const int ListedDomain = 1 << 16;

    /// <summary>One pattern's unique values, filtered by the others: listed (<see cref="Listed"/>) or tried in blocks.</summary>
    private sealed record UniqueSource(RegexStringGenerator Source, string[]? Listed, UInt128 Domain)
    {
        /// <summary>Spreads a block's keys over the source's: neighbouring keys differ only in the digits a value's first
        /// characters are made of, so a block of them kept the same bad last character (<c>Vpu"</c>).</summary>
        public IndexPermutation Spread { get; } = new((ulong)UInt128.Min(Source.UniqueDomain, ulong.MaxValue), 0, 0x51EAD);
    }

    /// <summary>Of the patterns' own unique values, the source of the most that match every pattern (sampled at plan time):
    /// all of them listed where a pattern has few, else a pattern whose values match every pattern at least
    /// <see cref="UniqueShare"/> of the time; null when there is none.</summary>
    private UniqueSource? ChooseUniqueSource()
    {
        var buffer = new RecordBuffer();
        var rng = new RecordRandom(0, 0, 0);
        var scope = new GenerationScope(null!, 0); // pattern generators read no record, only the seed and record index
        string Value(RegexStringGenerator g, UInt128 key)
        {
            buffer.Clear();
            g.GenerateUnique(key, ref rng, scope, buffer);
            return buffer.Since(0).ToString();
        }
        UniqueSource? Candidate(RegexStringGenerator g)
        {
            if (g.UniqueDomain <= ListedDomain)
            {
                string[] listed = [.. Enumerable.Range(0, (int)g.UniqueDomain).Select(k => Value(g, (UInt128)k)).Where(v => Accepts(v)).Distinct()];
                return listed.Length == 0 ? null : new UniqueSource(g, listed, (UInt128)listed.Length);
            }
            var step = g.UniqueDomain / 256;
            var matching = Enumerable.Range(0, 256).Count(i => Accepts(Value(g, step * (UInt128)i)));
            return matching >= 256 * UniqueShare ? new UniqueSource(g, null, UInt128.Min(g.UniqueDomain, ulong.MaxValue) / UniqueTries) : null;
        }
        return _others.Prepend(_single).Where(g => g.UniqueDomain > 0).Select(Candidate).OfType<UniqueSource>()
            .MaxBy(c => c.Domain);
    }

    public override UInt128 UniqueDomain => _unique.Value?.Domain ?? 0;

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var unique = _unique.Value!;
        if (unique.Listed is { } listed)
        {
            buffer.Append(listed[(int)(key % (UInt128)listed.Length)]);
            return;
        }
        var mark = buffer.Mark;
        for (var attempt = 0; attempt < UniqueTries; attempt++)
        {
            buffer.ResetTo(mark);
            unique.Source.GenerateUnique(unique.Spread.Map((ulong)(key * UniqueTries) + (ulong)attempt), ref rng, scope, buffer);
            if (Accepts(buffer.Since(mark))) return;
        }
    }

    public override (int Min, int Max) LengthRange => _single.LengthRange;
}
