using System.Text.RegularExpressions;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Regexes;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Regexes;

/// <summary>One parser and one dialect enum for analysis, generation and validation: the cases where the earlier
/// two regex stacks disagreed (XSD's \i \c and literal ^ $, ECMA-262's search and ASCII classes, class subtraction,
/// Unicode categories), and generated strings checked by the validator across both dialects.</summary>
public class RegexDialectTests
{
    private static bool Matches(string pattern, RegexDialect dialect, string value) => SafeRegex.Validator(pattern, dialect).IsMatch(value);

    [Fact]
    public void Xsd_name_classes_are_xml_name_characters_including_non_ascii_letters()
    {
        Assert.True(Matches(@"\i\c*", RegexDialect.Xsd, "a-b.c_d:e"));
        Assert.True(Matches(@"\i\c*", RegexDialect.Xsd, "Ärger1"));
        Assert.True(Matches(@"\i\c*", RegexDialect.Xsd, "_x"));
        Assert.False(Matches(@"\i\c*", RegexDialect.Xsd, "1ab"));
        Assert.False(Matches(@"\i\c*", RegexDialect.Xsd, "-ab"));
        Assert.False(Matches(@"\i\c*", RegexDialect.Xsd, "a b"));
        Assert.True(Matches(@"\I", RegexDialect.Xsd, "1"));
        Assert.False(Matches(@"\I", RegexDialect.Xsd, "é"));
        // Inside a class too (the earlier validator wrote a nested class there).
        Assert.True(Matches(@"[\i-[:]][\c-[:]]*", RegexDialect.Xsd, "ns1"));
        Assert.False(Matches(@"[\i-[:]][\c-[:]]*", RegexDialect.Xsd, "ns:1"));
    }

    [Fact]
    public void Ecma_has_no_name_classes_and_reads_backslash_c_as_a_control_character()
    {
        Assert.Contains(@"'\i' is not an escape JSON Schema (ECMA-262) regexes have",
            SafeRegex.Problem(@"^\i+$", RegexDialect.Ecma262, TimeSpan.FromSeconds(1)));
        Assert.True(Matches(@"^a\cJb$", RegexDialect.Ecma262, "a\nb"));
        Assert.False(Matches(@"^a\cJb$", RegexDialect.Ecma262, "acJb"));
    }

    [Fact]
    public void Caret_and_dollar_are_characters_in_xsd_and_anchors_in_ecma()
    {
        Assert.True(Matches("a$", RegexDialect.Xsd, "a$"));
        Assert.False(Matches("a$", RegexDialect.Xsd, "a"));
        Assert.True(Matches("^a", RegexDialect.Xsd, "^a"));
        Assert.False(Matches("^a", RegexDialect.Xsd, "a"));
        Assert.True(Matches("a$", RegexDialect.Ecma262, "ba"));
        Assert.False(Matches("a$", RegexDialect.Ecma262, "a$"));
        // ECMA-262's $ is the end of the value; .NET's alone would also match before a final line feed.
        Assert.False(Matches("^a$", RegexDialect.Ecma262, "a\n"));
        Assert.False(Matches("a", RegexDialect.Xsd, "a\n"));
        Assert.Equal((2, 2), Lengths("a$", RegexDialect.Xsd));
        Assert.Equal((1, 1), Lengths("a$", RegexDialect.Ecma262));
    }

    [Fact]
    public void Xsd_matches_the_whole_value_and_ecma_searches_unless_anchored()
    {
        Assert.False(Matches("[0-9]{3}", RegexDialect.Xsd, "ab123cd"));
        Assert.True(Matches("[0-9]{3}", RegexDialect.Xsd, "123"));
        Assert.True(Matches("[0-9]{3}", RegexDialect.Ecma262, "ab123cd"));
        Assert.False(Matches("^[0-9]{3}$", RegexDialect.Ecma262, "ab123cd"));
        Assert.False(Matches("a|b", RegexDialect.Xsd, "ab"));
        Assert.True(Matches("a|bc", RegexDialect.Xsd, "bc"));
    }

