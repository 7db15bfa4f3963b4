using System.Text.RegularExpressions;
using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>
/// JSON Schema <c>not</c> of <c>enum</c>/<c>const</c>/<c>pattern</c> on a value that is not an enum: the inner
/// generator's value is redrawn (a bounded number of times) while it is one of the excluded values or matches an
/// excluded pattern.
/// </summary>
public sealed class ExcludingValueGenerator(ValueGenerator inner, IReadOnlyList<string> values, IReadOnlyList<Regex> patterns) : ValueGenerator
{
    private const int Attempts = 64;

    public override ValueJsonType JsonType => inner.JsonType;
    public override (int Min, int Max) LengthRange => inner.LengthRange;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var mark = buffer.Mark;
        for (var attempt = 0; ; attempt++)
        {
            inner.Generate(ref rng, scope, buffer);
            if (attempt == Attempts - 1 || Allowed(buffer.Since(mark))) return;
            buffer.ResetTo(mark);
        }
    }

    public bool Allowed(ReadOnlySpan<char> value)
    {
        foreach (var v in values)
            if (value.SequenceEqual(v)) return false;
        foreach (var p in patterns)
            if (p.IsMatch(value)) return false;
        return true;
    }
}
