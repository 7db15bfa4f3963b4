using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>
/// Free text of a length within [min, max]: words of the locale separated by single spaces, cut
/// to length without a trailing space, so it also holds for XSD token and normalizedString.
/// </summary>
public sealed class TextValueGenerator : ValueGenerator
{
    private readonly int _min, _max, _typical;
    public TextValueGenerator(int minLength, int maxLength, int typicalLength = 24)
    {
        _min = Math.Max(0, minLength);
        _max = Math.Max(_min, maxLength);
        _typical = typicalLength;
    }

    public override (int Min, int Max) LengthRange => (_min, _max);

    public override UInt128 UniqueDomain => 0;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var upper = Math.Min(_max, Math.Max(_min, _typical));
        var lower = Math.Max(_min, Math.Min(upper, Math.Max(1, _typical / 4)));
        var target = rng.NextInt(lower, upper);
        var words = scope.German ? WordLists.WordsDe : WordLists.WordsEn;
        var start = buffer.Mark;
        while (buffer.CharCount - start < target)
        {
            if (buffer.CharCount > start) buffer.Append(' ');
            buffer.Append(words[rng.NextInt(words.Length)]);
        }
        if (buffer.CharCount - start > target)
        {
            // Cut at the last word boundary that keeps the minimum length, else mid-word.
            var cut = buffer.Text(start, target).LastIndexOf(' ');
            buffer.ResetTo(start + (cut >= Math.Max(1, _min) ? cut : target));
        }
        while (buffer.CharCount > start && buffer.Since(start)[^1] == ' ') buffer.ResetTo(buffer.CharCount - 1);
        while (buffer.CharCount - start < _min) buffer.Append('a');
        if (target > 0) buffer.Set(start, char.ToUpperInvariant(buffer.Since(start)[0]));
    }
}

/// <summary>Random bytes as hex (XSD hexBinary) or base64; lengths count bytes, as XSD does.</summary>
public sealed class BinaryValueGenerator(int minBytes, int maxBytes, bool hex) : ValueGenerator
{
    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var count = rng.NextInt(minBytes, maxBytes);
        Span<byte> bytes = count <= 256 ? stackalloc byte[count] : new byte[count];
        for (var i = 0; i < count; i++) bytes[i] = (byte)rng.NextInt(256);
        if (hex)
        {
            var span = buffer.Reserve(count * 2);
            for (var i = 0; i < count; i++)
            {
                span[2 * i] = "0123456789ABCDEF"[bytes[i] >> 4];
                span[2 * i + 1] = "0123456789ABCDEF"[bytes[i] & 0xF];
            }
            buffer.Commit(count * 2);
        }
        else
        {
            var span = buffer.Reserve((count + 2) / 3 * 4);
            Convert.TryToBase64Chars(bytes, span, out var written);
            buffer.Commit(written);
        }
    }
}

/// <summary>An XSD list: whitespace-separated items of the item type.</summary>
public sealed class ListValueGenerator(ValueGenerator item, int minItems, int maxItems) : ValueGenerator
{
    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var count = rng.NextInt(minItems, maxItems);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) buffer.Append(' ');
            item.Generate(ref rng, scope, buffer);
        }
    }
}

/// <summary>An XSD union: a value of one of the member types. Unique values are the widest member's (IEC 61850's P types:
/// four names, or any of a pattern's).</summary>
public sealed class UnionValueGenerator(ValueGenerator[] members) : ValueGenerator
{
    private readonly ValueGenerator _widest = members.MaxBy(m => m.UniqueDomain)!;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        members[rng.NextInt(members.Length)].Generate(ref rng, scope, buffer);

    public override UInt128 UniqueDomain => _widest.UniqueDomain;

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        _widest.GenerateUnique(key, ref rng, scope, buffer);
}

/// <summary>
/// An XSD <c>ID</c>: a name unique in the document, made of the element name, the record (or
/// file envelope) and a counter within it, so no set of used IDs is needed: <c>rule-r3-0</c>, or where the ID type's
/// patterns forbid hyphens (VoiceXML's <c>[^.:\-]+</c>) <c>rule_r3_0</c> or <c>ruler3n0</c>. Read from the end, the
/// counter and the record tell any two apart whatever the prefix.
/// </summary>
public sealed class XmlIdValueGenerator : ValueGenerator
{
    private readonly string _prefix;
    private readonly string _separator;

    private XmlIdValueGenerator(string prefix, string separator)
    {
        _prefix = prefix;
        _separator = separator;
    }

    /// <summary>The first shape (hyphens, underscores, letters alone) whose values every pattern of the type accepts; null
    /// when none is (NF-e's <c>NFe[0-9]{44}</c>): the patterns then make the values.</summary>
    public static XmlIdValueGenerator? For(string prefix, IReadOnlyList<System.Text.RegularExpressions.Regex> patterns)
    {
        foreach (var separator in (string[])["-", "_", ""])
        {
            var shape = new XmlIdValueGenerator(prefix, separator);
            if (patterns.All(p => p.IsMatch(shape.Example('r')) && p.IsMatch(shape.Example('f')))) return shape;
        }
        return null;
    }

    private string Example(char part) => $"{_prefix}{_separator}{part}12{CounterMark}34";

    /// <summary>Between the record and the counter: the separator, or a letter where there is none.</summary>
    private string CounterMark => _separator.Length > 0 ? _separator : "n";

    public override UInt128 UniqueDomain => UInt128.MaxValue;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        buffer.Append(_prefix);
        buffer.Append(_separator);
        buffer.Append(scope.InEnvelope ? "f" : "r");
        buffer.AppendInteger(scope.InEnvelope ? scope.FileIndex : scope.RecordIndex);
        buffer.Append(CounterMark);
        buffer.AppendInteger(scope.IdOrdinal++);
    }

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        Generate(ref rng, scope, buffer);
}
