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
    /// <summary>The linear-time engine refuses a pattern whose automaton would pass 10,000 nodes by default. Published
    /// patterns pass that with counted repetitions inside others (SSVC's namespace: two <c>{0,61}</c> hostname labels inside
    /// BCP 47 language tags, 16,420 nodes, built in under 0.1 s); ten times that still bounds a hostile pattern
    /// (<c>(a{0,300}){0,300}</c>: 450,005). The engine reads the setting, an <c>int</c>, whenever it builds a regex; only
    /// <see cref="AppContext"/> carries one (a runtimeconfig option is a string).</summary>
    private const int MaxLinearAutomaton = 100_000;

    static SafeRegex() => AppContext.SetData("REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE", MaxLinearAutomaton);

    /// <summary>How long a backtracking validator (look-arounds, back-references) may take on one value: a safety net
    /// for a pattern the analysis let through; when it fires the request fails, it never changes a value.</summary>
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The regex values are checked with: whole-value for XSD, a search for ECMA-262 (anchored only by its own
    /// <c>^</c>/<c>$</c>). Linear-time, so no timeout and no clock in any answer: <see cref="RegexOptions.NonBacktracking"/>,
    /// or the compiled backtracking engine for a pattern it matches without ever going back (<see cref="IsDeterministic"/>),
    /// unless the pattern has look-arounds or back-references, which only the backtracking engine has; those keep a timeout.
    /// Throws <see cref="UnsupportedPatternException"/> for a pattern the parser refuses.</summary>
    public static Regex Validator(string pattern, RegexDialect dialect) =>
        RegexCache.Shared.GetOrAdd(pattern, dialect, static (p, d) => Validator(RegexTree.Parse(p, d), BacktrackingTimeout));

    private static Regex Validator(RegexTree tree, TimeSpan backtrackingTimeout)
    {
        var source = DotNetPattern.Of(tree);
        // Linear for a backtracking matcher too, which checks short values twice as fast as the linear engine (the
        // realistic values of a patterned field are checked as they are made) and is built faster.
        if (IsDeterministic(tree)) return new Regex(source, RegexOptions.CultureInvariant | RegexOptions.Compiled, Regex.InfiniteMatchTimeout);
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
            if (regex.MatchTimeout == Regex.InfiniteMatchTimeout) return true;
            regex = null!;
            problem = $"pattern '{pattern}' can take exponential time to match (nested or overlapping repetition such as '(a+)+'); "
                + "rewrite it without repeating a repetition";
            return false;
        }
        return true;
    }

    /// <summary>
    /// Whether a backtracking matcher has only one way to go on at every step: the pattern is anchored at its start
    /// (XSD's always is), has no alternation, look-around or repeated group, and every repetition of varying length is
    /// of one character class that nothing which may follow it can start with (<c>^[A-Z]{2}[0-9]{2,30}$</c>; not
    /// <c>^[a-z]*[a-z0-9]$</c>). Giving back a repeated character then fails at once, so a match takes time linear in the
    /// value, the same guarantee as <see cref="RegexOptions.NonBacktracking"/>, and needs no timeout.
    /// </summary>
    internal static bool IsDeterministic(RegexTree tree)
    {
        var items = new List<RegexNode>();
        if (tree.NeedsBacktracking || !Flatten(tree.Root, items)) return false;
        if (tree.Dialect != RegexDialect.Xsd && items is not [AnchorNode { Kind: '^' }, ..]) return false;
        var sets = items.Select(item => item switch
        {
            RepeatNode r => SetOf(r.Inner, tree.Dialect),
            AnchorNode => null,
            _ => SetOf(item, tree.Dialect),
        }).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not RepeatNode repeat || repeat.Min == repeat.Max) continue;
            // What may come next: items up to the first that must take a character (anchors take none).
            for (var j = i + 1; j < items.Count; j++)
            {
                if (sets[j] is not { } next) continue;
                if (sets[i]!.Overlaps(next)) return false;
                if (items[j] is not RepeatNode { Min: 0 }) break;
            }
        }
        return true;
    }

    /// <summary>The pattern as one sequence of single characters, classes, anchors and greedy repetitions of one of those;
    /// false for anything else (alternation, repeated groups, <c>\b</c>).</summary>
    private static bool Flatten(RegexNode node, List<RegexNode> into)
    {
        switch (node)
        {
            case SequenceNode sequence:
                return sequence.Items.All(item => Flatten(item, into));
            case GroupNode { Inner: not LookaroundNode } group:
                return Flatten(group.Inner, into);
            case EmptyNode:
                return true;
            case CharNode or ClassNode or AnyCharNode or AnchorNode { Kind: '^' or '$' }:
                into.Add(node);
                return true;
            case RepeatNode { Lazy: false } repeat when Single(repeat.Inner) is { } atom:
                into.Add(repeat with { Inner = atom });
                return true;
            default:
                return false;
        }
    }

    private static RegexNode? Single(RegexNode node) => node switch
    {
        CharNode or ClassNode or AnyCharNode => node,
        GroupNode { Inner: not LookaroundNode } group => Single(group.Inner),
        SequenceNode { Items: [var only] } => Single(only),
        _ => null,
    };

    private static CharSet SetOf(RegexNode atom, RegexDialect dialect)
    {
        switch (atom)
        {
            case CharNode c:
                var set = new CharSet();
                set.Add(c.Value);
                return set;
            case ClassNode cls:
                return CharSets.Of(cls.Class, dialect);
            default:
                return CharSets.AnyChar(dialect);
        }
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
