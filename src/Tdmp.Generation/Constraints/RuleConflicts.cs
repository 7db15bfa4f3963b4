using System.Text.Json;
using Tdmp.Generation.Schema;

namespace Tdmp.Generation.Constraints;

/// <summary>
/// Rules on the same field under the same condition all apply at once; this finds pairs that no value can satisfy
/// together, or that set one thing two ways.
/// </summary>
internal static class RuleConflicts
{
    public static void Check(IReadOnlyList<ConstraintRule> rules, SchemaNode?[] targets, RuleErrors errors)
    {
        var groups = Enumerable.Range(0, rules.Count)
            .Where(i => targets[i] is not null)
            .GroupBy(i => (rules[i].Field, Condition(rules[i].When)));
        foreach (var group in groups)
        {
            var members = group.ToList();
            for (var a = 0; a < members.Count; a++)
                for (var b = a + 1; b < members.Count; b++)
                    Compare(rules, members[a], members[b], targets[members[b]]!, errors);
        }
    }

    private static string Condition(WhenRule? when) => when is null ? "" : when.Field + "=" + when.EqualsValue?.GetRawText();

    private static void Compare(IReadOnlyList<ConstraintRule> rules, int i, int j, SchemaNode node, RuleErrors errors)
    {
        var (first, second) = (rules[i], rules[j]);
        var key = $"rules[{j}]";
        var against = $"contradicts rules[{i}] for '{second.Field}'";

        var (min1, max1) = (Ordinal(first.Min, node), Ordinal(first.Max, node));
        var (min2, max2) = (Ordinal(second.Min, node), Ordinal(second.Max, node));
        if ((min2 is not null && max1 is not null && min2 > max1) || (min1 is not null && max2 is not null && min1 > max2))
            errors.Add(key + (second.Min is not null ? ".min" : ".max"),
                $"{against}: the ranges {Range(first)} and {Range(second)} do not overlap.");

        if (second.MinLength > first.MaxLength || first.MinLength > second.MaxLength)
            errors.Add(key + (second.MinLength is not null ? ".min_length" : ".max_length"),
                $"{against}: the length ranges {first.MinLength ?? 0}..{(object?)first.MaxLength ?? "any"} and {second.MinLength ?? 0}..{(object?)second.MaxLength ?? "any"} do not overlap.");

        if (first.Values is { Count: > 0 } v1 && second.Values is { Count: > 0 } v2 && !v1.Any(x => v2.Any(y => JsonElement.DeepEquals(x, y))))
            errors.Add(key + ".values", $"{against}: the two values lists have no value in common.");

        Same(key, against, "generator", first.Generator, second.Generator, errors);
        Same(key, against, "template", first.Template, second.Template, errors);
        Same(key, against, "pattern", first.Pattern, second.Pattern, errors);
        Same(key, against, "reference", first.Reference, second.Reference, errors);
        Same(key, against, "null_rate", first.NullRate, second.NullRate, errors);
        Same(key, against, "sequence", first.Sequence, second.Sequence, errors);
        Same(key, against, "distribution", first.Distribution, second.Distribution, errors);
        var (sources1, sources2) = (ConstraintChecker.ValueSources(first), ConstraintChecker.ValueSources(second));
        if (sources1.Count > 0 && sources2.Count > 0 && sources1[0] != sources2[0])
            errors.Add($"{key}.{sources2[0]}", $"{against}: the value comes from {sources1[0]} there and from {sources2[0]} here; one field's value can come from one place.");
        if (first.Unique == true && second.Values is { } values && values.Count == 1 || second.Unique == true && first.Values is { Count: 1 })
            errors.Add(key + ".unique", $"{against}: a unique field cannot take a single listed value in every record.");
    }

    private static void Same<T>(string key, string against, string name, T? a, T? b, RuleErrors errors)
    {
        if (a is not null && b is not null && !EqualityComparer<T>.Default.Equals(a, b))
            errors.Add($"{key}.{name}", $"{against}: {name} is already set to {a} there; one field can have only one {name}.");
    }

    private static decimal? Ordinal(JsonElement? value, SchemaNode node) => value is { } v ? NodeValues.Ordinal(v, node) : null;

    private static string Range(ConstraintRule rule) =>
        $"[{(rule.Min is { } min ? NodeValues.Show(min) : "any")}, {(rule.Max is { } max ? NodeValues.Show(max) : "any")}]";
}
