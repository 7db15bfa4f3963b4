using Tdmp.Generation.Schema;
using static Tdmp.Generation.Schema.NodeValues;

namespace Tdmp.Generation.Constraints;

/// <summary>
/// Checks a constraint set against a schema's repr when it is saved: every problem of every rule at once, keyed
/// <c>rules[i].key</c>, in words a tester can act on. A constraint narrows the schema and never widens it.
/// </summary>
public static class ConstraintChecker
{
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Empty when every rule is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Check(SchemaRepr repr, IReadOnlyList<ConstraintRule> rules)
    {
        var errors = new RuleErrors();
        var paths = repr.AllNodes().Select(n => n.Path).Where(p => p.Length > 0).Distinct().ToList();
        var targets = new SchemaNode?[rules.Count];
        for (var i = 0; i < rules.Count; i++) targets[i] = CheckRule(repr, rules[i], $"rules[{i}]", paths, errors);
        RuleConflicts.Check(rules, targets, errors);
        return errors.ToDictionary();
    }

    /// <summary>What only the record count tells: a <c>unique</c> field that cannot take as many distinct values as
    /// there will be records. Rules that do not resolve are left to <see cref="Check"/>.</summary>
    public static IReadOnlyDictionary<string, string[]> CheckForRecordCount(SchemaRepr repr, IReadOnlyList<ConstraintRule> rules, long recordCount)
    {
        var errors = new RuleErrors();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            // A "when" rule covers an unknown share of the records, so its domain cannot be weighed against them.
            if (RuleKinds.Unique(rule) != true || RuleKinds.IsConditional(rule) || repr.Find(rule.Field) is not { } node) continue;
            if (ValueDomain.Of(node, rule) is { } domain && domain.Size < recordCount)
                errors.Add($"rules[{i}].unique",
                    $"'{rule.Field}' is unique but can take only {ValueDomain.Count(domain.Size)} distinct values ({domain.Reason}), fewer than the "
                        + $"{recordCount:N0} records asked for. Lower record_count, widen the field or drop unique.");
        }
        return errors.ToDictionary();
    }

    private static SchemaNode? CheckRule(SchemaRepr repr, ConstraintRule rule, string prefix, List<string> paths, RuleErrors errors)
    {
        CheckIndependent(rule, prefix, errors);
        if (string.IsNullOrWhiteSpace(rule.Field))
        {
            errors.Add(prefix + ".field", "field is missing: give the path of the field this rule narrows, as GET /schemas/{id}/repr lists it.");
            return null;
        }
        var found = repr.FindAll(rule.Field).ToList();
        var candidates = found.Where(n => !n.Truncated).ToList();
        if (candidates.Count == 0)
        {
            errors.Add(prefix + ".field", found.Count > 0
                ? $"'{rule.Field}' is where the recursive schema is cut off, so nothing is generated there; point the rule at a shallower level."
                : Unknown(rule.Field, paths, "field"));
            return null;
        }
        // Alternatives of a choice share a path: the rule is fine if it fits one of them.
        var best = candidates.Select(n => (Node: n, Problems: NodeProblems(repr, rule, n, paths))).MinBy(c => c.Problems.Count);
        foreach (var (key, message) in best.Problems) errors.Add($"{prefix}.{key}", message);
        return best.Node;
    }

    internal static string Unknown(string path, List<string> paths, string role)
    {
        var suggestion = NearestPath.Suggest(path, paths);
        return $"'{path}' is not a field of this schema{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")}" +
               (role == "field" ? "" : $" ({role} must name a field)");
    }

    /// <summary>Checks that need no schema: ranges of the rule's own numbers, regex syntax, generator names.</summary>
    private static void CheckIndependent(ConstraintRule rule, string prefix, RuleErrors errors)
    {
        var alone = new RuleAlone(rule, prefix, errors);
        foreach (var kind in RuleKinds.All) kind.CheckAlone?.Invoke(alone);
        if (RuleKinds.ValueSources(rule) is { Count: > 1 } sources)
            errors.Add($"{prefix}.{sources[1]}",
                $"this rule sets both {sources[0]} and {sources[1]}; a rule chooses its value one way (values, sequence, generator, template, "
                    + "reference or formula).");
    }

    private static List<(string Key, string Message)> NodeProblems(SchemaRepr repr, ConstraintRule rule, SchemaNode node, List<string> paths)
    {
        var check = new RuleOnNode(repr, rule, node, paths, RegexTimeout);
        foreach (var kind in RuleKinds.All)
            if (kind.CheckOnNode is { } checkOnNode && kind.IsSet(rule)) checkOnNode(check);
        return check.Problems;
    }

    /// <summary>The node with only its bounds, to check a rule's min/max against the schema's range alone.</summary>
    internal static SchemaNode Bounds(SchemaNode node) => new()
    {
        Name = node.Name, Path = node.Path, Kind = node.Kind, XsdType = node.XsdType,
        Minimum = node.Minimum, Maximum = node.Maximum, MinValue = node.MinValue, MaxValue = node.MaxValue,
        ExclusiveMinimum = node.ExclusiveMinimum, ExclusiveMaximum = node.ExclusiveMaximum,
    };

    /// <summary>Dates and date-times compare with each other in after/before (a date is its day's midnight).</summary>
    internal static bool IsCalendarDay(SchemaNode n) =>
        n.Kind is NodeKind.Date or NodeKind.DateTime || n.XsdType is "date" or "dateTime" or "dateTimeStamp" || n.Format is "date" or "date-time";

    internal static bool SameKind(SchemaNode a, SchemaNode b) => a.Kind == b.Kind || (IsNumeric(a) && IsNumeric(b));

    /// <summary>Another field of the same record: a sibling by name (<c>quantity</c> next to <c>items[].unit_price</c>)
    /// or a full path.</summary>
    internal static SchemaNode? Related(SchemaRepr repr, SchemaNode node, string name)
    {
        var cut = node.Path.LastIndexOf('.');
        var parent = cut < 0 ? "" : node.Path[..(cut + 1)];
        return repr.Find(parent + name) ?? repr.Find(name);
    }

    internal static List<string> Siblings(SchemaRepr repr, SchemaNode node)
    {
        var cut = node.Path.LastIndexOf('.');
        var parent = cut < 0 ? "" : node.Path[..(cut + 1)];
        return repr.AllNodes().Where(n => n.Path.StartsWith(parent, StringComparison.Ordinal) && n.Path.Length > parent.Length)
            .Select(n => n.Path[parent.Length..]).ToList();
    }
}
