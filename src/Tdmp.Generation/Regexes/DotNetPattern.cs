using System.Globalization;
using System.Text;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// Writes a parsed pattern as a .NET regex that matches exactly what the dialect says: every class becomes the explicit
/// set <see cref="CharSets"/> defines (so <c>\d</c>, <c>\w</c>, <c>\s</c>, <c>\i</c>, <c>\c</c> and <c>.</c> mean what
/// ECMA-262 or XSD mean, not what .NET means), XSD patterns are anchored at both ends of the value, and ECMA-262's
/// <c>$</c> is the end of the value (.NET's would also match before a final line feed).
/// </summary>
internal static class DotNetPattern
{
    public static string Of(RegexTree tree)
    {
        var sb = new StringBuilder();
        if (tree.Dialect == RegexDialect.Xsd) sb.Append("^(?:");
        Write(tree.Root, tree.Dialect, sb);
        if (tree.Dialect == RegexDialect.Xsd) sb.Append(@")\z");
        return sb.ToString();
    }

    private static void Write(RegexNode node, RegexDialect dialect, StringBuilder sb)
    {
        switch (node)
        {
            case EmptyNode:
                break;
            case CharNode c:
                WriteChar(c.Value, sb);
                break;
            case ClassNode { Class: { Negated: false, Subtracted: null, Items: [EscapeItem { Property: { } property } escape] } }:
                // .NET's own \p{X} is what the set of X is computed from; shorter than listing it.
                sb.Append('\\').Append(escape.Letter).Append('{').Append(property).Append('}');
                break;
            case ClassNode cls:
                WriteSet(CharSets.Of(cls.Class, dialect), sb);
                break;
            case AnyCharNode:
                WriteSet(CharSets.AnyChar(dialect), sb);
                break;
            case AnchorNode anchor:
                sb.Append(anchor.Kind switch { '^' => "^", '$' => @"\z", 'b' => @"\b", _ => @"\B" });
                break;
            case SequenceNode sequence:
                foreach (var item in sequence.Items) Write(item, dialect, sb);
                break;
            case AlternationNode alternation:
                for (var i = 0; i < alternation.Branches.Count; i++)
                {
                    if (i > 0) sb.Append('|');
                    Write(alternation.Branches[i], dialect, sb);
                }
                break;
            case GroupNode { Inner: LookaroundNode look }:
                sb.Append(look.Behind ? "(?<" : "(?").Append(look.Negative ? '!' : '=');
                Write(look.Inner, dialect, sb);
                sb.Append(')');
                break;
            case GroupNode group:
                // Named groups are written unnamed: .NET numbers named groups after the others, ECMA-262 left to right,
                // and back-references are already resolved to ECMA-262's numbers.
                sb.Append(group.Capturing ? "(" : "(?:");
                Write(group.Inner, dialect, sb);
                sb.Append(')');
                break;
            case RepeatNode repeat:
                sb.Append("(?:");
                Write(repeat.Inner, dialect, sb);
                sb.Append(')');
                sb.Append((repeat.Min, repeat.Max) switch
                {
                    (0, null) => "*",
                    (1, null) => "+",
                    (0, 1) => "?",
                    (var min, null) => $"{{{min},}}",
                    (var min, { } max) when min == max => $"{{{min}}}",
                    (var min, { } max) => $"{{{min},{max}}}",
                });
                if (repeat.Lazy) sb.Append('?');
                break;
            case BackreferenceNode reference:
                sb.Append('\\').Append(reference.Group.ToString(CultureInfo.InvariantCulture));
                // A digit after the reference must not extend its number.
                sb.Append("(?:)");
                break;
            default:
                throw new InvalidOperationException($"no .NET form for {node.GetType().Name}");
        }
    }

    private static void WriteChar(char c, StringBuilder sb)
    {
        if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
        else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
    }

    private static void WriteSet(CharSet set, StringBuilder sb)
    {
        var start = sb.Length;
        sb.Append('[');
        foreach (var (low, high) in set.Ranges())
        {
            WriteChar(low, sb);
            if (high == low) continue;
            if (high > low + 1) sb.Append('-');
            WriteChar(high, sb);
        }
        if (sb.Length == start + 1) sb.Append(@"^\u0000-\uFFFF"); // matches no character
        sb.Append(']');
    }
}
