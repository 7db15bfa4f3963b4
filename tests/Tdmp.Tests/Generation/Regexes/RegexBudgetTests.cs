using System.Text.RegularExpressions;
using Tdmp.Generation.Regexes;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Regexes;

/// <summary>Issue 13: one analysis per distinct pattern and request, one budget of analysis steps for all of them, and values checked by a
/// non-backtracking engine.</summary>
public class RegexBudgetTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void A_pattern_repeated_on_200_fields_is_analysed_once_per_request()
    {
        using var budget = RegexBudget.Begin();
        var results = Enumerable.Range(0, 200).Select(_ => SafeRegex.Problem("^(a?){16}a{16}$", RegexDialect.Ecma262, Timeout)).ToList();
        Assert.Single(results.Distinct());
        Assert.Equal(1, budget.Analysed);
        SafeRegex.Problem("^[a-z]+$", RegexDialect.Ecma262, Timeout);
        Assert.Equal(2, budget.Analysed);
    }

    [Fact]
    public void Once_the_request_budget_is_spent_the_next_pattern_is_refused_by_name()
    {
        using (RegexBudget.Begin(0))
        {
            Assert.Null(SafeRegex.Problem("^[a-z]{2,5}$", RegexDialect.Ecma262, Timeout)); // the first one uses it up
            var problem = SafeRegex.Problem("^[0-9]{3}-[0-9]{4}$", RegexDialect.Ecma262, Timeout);
            Assert.NotNull(problem);
            Assert.Contains("'^[0-9]{3}-[0-9]{4}$'", problem);
            Assert.Contains("steps of analysis", problem);
        }
        // Outside a request's budget every pattern is analysed on its own again.
        Assert.Null(SafeRegex.Problem("^[0-9]{3}-[0-9]{4}$", RegexDialect.Ecma262, Timeout));
    }

    [Fact]
    public void Only_analysis_counts_against_the_budget_and_the_same_patterns_spend_the_same_steps()
    {
        long Spent()
        {
            using var budget = RegexBudget.Begin();
            Assert.Null(SafeRegex.Problem("^[a-z]{2,5}$", RegexDialect.Ecma262, Timeout));
            Thread.Sleep(100); // reading the rest of a large schema
            Assert.Null(SafeRegex.Problem("^(a?){12}a{12}$", RegexDialect.Ecma262, TimeSpan.FromSeconds(5)));
            return budget.Spent;
        }
        var first = Spent();
        Assert.InRange(first, 4096, RegexBudget.DefaultSteps); // the second pattern tries 2^12 ways
        Assert.Equal(first, Spent());
    }

    [Fact]
    public void Values_are_checked_with_the_non_backtracking_engine_so_a_catastrophic_pattern_is_linear()
    {
        var validator = SafeRegex.Validator("^(a+)+$", RegexDialect.Ecma262);
        Assert.True(validator.Options.HasFlag(RegexOptions.NonBacktracking));
        // A backtracking engine would run into its 1 s timeout here (and throw); this answers at once.
        Assert.DoesNotMatch(validator, new string('a', 5000) + "!");
        Assert.Matches(validator, new string('a', 5000));
        // Lookarounds exist only in the backtracking engine, which keeps its timeout.
        var lookahead = SafeRegex.Validator("^(?=.*[0-9])[a-z0-9]+$", RegexDialect.Ecma262);
        Assert.False(lookahead.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Matches(lookahead, "abc1");
    }

    [Fact]
    public void A_schema_read_outside_a_request_analyses_its_patterns_within_a_budget_of_its_own()
    {
        // 100 different slow patterns (each about 1.5 million steps) are past one budget; read with none, each was analysed.
        var schema = "{\"type\": \"object\", \"properties\": {" + string.Join(", ", Enumerable.Range(0, 100)
            .Select(i => $"\"f{i}\": {{\"type\": \"string\", \"pattern\": \"^x{i}(a?){{16}}a{{16}}$\"}}")) + "}}";
        Assert.Null(RegexBudget.Current);
        var e = Assert.Throws<SchemaReadException>(() =>
            SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(schema), SchemaLanguage.JsonSchema, SchemaReadLimits.Default));
        Assert.Matches(@"pattern '\^x\d+\(a\?\)\{16\}a\{16\}\$' was not analysed", e.Message);
        Assert.Null(RegexBudget.Current);
    }
}