    [Fact]
    public void Class_subtraction_is_xsd_only_and_applies_after_negation()
    {
        Assert.True(Matches("[a-z-[aeiou]]+", RegexDialect.Xsd, "bcd"));
        Assert.False(Matches("[a-z-[aeiou]]+", RegexDialect.Xsd, "bad"));
        Assert.True(Matches("[^a-z-[0-9]]", RegexDialect.Xsd, "A"));
        Assert.False(Matches("[^a-z-[0-9]]", RegexDialect.Xsd, "5"));
        Assert.False(Matches("[^a-z-[0-9]]", RegexDialect.Xsd, "b"));
        // In ECMA-262 "-[" inside a class is two characters, and the class ends at the first ']'.
        Assert.True(Matches("^[a-z-[aeiou]]$", RegexDialect.Ecma262, "a]"));
        Assert.True(Matches("^[a-z-[aeiou]]$", RegexDialect.Ecma262, "[]"));
        Assert.False(Matches("^[a-z-[aeiou]]$", RegexDialect.Ecma262, "b"));
        Assert.Equal(21, (int)RegexShape.Analyze("[a-z-[aeiou]]", RegexDialect.Xsd)!.DomainSize!.Value);
    }

    [Fact]
    public void Unicode_categories_match_in_both_dialects_and_escapes_follow_each_dialect()
    {
        Assert.True(Matches(@"\p{L}+", RegexDialect.Xsd, "äЖx"));
        Assert.True(Matches(@"^\p{L}+$", RegexDialect.Ecma262, "äЖx"));
        Assert.False(Matches(@"\p{L}+", RegexDialect.Xsd, "a1"));
        Assert.False(Matches(@"^\p{L}+$", RegexDialect.Ecma262, "a1"));
        Assert.True(Matches(@"[\p{Lu}-[A-Z]]\p{Ll}+", RegexDialect.Xsd, "Ärger"));
        Assert.False(Matches(@"[\p{Lu}-[A-Z]]\p{Ll}+", RegexDialect.Xsd, "Arger"));
        Assert.True(Matches(@"^[^\P{L}]$", RegexDialect.Ecma262, "Ж"));
        // \d is ASCII in ECMA-262 and any decimal digit in XSD; XSD's \w leaves out punctuation such as '_'.
        Assert.False(Matches(@"^\d$", RegexDialect.Ecma262, "٣"));
        Assert.True(Matches(@"\d", RegexDialect.Xsd, "٣"));
        Assert.True(Matches(@"^\w+$", RegexDialect.Ecma262, "a_b"));
        Assert.False(Matches(@"\w+", RegexDialect.Xsd, "a_b"));
        Assert.True(Matches(@"\w+", RegexDialect.Xsd, "a+b"));
        // \s: four characters in XSD, ECMA-262's white space and line terminators there.
        Assert.True(Matches("^\\s$", RegexDialect.Ecma262, "\u00A0"));
        Assert.False(Matches("\\s", RegexDialect.Xsd, "\u00A0"));
        // '.': XSD leaves out \n and \r, ECMA-262 also \u2028 and \u2029.
        Assert.True(Matches(".", RegexDialect.Xsd, "\u2028"));
        Assert.False(Matches("^.$", RegexDialect.Ecma262, "\u2028"));
        Assert.Contains("names no Unicode category", SafeRegex.Problem(@"\p{Nope}", RegexDialect.Xsd, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData(@"\b", RegexDialect.Xsd, "XSD regexes do not have")]
    [InlineData(@"a\1", RegexDialect.Xsd, "XSD regexes do not have")]
    [InlineData(@"(a)\2", RegexDialect.Ecma262, "refers to group 2")]
    [InlineData(@"\Aabc", RegexDialect.Ecma262, "which JSON Schema (ECMA-262) regexes do not have")]
    [InlineData(@"(?>a)", RegexDialect.Ecma262, "atomic groups")]
    [InlineData(@"a**", RegexDialect.Ecma262, "repeats a repetition")]
    [InlineData(@"[z-a]", RegexDialect.Ecma262, "out of order")]
    [InlineData(@"a{3,2}", RegexDialect.Xsd, "out of order")]
    [InlineData(@"(ab", RegexDialect.Xsd, "not closed")]
    [InlineData(@"ab)", RegexDialect.Ecma262, "unmatched ')'")]
    public void Syntax_a_dialect_does_not_have_is_refused_with_the_reason(string pattern, RegexDialect dialect, string reason)
    {
        Assert.Contains(reason, SafeRegex.Problem(pattern, dialect, TimeSpan.FromSeconds(1)));
        Assert.Null(RegexShape.Analyze(pattern, dialect));
        Assert.Throws<UnsupportedPatternException>(() => new RegexStringGenerator(pattern, dialect, 0, 100, []));
    }

    /// <summary>A look-around followed by more pattern (SchemaStore pre-commit-config's <c>repo</c>): the shape is unknown,
    /// which a <c>unique</c> rule on such a field used to turn into a crash of the constraint checker.</summary>
    [Theory]
    [InlineData("^(?!(?:meta|local)$).*$")]
    [InlineData("a(?=b)c")]
    [InlineData("x(?<!y)z")]
    public void A_sequence_with_a_look_around_has_no_shape(string pattern)
    {
        Assert.Null(RegexShape.Analyze(pattern, RegexDialect.Ecma262));
        var repr = SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(
            """{"type": "object", "properties": {"repo": {"type": "string", "pattern": """ + JsonSerializer.Serialize(pattern) + "}}}"),
            SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        Assert.Empty(ConstraintChecker.Check(repr, [new ConstraintRule { Field = "repo", Unique = true }]));
    }

    [Fact]
    public void Named_groups_keep_ecma_numbering_for_back_references()
    {
        var regex = SafeRegex.Validator(@"^(?<x>a)(b)\2\k<x>$", RegexDialect.Ecma262);
        Assert.Matches(regex, "abba");
        Assert.DoesNotMatch(regex, "abab");
        Assert.False(regex.Options.HasFlag(RegexOptions.NonBacktracking));
    }

    public static TheoryData<string, RegexDialect> GeneratedPatterns()
    {
        var data = new TheoryData<string, RegexDialect>();
        string[] shared =
        [
            "[A-Z]{2}-[0-9]{3}", @"\d{3}-\d{4}", @"\w+", @"\W{3}", @"\s\S\s", @"[^a-z0-9]{4}", @"\p{L}{5}", @"\p{Lu}\p{Ll}{3,8}",
            @"\P{L}{4}", @"\p{Sc}\d+", @"\p{Pd}\p{Nd}", @"\p{N}{2}", @"\p{IsBasicLatin}{6}", @"[\p{L}\p{N}_.\-]{1,20}",
            @"(ab|cd)*e?", @"[a-f0-9]{8}(-[a-f0-9]{4}){3}-[a-f0-9]{12}", @"(\+|00)[1-9][0-9]{6,12}", @".{3,7}", @"[\u00C0-\u00FF]{4}",
            @"[\x41-\x46]{3}", @"\.\-\*", @"[^\d\s]{5}", @"[A-Za-z]{0,3}", @"(x(y(z)?)?)+",
        ];
        foreach (var p in shared)
        {
            data.Add(p, RegexDialect.Xsd);
            data.Add("^" + p + "$", RegexDialect.Ecma262);
        }
        foreach (var p in new[] { @"\i\c*", @"[\i-[:]][\c-[:]]{2,9}", @"[a-z-[aeiou]]{6}", @"[^a-z-[A-Z]]{3}", @"\I\C", @"\w{12}", @"[\w-[\d]]{8}",
            @"^\$[0-9]+" })
            data.Add(p, RegexDialect.Xsd);
        foreach (var p in new[] { @"^[a-z]+\d*$", @"\bword\b", @"^a(?:b|c)+?d$", @"^[^]$", @"^x\cJy$", @"[0-9]{2}",
            @"^(?<year>\d{4})-(?<month>0[1-9]|1[0-2])$" })
            data.Add(p, RegexDialect.Ecma262);
        foreach (var p in LookAroundPatterns) data.Add(p, RegexDialect.Ecma262);
        foreach (var p in BackReferencePatterns) data.Add(p, RegexDialect.Ecma262);
        return data;
    }

    /// <summary>Back-references: the same separator again (and DCAT-US 1.1's ISO 8601 date, <c>\3</c> and <c>\17</c> beside
    /// look-aheads), a named one, and one to a group that did not take part (it matches the empty string).</summary>
    private static readonly string[] BackReferencePatterns =
    [
        @"^(-?)\d{2}\1\d{2}$", @"^(?<q>['""])[a-z]+\k<q>$", @"^(a)?b\1c$",
        @"^([\+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d+(?!:))?)?(\17[0-5]\d([\.,]\d+)?)?([zZ]|([\+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$",
    ];

    /// <summary>The distinct values of <paramref name="count"/> draws of an ECMA-262 pattern (up to 40 characters).</summary>
    private static HashSet<string> DistinctDraws(string pattern, int count)
    {
        var generator = new RegexStringGenerator(pattern, RegexDialect.Ecma262, 0, 40, []);
        var values = new HashSet<string>();
        var buffer = new RecordBuffer();
        for (var index = 0; index < count; index++)
        {
            var rng = new RecordRandom(3, index);
            buffer.Clear();
            generator.Generate(ref rng, null!, buffer);
            values.Add(buffer.Since(0).ToString());
        }
        return values;
    }

    /// <summary>A back-reference is drawn like its group and checked against the whole pattern: both spellings of the
    /// separator turn up. The old generator refused every such pattern.</summary>
    [Fact]
    public void Back_references_repeat_what_their_group_matched_in_both_of_its_spellings()
    {
        var values = DistinctDraws(BackReferencePatterns[0], 60);
        Assert.Contains(values, v => v.Length == 4);
        Assert.Contains(values, v => v.Length == 6);
        Assert.All(values, v => Assert.Matches(@"^(\d{4}|-\d{2}-\d{2})$", v));
    }

    /// <summary>Look-arounds as SchemaStore schemas publish them (pre-commit-config, expo, chisel-slices, bukkit-plugin,
    /// yap, mongodb-atlas-search-index-definition, airlock-microgateway).</summary>
    private static readonly string[] LookAroundPatterns =
    [
        @"^(?!(?:meta|local)$).*$", @"^(?!.*\bnative\b)[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$",
        @"^(?=[A-Z])[a-zA-Z0-9.,;()\s]*[^.,;!?: \W]$", @"^(?!org\.bukkit\.)([a-zA-Z_$][a-zA-Z\d_$]*\.)*[a-zA-Z_$][a-zA-Z\d_$]*$",
        @"^(?!\.)(?!\./).+", @"^(?!^lucene\.|builtin\.|mongodb\.).*", @"^(?![ \t\n]*\(default(.*)\))[\s\S]*", @"^(?=.*\d)(?=.*[a-z]).{6,}$",
        @"^[a-z]+(?<!_)$",
    ];

    /// <summary>Values of a look-around pattern are drawn from the pattern without its assertions and checked against the whole
    /// pattern: they vary, and a pattern whose assertions no drawn value passes is refused naming it.</summary>
    [Fact]
    public void Look_around_patterns_give_varied_matching_values_and_an_impossible_one_is_refused()
    {
        foreach (var pattern in LookAroundPatterns)
        {
            var values = DistinctDraws(pattern, 50);
            Assert.True(values.Count >= 10, $"'{pattern}' gave only {values.Count} distinct values");
        }
        var refused = Assert.Throws<UnsupportedPatternException>(() => new RegexStringGenerator("^a(?=b)c$", RegexDialect.Ecma262, 0, 10, []));
        Assert.Contains("'^a(?=b)c$'", refused.Message);
        Assert.Contains("look-around", refused.Message);
    }

    [Theory]
    [MemberData(nameof(GeneratedPatterns))]
    public void Generated_strings_match_the_validator_of_their_pattern_for_many_seeds(string pattern, RegexDialect dialect)
    {
        var validator = SafeRegex.Validator(pattern, dialect);
        var generator = new RegexStringGenerator(pattern, dialect, 0, int.MaxValue, []);
        var buffer = new RecordBuffer();
        for (var seed = 1; seed <= 40; seed++)
            for (var index = 0; index < 25; index++)
            {
                var rng = new RecordRandom(seed, index);
                buffer.Clear();
                generator.Generate(ref rng, null!, buffer);
                var value = buffer.Since(0).ToString();
                Assert.True(validator.IsMatch(value), $"'{value}' made from {dialect} pattern '{pattern}' does not match it");
            }
    }

    [Fact]
    public void Xsd_word_characters_are_generated_without_underscore_and_symbols_classes_get_real_symbols()
    {
        Assert.DoesNotContain('_', Generate(@"\w{400}", RegexDialect.Xsd));
        Assert.Contains('_', Generate(@"^\w{400}$", RegexDialect.Ecma262));
        Assert.All(Generate(@"\p{Sc}{50}", RegexDialect.Xsd),
            c => Assert.Equal(System.Globalization.UnicodeCategory.CurrencySymbol, char.GetUnicodeCategory(c)));
    }

    [Fact]
    public void Cache_keeps_at_most_its_capacity_and_drops_the_least_recently_used()
    {
        var cache = new RegexCache(3);
        var compiled = 0;
        Regex Compile(string p, RegexDialect d) { compiled++; return new Regex(p); }
        var a = cache.GetOrAdd("a", RegexDialect.Xsd, Compile);
        cache.GetOrAdd("b", RegexDialect.Xsd, Compile);
        cache.GetOrAdd("c", RegexDialect.Xsd, Compile);
        Assert.Same(a, cache.GetOrAdd("a", RegexDialect.Xsd, Compile)); // "a" is now the most recent
        cache.GetOrAdd("d", RegexDialect.Xsd, Compile);
        Assert.Equal(3, cache.Count);
        Assert.Equal(4, compiled);
        Assert.True(cache.Contains("a", RegexDialect.Xsd));
        Assert.False(cache.Contains("b", RegexDialect.Xsd));
        Assert.False(cache.Contains("a", RegexDialect.Ecma262)); // the dialect is part of the key
    }

    [Fact]
    public void Shared_validator_cache_stays_within_its_bound_and_reuses_validators()
    {
        var first = SafeRegex.Validator("^cache-bound-[0-9]+$", RegexDialect.Ecma262);
        Assert.Same(first, SafeRegex.Validator("^cache-bound-[0-9]+$", RegexDialect.Ecma262));
        for (var i = 0; i < RegexCache.Shared.Capacity + 200; i++)
            SafeRegex.Validator($"bound{i}[a-z]", RegexDialect.Xsd);
        Assert.InRange(RegexCache.Shared.Count, 1, RegexCache.Shared.Capacity);
        Assert.False(RegexCache.Shared.Contains("bound0[a-z]", RegexDialect.Xsd));
    }

    private static (int, int?) Lengths(string pattern, RegexDialect dialect)
    {
        var shape = RegexShape.Analyze(pattern, dialect)!;
        return (shape.MinLength, shape.MaxLength);
    }

    private static string Generate(string pattern, RegexDialect dialect)
    {
        var buffer = new RecordBuffer();
        var rng = new RecordRandom(7, 0);
        new RegexStringGenerator(pattern, dialect, 0, int.MaxValue, []).Generate(ref rng, null!, buffer);
        return buffer.Since(0).ToString();
    }
}
