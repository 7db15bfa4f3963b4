using System.Text.RegularExpressions;
using System.Xml.Schema;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Regexes;

namespace Tdmp.Generation.Values;

/// <summary>
/// An <c>xs:pattern</c> on a non-string base (<c>xs:dateTime</c>, <c>xs:decimal</c>, <c>xs:integer</c>...): the value
/// must be in the base type's value space and its lexical form must match every pattern. The typed generator makes a
/// value in the value space; when its usual lexical form does not match, the other lexical forms of the same value are
/// tried (no time zone, <c>Z</c> or <c>+00:00</c>, no fraction, no trailing zeros, no sign); when none matches, a fresh value is
/// tried, and last a string made from the pattern that the base type parses and the bounds admit.
/// </summary>
public sealed class PatternedTypedValueGenerator(ValueGenerator typed, Regex[] patterns, RegexStringGenerator fromPattern,
    XmlTypeCode baseType, decimal? minimum, decimal? maximum) : ValueGenerator
{
    private const int TypedAttempts = 4;
    private const int PatternAttempts = 24;
    private readonly XmlSchemaDatatype _datatype = XmlSchemaType.GetBuiltInSimpleType(baseType)!.Datatype!;

    public override ValueJsonType JsonType => typed.JsonType;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var mark = buffer.Mark;
        for (var attempt = 0; attempt < TypedAttempts; attempt++)
        {
            typed.Generate(ref rng, scope, buffer);
            if (Matches(buffer.Since(mark))) return;
            var text = buffer.Since(mark).ToString();
            buffer.ResetTo(mark);
            foreach (var variant in LexicalVariants(text))
                if (Matches(variant) && InValueSpace(variant))
                {
                    buffer.Append(variant);
                    return;
                }
        }
        for (var attempt = 0; attempt < PatternAttempts; attempt++)
        {
            fromPattern.Generate(ref rng, scope, buffer);
            if (InValueSpace(buffer.Since(mark).ToString())) return;
            buffer.ResetTo(mark);
        }
        typed.Generate(ref rng, scope, buffer); // the value space at least; the plan-time probe refuses patterns this cannot meet
    }

    /// <summary>Whether some value can be made at all: probed once when the plan is compiled.</summary>
    public bool CanMake(int tries = 64)
    {
        var rng = new RecordRandom(0x5EED, 0);
        var buffer = new RecordBuffer();
        GenerationScope scope = null!; // typed, number and regex generators read no scope for non-unique values
        for (var i = 0; i < tries; i++)
        {
            buffer.Clear();
            Generate(ref rng, scope, buffer);
            var text = buffer.Since(0);
            if (Matches(text) && InValueSpace(text.ToString())) return true;
        }
        return false;
    }

    private bool Matches(ReadOnlySpan<char> text)
    {
        foreach (var p in patterns)
            if (!p.IsMatch(text)) return false;
        return true;
    }

    private bool InValueSpace(string text)
    {
        try
        {
            var value = _datatype.ParseValue(text, null, null);
            if (minimum is null && maximum is null) return true;
            var number = Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);
            return (minimum is null || number >= minimum) && (maximum is null || number <= maximum);
        }
        catch (Exception e) when (e is XmlSchemaException or FormatException or OverflowException or InvalidCastException)
        {
            return false;
        }
    }

    /// <summary>Other spellings of the same value (or of the value truncated to a coarser precision, still in range).</summary>
    private static IEnumerable<string> LexicalVariants(string text)
    {
        var zone = ZoneStart(text);
        var local = zone < 0 ? text : text[..zone];
        // UTC written as Z or as +00:00 (CAP's pattern wants a numeric offset); no zone at all is a value of its own.
        var utc = zone < 0 || text[zone..] == "Z";
        string[] zones = zone >= 0 ? (utc ? ["", "+00:00"] : [""]) : ["Z", "+00:00"];
        foreach (var z in zones) yield return local + z;
        var dot = local.LastIndexOf('.');
        if (dot >= 0 && dot + 1 < local.Length && char.IsDigit(local[dot + 1]))
        {
            var whole = local[..dot];
            yield return whole;
            if (zone >= 0) yield return whole + text[zone..];
            foreach (var z in zones.Where(z => z.Length > 0)) yield return whole + z;
            var trimmed = local.TrimEnd('0');
            if (trimmed.EndsWith('.')) trimmed = trimmed[..^1];
            yield return trimmed;
        }
        else if (local.Length > 0 && char.IsDigit(local[^1]) && !local.Contains(':') && local.IndexOf('-', 1) < 0)
        {
            yield return local + ".0";
            yield return local + ".00";
        }
        if (text.StartsWith('+')) yield return text[1..];
        if (text.Length > 0 && char.IsDigit(text[0]) && !text.Contains('-') && !text.Contains(':')) yield return "+" + text;
    }

    /// <summary>Where a time zone suffix (<c>Z</c>, <c>+01:00</c>, <c>-05:00</c>) starts after a time or date, or -1.</summary>
    private static int ZoneStart(string text)
    {
        if (text.EndsWith('Z')) return text.Length - 1;
        if (text.Length >= 16 && text[^3] == ':' && text[^6] is '+' or '-' && char.IsDigit(text[^7])) return text.Length - 6;
        return -1;
    }

    public override UInt128 UniqueDomain => 0;
}
