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
    /// <summary>How long a backtracking validator (look-arounds, back-references) may take on one value: a safety net
    /// for a pattern the analysis let through; when it fires the request fails, it never changes a value.</summary>
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The regex values are checked with: whole-value for XSD, a search for ECMA-262 (anchored only by its own
    /// <c>^</c>/<c>$</c>). Linear-time (<see cref="RegexOptions.NonBacktracking"/>, so no timeout and no clock in any
    /// answer) unless the pattern has look-arounds or back-references, which only the backtracking engine has; those keep
    /// a timeout. Throws <see cref="UnsupportedPatternException"/> for a pattern the parser refuses.</summary>
    public static Regex Validator(string pattern, RegexDialect dialect) =>
        RegexCache.Shared.GetOrAdd(pattern, dialect, static (p, d) => Validator(RegexTree.Parse(p, d), BacktrackingTimeout));

    private static Regex Validator(RegexTree tree, TimeSpan backtrackingTimeout)
    {
        var source = DotNetPattern.Of(tree);
        if (!tree.NeedsBacktracking)
            try
            {
                return new Regex(source, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
            }
            catch (NotSupportedException)
            {
                // a construct the linear engine lacks: the backtracking one below, with its timeout
            }
        return new Regex(source, RegexOptions.CultureInvariant | RegexOptions.Compiled, backtrackingTimeout);
    }

    /// <summary>Compiles the pattern, or explains why it cannot be used.</summary>
    public static Regex Compile(string pattern, RegexDialect dialect, TimeSpan timeout) =>
        TryCompile(pattern, dialect, timeout, out var regex, out var problem)
            ? regex
            : throw new ArgumentException(problem);

    /// <summary>A problem with the pattern in words a tester can act on, or null when it is safe to use.</summary>
    public static string? Problem(string pattern, RegexDialect dialect, TimeSpan timeout) =>
        TryCompile(pattern, dialect, timeout, out _, out var problem) ? null : problem;

    /// <summary>Within a <see cref="RegexBudget"/> (one request) a pattern is analysed once, and none once the budget is spent.
    /// Whether a pattern is refused depends on the pattern alone (and the budget on the request's patterns alone), never
    /// on <paramref name="timeout"/> or the machine's load. The regex is the <see cref="Validator(string, RegexDialect)"/>;
    /// the timeout only guards it when it must backtrack (look-arounds, back-references).</summary>
    public static bool TryCompile(string pattern, RegexDialect dialect, TimeSpan timeout, out Regex regex, out string problem)
    {
        var budget = RegexBudget.Current;
        if (budget is null) return Analyse(pattern, dialect, timeout, out regex, out problem, out _);
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
        var ok = Analyse(pattern, dialect, timeout, out regex, out problem, out var steps);
        budget.Remember(pattern, dialect, ok ? regex : null, problem, steps);
        return ok;
    }

    /// <summary>The most backtracking steps (<see cref="BacktrackCount"/>) the probes of one pattern may take: far above
    /// a polynomial pattern's on the probes' 50 characters (SchemaStore's take at most 100,000; <c>^(a?){16}a{16}$</c>,
    /// 2^16 ways, 1.5 million), far below an exponential one's (2^48 ways).</summary>
    internal const long MaxProbeSteps = 4_000_000;

    private static bool Analyse(string pattern, RegexDialect dialect, TimeSpan timeout, out Regex regex, out string problem, out long steps)
    {
        regex = null!;
        problem = "";
        steps = pattern.Length;
        RegexTree tree;
        try
        {
            tree = RegexTree.Parse(pattern, dialect);
            // Built before the analysis so that a pattern .NET cannot read is refused as such.
            regex = tree.NeedsBacktracking ? Validator(tree, timeout) : Validator(pattern, dialect);
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
        if (NestedRepetition().IsMatch(pattern) || Backtracks(tree, ref steps))
        {
            // Exponential only for a backtracking matcher: the linear-time one (the validator built above, when the pattern
            // needs no look-around or back-reference) matches it (tizen_workspace's '^((?:.?[0-9]+){3,}(?:[-a-z]+)?)$'), and
            // a published schema is not refused for it.
            if ((regex.Options & RegexOptions.NonBacktracking) != 0) return true;
            regex = null!;
            problem = $"pattern '{pattern}' can take exponential time to match (nested or overlapping repetition such as '(a+)+'); "
                + "rewrite it without repeating a repetition";
            return false;
        }
        return true;
    }

    /// <summary>A repeated atom repeated again without bound: <c>(a+)+</c>, <c>(\d*)*</c>, <c>([a-z]+){2,}</c>. On a
    /// near-miss every way of splitting the run between the two repetitions is tried. Longer bodies are left to probing.</summary>
    [GeneratedRegex(@"\((?:\?:)?(?:\[[^\]]*\]|\\.|[^()\[\]\\|])[+*]\)(?:[+*]|\{\d+,\d*\})", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NestedRepetition();

    /// <summary>Probes the pattern with long runs of the characters it mentions, after its literal prefix and followed
    /// by a character that breaks the match: the input that makes overlapping repetition try every split. Counted in
    /// steps of a backtracking matcher, not timed, so the answer is the same on any machine.</summary>
    private static bool Backtracks(RegexTree tree, ref long steps)
    {
        var pattern = tree.Pattern;
        var candidates = new HashSet<char> { 'a', 'A', '1', ' ', '.', '-', '_' };
        foreach (var c in pattern)
            if (char.IsLetterOrDigit(c) || char.IsPunctuation(c) || c == ' ')
                candidates.Add(c);
        var prefix = LiteralPrefix(pattern);
        string[] starts = prefix.Length > 0 ? ["", prefix] : [""];
        var probes = starts.SelectMany(start => candidates.Select(c => start + new string(c, 48) + "\u0001"));
        var taken = BacktrackCount.Steps(tree, probes, MaxProbeSteps);
        steps += taken;
        return taken > MaxProbeSteps;
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
