using System.Text.RegularExpressions;
using Tdmp.Generation.Regexes;

namespace Tdmp.Tests.Generation.Regexes;

public class SafeRegexTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData("(a+)+b")]
    [InlineData("^(\\d*)*$")]
    [InlineData("^([a-z]+){2,}!$")]
    [InlineData("^ORD-(a|aa)+$")]
    [InlineData("^(\\w+\\s?)*$")]
    public void Catastrophic_patterns_are_matched_in_linear_time(string pattern)
    {
        Assert.Null(SafeRegex.Problem(pattern, RegexDialect.Ecma262, Timeout));
        var regex = SafeRegex.Compile(pattern, RegexDialect.Ecma262, Timeout);
        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        regex.IsMatch(new string('a', 5000) + "\u0001"); // the backtracking matcher times out (throws) on this
    }

    /// <summary>SSVC's namespace pattern nests hostname labels (<c>{0,61}</c>) in repetitions: its linear automaton passes the
    /// engine's default limit of 10,000 nodes, and the pattern was refused as exponential. This one needs 32,755.</summary>
    [Fact]
    public void A_catastrophic_pattern_with_a_large_linear_automaton_is_still_matched_in_linear_time()
    {
        const string pattern = "^(([a-z]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]+/){0,50}$";
        Assert.Null(SafeRegex.Problem(pattern, RegexDialect.Ecma262, Timeout));
        var regex = SafeRegex.Compile(pattern, RegexDialect.Ecma262, Timeout);
        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Matches(regex, "example.org/a-b.c.de/");
        Assert.DoesNotMatch(regex, string.Concat(Enumerable.Repeat("a.", 3000)) + "!");
    }

    /// <summary>Only the backtracking matcher has back-references and look-arounds: with nested repetition beside one the
    /// pattern is refused.</summary>
    [Theory]
    [InlineData("^(a+)+\\1$")]
    [InlineData("^(?!x)(\\w+\\s?)*$")]
    public void Catastrophic_patterns_that_need_backtracking_are_refused(string pattern)
    {
        Assert.Contains("exponential", SafeRegex.Problem(pattern, RegexDialect.Ecma262, Timeout));
    }

    [Theory]
    [InlineData("^[a-z0-9]+(\\.[a-z0-9]+)*@[a-z]+\\.[a-z]{2,}$")]
    [InlineData("^([a-z0-9]+\\.)*[a-z]+$")]
    [InlineData("^ORD-[0-9]{4}-[A-Z]{3}[0-9]{5}$")]
    [InlineData("^\\+[1-9][0-9]{7,14}$")]
    [InlineData("[^@\\s]+@[^@\\s]+\\.[a-z]{2,}")]
    public void Ordinary_patterns_are_accepted(string pattern)
    {
        Assert.Null(SafeRegex.Problem(pattern, RegexDialect.Ecma262, Timeout));
    }

    /// <summary>A pattern is refused or not by counted backtracking steps, never by a clock: the same answer on a
    /// loaded machine (here: a timeout far shorter than the analysis takes) as on an idle one.</summary>
    [Theory]
    [InlineData("^(a?){16}a{16}$", true)] // 2^16 ways to split the a's: slow (milliseconds), but not exponential in the input
    [InlineData("^[a-z0-9]+(\\.[a-z0-9]+)*@[a-z]+\\.[a-z]{2,}$", true)]
    [InlineData("^ORD-(a|aa)+$", true)] // exponential for a backtracking matcher: matched by the linear-time one
    [InlineData("^(.+\\/)+(.+)\\.(ya?ml)(@.+)?$", true)] // GitHub workflow's 'uses', the same
    [InlineData("^ORD-(?!x)(a|aa)+$", false)] // the look-ahead needs the backtracking matcher: refused
    public void Whether_a_pattern_is_refused_does_not_depend_on_the_timeout(string pattern, bool accepted)
    {
        foreach (var timeout in new[] { TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30) })
            Assert.Equal(accepted, SafeRegex.Problem(pattern, RegexDialect.Ecma262, timeout) is null);
    }

    [Fact]
    public void Xsd_patterns_must_not_use_syntax_xsd_does_not_have()
    {
        Assert.Contains("which XSD regexes do not have", SafeRegex.Problem("(?:ab)+", RegexDialect.Xsd, Timeout));
        Assert.Contains("which XSD regexes do not have", SafeRegex.Problem("a+?", RegexDialect.Xsd, Timeout));
    }

    [Fact]
    public void Regex_shape_gives_lengths_and_domain()
    {
        var shape = RegexShape.Analyze("^[A-Z]{2}-[0-9]{3}$", RegexDialect.Ecma262)!;
        Assert.Equal((6, 6, 676_000), (shape.MinLength, shape.MaxLength!.Value, (int)shape.DomainSize!.Value));
        var open = RegexShape.Analyze("a(b|cd)*", RegexDialect.Xsd)!;
        Assert.Equal((1, (int?)null, false), (open.MinLength, open.MaxLength, open.DomainSize.HasValue));
        Assert.Null(RegexShape.Analyze("(a)\\1", RegexDialect.Ecma262));
    }

    [Theory]
    [InlineData("a{2")]
    [InlineData("a{2}")]
    [InlineData("[")]
    [InlineData("\\")]
    [InlineData("(")]
    [InlineData("a|")]
    [InlineData("[a-]")]
    [InlineData("\\p{L")]
    public void Regex_shape_never_throws(string pattern)
    {
        _ = RegexShape.Analyze(pattern, RegexDialect.Ecma262);
        _ = RegexShape.Analyze(pattern, RegexDialect.Xsd);
    }

    /// <summary>Patterns a backtracking matcher runs without going back are checked by the compiled backtracking engine
    /// (twice as fast on short values), with no timeout; each still accepts exactly what the linear engine accepts.</summary>
    [Theory]
    [InlineData("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$", RegexDialect.Ecma262, true, "DE89370400440532013000")]
    [InlineData("^\\+[1-9][0-9]{7,14}$", RegexDialect.Ecma262, true, "+4915112345678")]
    [InlineData("^(\\d{3})-?(\\d{4})$", RegexDialect.Ecma262, true, "555-0123")]
    [InlineData("[A-Z]{2}[0-9]{1,5}", RegexDialect.Xsd, true, "AB123")]
    [InlineData("^[a-z]*[a-z0-9]$", RegexDialect.Ecma262, false, "abc")] // the class may give back what the last item needs
    [InlineData("^[0-9A-Z -]{3,10}$", RegexDialect.Ecma262, true, "SW1A 1AA")]
    [InlineData("^a?[a-c]+$", RegexDialect.Ecma262, false, "abc")]
    [InlineData("^[a-z]+x?[a-z]$", RegexDialect.Ecma262, false, "ab")] // through the optional 'x' to the class after it
    [InlineData("[0-9]{2,4}", RegexDialect.Ecma262, false, "x12")] // unanchored: tried from every position
    [InlineData("^(ab|cd)+$", RegexDialect.Ecma262, false, "abcd")]
    public void Deterministic_patterns_use_the_compiled_engine_and_match_as_the_linear_one(string pattern, RegexDialect dialect, bool deterministic,
        string sample)
    {
        var validator = SafeRegex.Validator(pattern, dialect);
        Assert.Equal(deterministic, validator.Options.HasFlag(RegexOptions.Compiled));
        Assert.Equal(Regex.InfiniteMatchTimeout, validator.MatchTimeout);
        var linear = new Regex(validator.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        var rng = new Random(7);
        // Near misses and near matches: the sample with characters replaced, inserted or removed.
        const string Alphabet = "AZaz09-+ x\n";
        for (var i = 0; i < 20_000; i++)
        {
            var value = new System.Text.StringBuilder(sample);
            for (var edits = rng.Next(1, 4); edits > 0; edits--)
            {
                var at = rng.Next(value.Length + 1);
                var c = Alphabet[rng.Next(Alphabet.Length)];
                switch (rng.Next(3))
                {
                    case 0 when at < value.Length: value[at] = c; break;
                    case 1 when at < value.Length: value.Remove(at, 1); break;
                    default: value.Insert(at, c); break;
                }
            }
            Assert.True(linear.IsMatch(value.ToString()) == validator.IsMatch(value.ToString()), $"'{value}'");
        }
    }
}
