using System.Text;
using System.Text.RegularExpressions;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// The one way this library turns an uploaded or user-typed pattern into a <see cref="Regex"/>: always with a match
/// timeout, refusing syntax the pattern's own language does not have and patterns that backtrack catastrophically.
/// </summary>
public static partial class SafeRegex
{
    /// <summary>.NET-only constructs that neither ECMA-262 nor XSD regexes have; accepting them would let a
    /// pattern mean something else to the schema's real consumers.</summary>
    private static readonly (string Token, string What)[] ForeignConstructs =
    [
        ("(?>", "atomic groups"), ("(?(", "conditionals"), ("(?#", "inline comments"), ("\\A", "\\A"), ("\\Z", "\\Z"),
        ("\\z", "\\z"), ("\\G", "\\G"), ("(?i", "inline options"), ("(?m", "inline options"), ("(?s", "inline options"),
        ("(?x", "inline options"), ("(?n", "inline options"), ("(?-", "inline options"),
    ];

    private static readonly string[] XsdForeign = ["(?", "\\b", "\\B", "\\1", "*?", "+?", "??"];

    /// <summary>Compiles the pattern, or explains why it cannot be used.</summary>
    public static Regex Compile(string pattern, RegexDialect dialect, TimeSpan timeout) =>
        TryCompile(pattern, dialect, timeout, out var regex, out var problem)
            ? regex
            : throw new ArgumentException(problem);

    /// <summary>A problem with the pattern in words a tester can act on, or null when it is safe to use.</summary>
    public static string? Problem(string pattern, RegexDialect dialect, TimeSpan timeout) =>
        TryCompile(pattern, dialect, timeout, out _, out var problem) ? null : problem;

    /// <summary>Within a <see cref="RegexBudget"/> (one request) a pattern is analysed once, and none once the budget is spent.</summary>
    public static bool TryCompile(string pattern, RegexDialect dialect, TimeSpan timeout, out Regex regex, out string problem)
    {
        var budget = RegexBudget.Current;
        if (budget is null) return Analyse(pattern, dialect, timeout, out regex, out problem);
        if (budget.TryGet(pattern, dialect, out var known))
        {
            regex = known.Regex!;
            problem = known.Problem;
            return known.Regex is not null;
        }
        if (budget.Exhausted(pattern) is { } spent)
        {
            regex = null!;
            problem = spent;
            return false;
        }
        var ok = Analyse(pattern, dialect, timeout, out regex, out problem);
        budget.Remember(pattern, dialect, ok ? regex : null, problem);
        return ok;
    }

    private static bool Analyse(string pattern, RegexDialect dialect, TimeSpan timeout, out Regex regex, out string problem)
    {
        regex = null!;
        problem = "";
        foreach (var (token, what) in ForeignConstructs)
            if (pattern.Contains(token, StringComparison.Ordinal))
            {
                problem = $"pattern '{pattern}' uses {what} ('{token}'), which {DialectName(dialect)} regexes do not have";
                return false;
            }
        if (dialect == RegexDialect.Xsd)
            foreach (var token in XsdForeign)
                if (pattern.Contains(token, StringComparison.Ordinal))
                {
                    problem = $"pattern '{pattern}' uses '{token}', which XSD regexes do not have";
                    return false;
                }

        var source = dialect == RegexDialect.Xsd ? XsdToDotNet(pattern) : pattern;
        try
        {
            regex = new Regex(source, RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException e)
        {
            problem = $"pattern '{pattern}' is not a valid regex: {e.Message}";
            return false;
        }
        if (NestedRepetition().IsMatch(pattern) || Backtracks(regex, pattern))
        {
            problem = $"pattern '{pattern}' can take exponential time to match (nested or overlapping repetition such as '(a+)+'); rewrite it without repeating a repetition";
            return false;
        }
        return true;
    }

    /// <summary>A repeated atom repeated again without bound: <c>(a+)+</c>, <c>(\d*)*</c>, <c>([a-z]+){2,}</c>. On a
    /// near-miss every way of splitting the run between the two repetitions is tried. Longer bodies are left to probing.</summary>
    [GeneratedRegex(@"\((?:\?:)?(?:\[[^\]]*\]|\\.|[^()\[\]\\|])[+*]\)(?:[+*]|\{\d+,\d*\})", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NestedRepetition();

    /// <summary>Probes the pattern with long runs of the characters it mentions, after its literal prefix and followed
    /// by a character that breaks the match: the input that makes overlapping repetition try every split.
    /// A timeout means catastrophic.</summary>
    private static bool Backtracks(Regex regex, string pattern)
    {
        var candidates = new HashSet<char> { 'a', 'A', '1', ' ', '.', '-', '_' };
        foreach (var c in pattern)
            if (char.IsLetterOrDigit(c) || char.IsPunctuation(c) || c == ' ')
                candidates.Add(c);
        var prefix = LiteralPrefix(pattern);
        foreach (var start in prefix.Length > 0 ? ["", prefix] : new[] { "" })
            foreach (var c in candidates)
            {
                try
                {
                    regex.IsMatch(start + new string(c, 48) + "\u0001");
                }
                catch (RegexMatchTimeoutException)
                {
                    return true;
                }
            }
        return false;
    }

    /// <summary>The plain characters a pattern starts with (after <c>^</c>), so probes get past them.</summary>
    private static string LiteralPrefix(string pattern)
    {
        var body = pattern.TrimStart('^');
        var length = 0;
        while (length < body.Length && (char.IsLetterOrDigit(body[length]) || body[length] is '-' or '_' or ' ' or ':' or '/' or '@' or '#'))
            length++;
        // A quantifier right after the run applies to its last character, which is then not literal.
        if (length > 0 && length < body.Length && body[length] is '*' or '+' or '?' or '{') length--;
        return body[..length];
    }

    private static string DialectName(RegexDialect dialect) =>
        dialect == RegexDialect.Xsd ? "XSD" : "JSON Schema (ECMA-262)";

    /// <summary>XSD patterns match whole values, treat ^ and $ as characters and have the XML-name escapes \i and \c.</summary>
    public static string XsdToDotNet(string pattern)
    {
        var sb = new StringBuilder("^(?:");
        var inClass = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var e = pattern[++i];
                var set = e switch
                {
                    'i' => @"\p{L}_:",
                    'c' => @"\p{L}\p{Nd}\p{Mn}\p{Mc}._:\-",
                    _ => null,
                };
                if (set is not null) sb.Append(inClass > 0 ? set : "[" + set + "]");
                else if (e is 'I' or 'C') sb.Append(inClass > 0 ? @"\P{L}" : "[^" + (e == 'I' ? @"\p{L}_:" : @"\p{L}\p{Nd}\p{Mn}\p{Mc}._:\-") + "]");
                else sb.Append('\\').Append(e);
                continue;
            }
            if (c == '[') inClass++;
            else if (c == ']' && inClass > 0) inClass--;
            else if (inClass == 0 && c is '^' or '$')
            {
                sb.Append('\\').Append(c);
                continue;
            }
            sb.Append(c);
        }
        return sb.Append(")$").ToString();
    }
}
