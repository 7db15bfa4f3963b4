using System.Text.RegularExpressions;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// The one way this library turns an uploaded or user-typed pattern into a <see cref="Regex"/>: parsed by the one
/// <see cref="RegexParser"/> (refusing syntax the pattern's own language does not have), translated by
/// <see cref="DotNetPattern"/>, and matched in linear time when it would backtrack catastrophically (refused only when it
/// also needs backtracking: look-arounds, back-references). Validators are non-backtracking wherever
/// the pattern allows and kept in the bounded <see cref="RegexCache.Shared"/>.
/// </summary>
public static partial class SafeRegex
{
    /// <summary>How long a backtracking validator (look-arounds, back-references) may take on one value.</summary>
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The regex values are checked with: whole-value for XSD, a search for ECMA-262 (anchored only by its own
    /// <c>^</c>/<c>$</c>). Linear-time (<see cref="RegexOptions.NonBacktracking"/>) unless the pattern has look-arounds or
    /// back-references, which only the backtracking engine has; those keep a timeout. Throws
    /// <see cref="UnsupportedPatternException"/> for a pattern the parser refuses.</summary>
    public static Regex Validator(string pattern, RegexDialect dialect) =>
        RegexCache.Shared.GetOrAdd(pattern, dialect, static (p, d) => Validator(RegexTree.Parse(p, d)));

    private static Regex Validator(RegexTree tree)
    {
        var source = DotNetPattern.Of(tree);
        if (!tree.NeedsBacktracking)
            try
            {
                return new Regex(source, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, BacktrackingTimeout);
            }
            catch (NotSupportedException)
            {
                // a construct the linear engine lacks: the backtracking one below, with its timeout
            }
        return new Regex(source, RegexOptions.CultureInvariant | RegexOptions.Compiled, BacktrackingTimeout);
    }

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
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ok = Analyse(pattern, dialect, timeout, out regex, out problem);
        budget.Remember(pattern, dialect, ok ? regex : null, problem, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return ok;
    }

    private static bool Analyse(string pattern, RegexDialect dialect, TimeSpan timeout, out Regex regex, out string problem)
    {
        regex = null!;
        problem = "";
        RegexTree tree;
        Regex probe;
        try
        {
            tree = RegexTree.Parse(pattern, dialect);
            probe = new Regex(DotNetPattern.Of(tree), RegexOptions.CultureInvariant, timeout);
        }
        catch (UnsupportedPatternException e)
        {
            problem = e.Message;
            return false;
        }
        catch (ArgumentException e)
        {
            problem = $"pattern '{pattern}' is not a valid regex: {e.Message}";
            return false;
        }
        if (NestedRepetition().IsMatch(pattern) || Backtracks(probe, pattern))
        {
            // Exponential only for a backtracking matcher: without look-arounds or back-references the linear-time one
            // matches it (tizen_workspace's '^((?:.?[0-9]+){3,}(?:[-a-z]+)?)$'), and a published schema is not refused for it.
            if (!tree.NeedsBacktracking)
                try
                {
                    regex = new Regex(DotNetPattern.Of(tree), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, timeout);
                    return true;
                }
                catch (NotSupportedException)
                {
                    // a construct the linear engine lacks: refused below
                }
            problem = $"pattern '{pattern}' can take exponential time to match (nested or overlapping repetition such as '(a+)+'); "
                + "rewrite it without repeating a repetition";
            return false;
        }
        // The probe is the translated pattern with the caller's timeout: what the schema readers check values with.
        // Compiling the linear-time validator too would double the cost of every upload; generation asks for it.
        regex = probe;
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
}
