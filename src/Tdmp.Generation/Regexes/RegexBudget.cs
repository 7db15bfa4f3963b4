using System.Globalization;
using System.Text.RegularExpressions;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// The regex analysis of one request (a schema upload, a constraint set): each distinct pattern is analysed once, and all
/// of them together get one budget of analysis work, so 200 fields with a slow pattern cost one analysis, and 1,000
/// different slow patterns stop at the budget with a 422 naming the pattern that was next (issue 13). The work is
/// counted in steps (each pattern's length plus its probes' backtracking steps, <see cref="SafeRegex"/>), not in time,
/// so which pattern is refused depends on the request alone, never on the machine's load. Ambient for the request:
/// <c>using var budget = RegexBudget.Begin(...)</c>; a schema read begins its own when its caller has none; outside
/// both, every pattern is analysed on its own.
/// </summary>
public sealed class RegexBudget : IDisposable
{
    /// <summary>What one request's patterns may take together: far above a real schema's (a SchemaStore schema's take
    /// a few hundred thousand steps, 4 million more for each catastrophic pattern refused), a few seconds of one core.</summary>
    public const long DefaultSteps = 30_000_000;

    private static readonly AsyncLocal<RegexBudget?> Ambient = new();

    private readonly RegexBudget? outer;
    /// <summary>Analysis work done so far: only that counts, not the rest of the request (reading a schema that is built
    /// several times over, SARIF's or OpenAPI's, takes seconds, and its late patterns are no slower for it).</summary>
    private long spentSteps;
    private readonly long budget;
    private readonly Dictionary<(string, RegexDialect), (Regex? Regex, string Problem)> analysed = [];

    private RegexBudget(long budget, RegexBudget? outer)
    {
        this.budget = budget;
        this.outer = outer;
    }

    public static RegexBudget? Current => Ambient.Value;

    public static RegexBudget Begin(long steps = DefaultSteps)
    {
        var scope = new RegexBudget(steps, Ambient.Value);
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>How many distinct patterns were analysed (tests show a repeated one counts once).</summary>
    public int Analysed => analysed.Count;

    /// <summary>The analysis steps spent so far.</summary>
    public long Spent => Interlocked.Read(ref spentSteps);

    internal bool TryGet(string pattern, RegexDialect dialect, out (Regex? Regex, string Problem) result)
    {
        lock (analysed) return analysed.TryGetValue((pattern, dialect), out result);
    }

    internal void Remember(string pattern, RegexDialect dialect, Regex? regex, string problem, long steps)
    {
        lock (analysed) analysed[(pattern, dialect)] = (regex, problem);
        Interlocked.Add(ref spentSteps, steps);
    }

    /// <summary>The problem to report when the budget is spent before <paramref name="pattern"/> is analysed, else null.</summary>
    internal string? Exhausted(string pattern) => Spent > budget
        ? $"pattern '{pattern}' was not analysed: the patterns of this request took more than "
        + $"{budget.ToString("N0", CultureInfo.InvariantCulture)} steps of analysis (matching slow patterns against probe values); "
        + "use fewer or simpler patterns"
        : null;

    public void Dispose() => Ambient.Value = outer;
}
