using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Tdmp.Generation;
using Tdmp.Generation.Constraints;

namespace Tdmp.Tests.Generation.Constraints;

/// <summary>
/// The guard of "a new rule kind is one edit" (GENERATION.md, "Adding a rule kind"): every key a rule can carry is
/// described by exactly one entry of <see cref="RuleKinds.All"/>, which says when it is set, merges it, checks it and
/// is documented. A key added to <see cref="ConstraintRule"/> without its description fails here.
/// </summary>
public class RuleKindsTests
{
    /// <summary>Every key of a rule but <c>field</c>, as the API spells it, with its property.</summary>
    private static readonly (string Key, PropertyInfo Property)[] RuleKeys =
    [
        .. typeof(ConstraintRule).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(ConstraintRule.Field))
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p)),
    ];

    private static JsonElement J(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Two different values of a key's type; a key of a new type needs its samples here.</summary>
    private static (object First, object Second) Samples(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(JsonElement)) return (J("1"), J("2"));
        if (type == typeof(int)) return (1, 2);
        if (type == typeof(double)) return (0.1, 0.2);
        if (type == typeof(bool)) return (true, false);
        if (type == typeof(string)) return ("a", "b");
        if (type == typeof(List<JsonElement>)) return (new List<JsonElement> { J("1") }, new List<JsonElement> { J("2") });
        if (type == typeof(List<double>)) return (new List<double> { 1 }, new List<double> { 2 });
        if (type == typeof(Distribution)) return (new Distribution { Kind = "normal" }, new Distribution { Kind = "uniform" });
        if (type == typeof(SequenceRule)) return (new SequenceRule { Start = 1 }, new SequenceRule { Start = 2 });
        if (type == typeof(ItemsRule)) return (new ItemsRule { Min = 1 }, new ItemsRule { Min = 2 });
        if (type == typeof(WhenRule)) return (new WhenRule { Field = "a" }, new WhenRule { Field = "b" });
        throw new Xunit.Sdk.XunitException($"ConstraintRule.{property.Name} has a type without samples in this test: add two values of {type.Name}.");
    }

    private static ConstraintRule With(ConstraintRule rule, PropertyInfo property, object? value)
    {
        var copy = rule with { };
        property.SetValue(copy, value);
        return copy;
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value, DocumentJson.Options);

    [Fact]
    public void Every_key_of_a_rule_belongs_to_exactly_one_kind()
    {
        foreach (var (key, _) in RuleKeys)
        {
            var owners = RuleKinds.All.Where(k => k.Keys.Contains(key)).Select(k => k.Name).ToList();
            Assert.True(owners.Count == 1,
                $"rule key '{key}' is described by {owners.Count} kinds ({string.Join(", ", owners)}); add it to one entry of RuleKinds.All");
        }
        var stale = RuleKinds.All.SelectMany(k => k.Keys).Except(RuleKeys.Select(k => k.Key)).ToList();
        Assert.True(stale.Count == 0, $"RuleKinds.All names keys a rule does not have: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Each_kind_is_set_by_its_main_key_and_only_by_its_own_keys()
    {
        var empty = new ConstraintRule { Field = "x" };
        foreach (var kind in RuleKinds.All)
        {
            Assert.False(kind.IsSet(empty), $"{kind.Name} counts as set on a rule without keys");
            var main = RuleKeys.Single(k => k.Key == kind.Keys[0]).Property;
            Assert.True(kind.IsSet(With(empty, main, Samples(main).First)), $"{kind.Name} is not set by its key '{kind.Keys[0]}'");
            foreach (var (key, property) in RuleKeys.Where(k => !kind.Keys.Contains(k.Key)))
                Assert.False(kind.IsSet(With(empty, property, Samples(property).First)),
                    $"{kind.Name} counts as set by '{key}', a key of another kind");
        }
    }

    [Fact]
    public void Merging_takes_every_key_from_the_later_rule_where_it_is_set()
    {
        var first = new ConstraintRule { Field = "x" };
        var second = new ConstraintRule { Field = "x" };
        foreach (var (_, property) in RuleKeys)
        {
            var (a, b) = Samples(property);
            first = With(first, property, a);
            second = With(second, property, b);
        }
        var empty = new ConstraintRule { Field = "x" };
        foreach (var (key, property) in RuleKeys)
        {
            Assert.True(Json(property.GetValue(second)) == Json(property.GetValue(RuleKinds.Merge(first, second))),
                $"merging does not take '{key}' from the later rule");
            Assert.True(Json(property.GetValue(first)) == Json(property.GetValue(RuleKinds.Merge(first, empty))),
                $"merging loses '{key}' when the later rule leaves it out");
        }
    }

    [Fact]
    public void Every_kind_is_checked_against_the_field_it_narrows()
    {
        Assert.All(RuleKinds.All, kind => Assert.True(kind.CheckOnNode is not null, $"{kind.Name} has no check against the schema node"));
    }

    [Fact]
    public void Every_key_is_in_the_rule_table_of_the_generation_contract()
    {
        var contract = File.ReadAllText(Path.Combine(SharedSchemas.Directory, "..", "..", "..", "docs", "GENERATION.md"));
        var table = contract[contract.IndexOf("| rule | meaning |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        var documented = Regex.Matches(table, @"^\| ([^|]+)\|", RegexOptions.Multiline)
            .SelectMany(m => Regex.Matches(m.Groups[1].Value, "`([a-z_]+)`")).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(RuleKeys, k => Assert.True(documented.Contains(k.Key), $"'{k.Key}' is not in the rule table of docs/GENERATION.md §2"));
    }

    [Fact]
    public void Value_sources_are_named_in_the_order_the_checker_reports_them()
    {
        var rule = new ConstraintRule { Field = "x", Formula = "1", Reference = "y", Template = "{y}", Generator = "word",
            Sequence = new SequenceRule(), Values = [J("1")] };
        Assert.Equal(["values", "sequence", "generator", "template", "reference", "formula"], RuleKinds.ValueSources(rule));
    }
}
