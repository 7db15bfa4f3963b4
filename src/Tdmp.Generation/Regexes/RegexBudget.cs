using System.Text.RegularExpressions;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// The regex analysis of one request (a schema upload, a constraint set): each distinct pattern is analysed once, and all
/// of them together get one time budget, so 200 fields with a slow pattern cost one analysis, and 1,000 different slow
/// patterns stop at the budget with a 422 naming the pattern that was next (issue 13). Ambient for the request:
/// <c>using var budget = RegexBudget.Begin(...)</c>; without one, every pattern is analysed on its own as before.
/// </summary>
public sealed class RegexBudget : IDisposable
{
    /// <summary>What one request's patterns may take together: far above a real schema's (milliseconds), far below minutes.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(2);

    private static readonly AsyncLocal<RegexBudget?> Ambient = new();

    private readonly RegexBudget? outer;
    /// <summary>Time spent analysing patterns: only that counts, not the rest of the request (reading a schema that
    /// is built several times over, SARIF's or OpenAPI's, takes seconds, and its late patterns are no slower for it).</summary>
    private long spentTicks;
    private readonly TimeSpan budget;
    private readonly Dictionary<(string, RegexDialect), (Regex? Regex, string Problem)> analysed = [];

    private RegexBudget(TimeSpan budget, RegexBudget? outer)
    {
        this.budget = budget;
        this.outer = outer;
    }

    public static RegexBudget? Current => Ambient.Value;

    public static RegexBudget Begin(TimeSpan? budget = null)
    {
        var scope = new RegexBudget(budget ?? DefaultBudget, Ambient.Value);
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>How many distinct patterns were analysed (tests show a repeated one counts once).</summary>
    public int Analysed => analysed.Count;

    internal bool TryGet(string pattern, RegexDialect dialect, out (Regex? Regex, string Problem) result)
    {
        lock (analysed) return analysed.TryGetValue((pattern, dialect), out result);
    }

    internal void Remember(string pattern, RegexDialect dialect, Regex? regex, string problem, TimeSpan took)
    {
        lock (analysed) analysed[(pattern, dialect)] = (regex, problem);
        Interlocked.Add(ref spentTicks, took.Ticks);
    }

    /// <summary>The problem to report when the budget is spent before <paramref name="pattern"/> is analysed, else null.</summary>
    internal string? Exhausted(string pattern) => TimeSpan.FromTicks(Interlocked.Read(ref spentTicks)) > budget
        ? $"pattern '{pattern}' was not analysed: the patterns of this request took more than {budget.TotalSeconds:0.#} s to check; "
        + "use fewer or simpler patterns"
        : null;

    public void Dispose() => Ambient.Value = outer;
}
