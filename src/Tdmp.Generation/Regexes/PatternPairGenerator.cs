using System.Text.RegularExpressions;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// A string under two patterns (an <c>allOf</c> of <c>"^\\./.*"</c> and <c>".*\\.md$"</c>) that the first pattern's
/// strings almost never meet. A JSON Schema pattern is a search: one with no end anchor still matches when text is
/// appended, one with no start anchor when text is put before. So a match of the first followed by a match of the second
/// matches both; that is tried when the first pattern's own draw does not, and every value is checked against all patterns.
/// </summary>
public sealed class PatternPairGenerator : ValueGenerator
{
    private const int Attempts = 64;
    private readonly RegexStringGenerator _single, _head, _tail;
    private readonly int _minLength, _maxLength;
    private readonly Regex[] _all;

    private PatternPairGenerator(RegexStringGenerator single, RegexStringGenerator head, RegexStringGenerator tail, int minLength,
        int maxLength, Regex[] all)
    {
        (_single, _head, _tail, _minLength, _maxLength, _all) = (single, head, tail, minLength, maxLength, all);
    }

    /// <summary>The pair generator around <paramref name="single"/> when one pattern leaves the end free and another the start;
    /// otherwise <paramref name="single"/>.</summary>
    public static ValueGenerator Around(RegexStringGenerator single, IReadOnlyList<(string Pattern, RegexDialect Dialect)> patterns,
        int minLength, int maxLength, Regex[] all)
    {
        for (var h = 0; h < patterns.Count; h++)
            for (var t = 0; t < patterns.Count; t++)
            {
                if (h == t || !OpenAtEnd(patterns[h].Pattern) || !OpenAtStart(patterns[t].Pattern)) continue;
                var head = new RegexStringGenerator(patterns[h].Pattern, patterns[h].Dialect, 0, maxLength, []);
                var tail = new RegexStringGenerator(patterns[t].Pattern, patterns[t].Dialect, 0, maxLength, []);
                if (head.Satisfiable && tail.Satisfiable) return new PatternPairGenerator(single, head, tail, minLength, maxLength, all);
            }
        return single;
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
        for (var attempt = 0; attempt < Attempts && !Accepts(buffer.Since(mark)); attempt++)
        {
            buffer.ResetTo(mark);
            _head.Generate(ref rng, scope, buffer);
            _tail.Generate(ref rng, scope, buffer);
        }
    }

    private bool Accepts(ReadOnlySpan<char> value) => CheckedValueGenerator.Fits(value, _minLength, _maxLength, _all);

    public override UInt128 UniqueDomain => _single.UniqueDomain;

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        _single.GenerateUnique(key, ref rng, scope, buffer);

    public override (int Min, int Max) LengthRange => _single.LengthRange;
}
