using System.Text.Json;
using System.Text.RegularExpressions;
using Tdmp.Generation.Regexes;
using Tdmp.Generation.Schema;
using static Tdmp.Generation.Schema.NodeValues;

namespace Tdmp.Generation.Constraints;

/// <summary>
/// Checks a constraint set against a schema's repr when it is saved: every problem of every rule at once, keyed
/// <c>rules[i].key</c>, in words a tester can act on. A constraint narrows the schema and never widens it.
/// </summary>
public static partial class ConstraintChecker
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly string[] DistributionKinds = ["uniform", "normal", "exponential"];

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
            if (rule.Unique != true || rule.When is not null || repr.Find(rule.Field) is not { } node) continue;
            if (ValueDomain.Of(node, rule) is { } domain && domain.Size < recordCount)
                errors.Add($"rules[{i}].unique",
                    $"'{rule.Field}' is unique but can take only {ValueDomain.Count(domain.Size)} distinct values ({domain.Reason}), fewer than the {recordCount:N0} records asked for. Lower record_count, widen the field or drop unique.");
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

    private static string Unknown(string path, List<string> paths, string role)
    {
        var suggestion = NearestPath.Suggest(path, paths);
        return $"'{path}' is not a field of this schema{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")}" +
               (role == "field" ? "" : $" ({role} must name a field)");
    }

    /// <summary>Checks that need no schema: ranges of the rule's own numbers, regex syntax, generator names.</summary>
    private static void CheckIndependent(ConstraintRule rule, string prefix, RuleErrors errors)
    {
        if (rule.NullRate is < 0 or > 1)
            errors.Add(prefix + ".null_rate", $"null_rate is {rule.NullRate}; it is a share of records from 0 to 1.");
        if (rule.Weights is { } weights)
        {
            if (rule.Values is null) errors.Add(prefix + ".weights", "weights need values: give one weight per value.");
            else if (weights.Count != rule.Values.Count)
                errors.Add(prefix + ".weights", $"weights has {weights.Count} entries but values has {rule.Values.Count}; give one weight per value.");
            if (weights.Any(w => w < 0 || double.IsNaN(w))) errors.Add(prefix + ".weights", "weights must not be negative.");
            else if (weights.Count > 0 && weights.All(w => w == 0)) errors.Add(prefix + ".weights", "weights are all 0; at least one value must be possible.");
        }
        if (rule.Generator is { } generator && !KnownGenerators.Contains(generator))
        {
            var suggestion = NearestPath.Suggest(generator, KnownGenerators.All);
            errors.Add(prefix + ".generator", $"'{generator}' is not a known generator{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Known: {string.Join(", ", KnownGenerators.All)}.");
        }
        if (rule.Pattern is { } pattern && SafeRegex.Problem(pattern, RegexDialect.Ecma262, RegexTimeout) is { } problem)
            errors.Add(prefix + ".pattern", problem + ".");
        if (rule.MinLength < 0) errors.Add(prefix + ".min_length", "min_length must not be negative.");
        if (rule.MaxLength < 0) errors.Add(prefix + ".max_length", "max_length must not be negative.");
        if (rule.MinLength > rule.MaxLength) errors.Add(prefix + ".min_length", $"min_length {rule.MinLength} is greater than max_length {rule.MaxLength}.");
        if (rule.Items is { } items)
        {
            if (items.Min < 0 || items.Max < 0) errors.Add(prefix + ".items", "items counts must not be negative.");
            if (items.Min > items.Max) errors.Add(prefix + ".items", $"items.min {items.Min} is greater than items.max {items.Max}.");
        }
        if (rule.Distribution is { } distribution)
        {
            if (!DistributionKinds.Contains(distribution.Kind))
                errors.Add(prefix + ".distribution", $"distribution kind '{distribution.Kind}' is unknown; use uniform, normal or exponential.");
            if (distribution.Stddev <= 0) errors.Add(prefix + ".distribution", "distribution stddev must be greater than 0.");
            if (distribution.Lambda <= 0) errors.Add(prefix + ".distribution", "distribution lambda must be greater than 0.");
        }
        if (rule.Sequence is { Step: 0 }) errors.Add(prefix + ".sequence", "sequence step must not be 0, or every record gets the same value.");
        if (ValueSources(rule) is { Count: > 1 } sources)
            errors.Add($"{prefix}.{sources[1]}",
                $"this rule sets both {sources[0]} and {sources[1]}; a rule chooses its value one way (values, sequence, generator, template, reference or formula).");
        if (rule.Template is { } template && !WellFormedTemplate(template))
            errors.Add(prefix + ".template", "template has an unmatched '{' or '}'; write fields as {name}.");
    }

    private static List<(string Key, string Message)> NodeProblems(SchemaRepr repr, ConstraintRule rule, SchemaNode node, List<string> paths)
    {
        var problems = new List<(string, string)>();
        void Add(string key, string message) => problems.Add((key, message));
        var what = $"'{node.Path}' is a {KindName(node)}";

        var (min, max) = (CheckBound("min", rule.Min), CheckBound("max", rule.Max));
        decimal? CheckBound(string key, JsonElement? bound)
        {
            if (bound is not { } value) return null;
            if (!IsNumeric(node) && !IsTemporal(node))
            {
                Add(key, $"{key} applies to numbers, dates, date-times and times; {what}{(IsText(node) ? $" (use {key}_length for text length)" : "")}.");
                return null;
            }
            if (Ordinal(value, node) is not { } ordinal)
            {
                Add(key, $"{key} {Show(value)} is not a {KindName(node)} value for '{node.Path}'.");
                return null;
            }
            if (Misfit(value, Bounds(node), RegexTimeout) is { } misfit)
                Add(key, $"{key} {Show(value)} lies outside the schema's own range; a constraint can only narrow it: {misfit}.");
            return ordinal;
        }
        if (min > max) Add("min", $"min {Show(rule.Min!.Value)} is greater than max {Show(rule.Max!.Value)}.");

        if (rule.MinLength is not null || rule.MaxLength is not null)
        {
            var key = rule.MinLength is not null ? "min_length" : "max_length";
            if (!IsText(node)) Add(key, $"{key} applies to text; {what}{(IsNumeric(node) || IsTemporal(node) ? " (use min/max)" : "")}.");
            else
            {
                if (rule.MinLength < node.MinLength) Add("min_length", $"min_length {rule.MinLength} is below the schema's min_length {node.MinLength}; a constraint can only narrow it.");
                if (rule.MinLength > node.MaxLength) Add("min_length", $"min_length {rule.MinLength} is above the schema's max_length {node.MaxLength}.");
                if (rule.MaxLength > node.MaxLength) Add("max_length", $"max_length {rule.MaxLength} is above the schema's max_length {node.MaxLength}; a constraint can only narrow it.");
                if (rule.MaxLength < node.MinLength) Add("max_length", $"max_length {rule.MaxLength} is below the schema's min_length {node.MinLength}.");
            }
        }

        if (rule.Pattern is { } pattern)
        {
            if (!IsText(node)) Add("pattern", $"pattern applies to text; {what}.");
            else if (RegexShape.Analyze(pattern, RegexDialect.Ecma262) is { } shape)
            {
                var longest = rule.MaxLength ?? node.MaxLength;
                var shortest = rule.MinLength ?? node.MinLength;
                if (shape.MinLength > longest)
                    Add("pattern", $"pattern '{pattern}' matches only text of at least {shape.MinLength} characters, but '{node.Path}' allows at most {longest}.");
                if (shape.MaxLength < shortest)
                    Add("pattern", $"pattern '{pattern}' matches only text of at most {shape.MaxLength} characters, but '{node.Path}' needs at least {shortest}.");
            }
        }

        if (rule.Values is { } values)
        {
            if (!IsSingleValue(node)) Add("values", $"values apply to single values; {what}.");
            else if (values.Count == 0) Add("values", "values is empty; list at least one value.");
            else
                foreach (var value in values)
                {
                    if (Misfit(value, node, RegexTimeout) is { } misfit) Add("values", misfit + ".");
                    else if (Ordinal(value, node) is { } ordinal && (ordinal < min || ordinal > max))
                        Add("values", $"{Show(value)} lies outside this rule's own min/max.");
                }
        }

        if (rule.Distribution is not null && !IsNumeric(node) && !IsTemporal(node))
            Add("distribution", $"distribution applies to numbers and dates; {what}.");

        if (rule.NullRate > 0 && node.Required && !node.Nullable)
            Add("null_rate", $"'{node.Path}' is required and not {(repr.Language == SchemaLanguage.JsonSchema ? "nullable" : "nillable")}, so it can never be absent or null; remove null_rate.");

        if (rule.Unique == true)
        {
            if (!IsSingleValue(node)) Add("unique", $"unique applies to single values; {what}.");
            else if (ValueDomain.Of(node, rule) is { } domain && domain.Size < 2)
                Add("unique", $"'{node.Path}' can take only {ValueDomain.Count(domain.Size)} value ({domain.Reason}), so no two records can differ.");
        }

        if (rule.Sequence is { } sequence)
        {
            if (node.Kind != NodeKind.Integer) Add("sequence", $"sequence produces consecutive integers; {what}.");
            else if (Misfit(JsonSerializer.SerializeToElement(sequence.Start), node, RegexTimeout) is { } misfit)
                Add("sequence", $"sequence start: {misfit}.");
        }

        if (rule.Generator is not null && !IsText(node))
            Add("generator", $"generators produce text; {what}.");

        if (rule.Template is { } template)
        {
            if (!IsText(node)) Add("template", $"template builds text; {what}.");
            foreach (Match placeholder in Placeholder().Matches(template))
            {
                var name = placeholder.Groups[1].Value;
                if (Related(repr, node, name) is null)
                    Add("template", $"template names {{{name}}}, which is not a field of the same record; " +
                        $"{Unknown(name, Siblings(repr, node), "a template placeholder")}.");
            }
        }

        foreach (var (key, other) in new[] { ("after", rule.After), ("before", rule.Before) })
        {
            if (other is null) continue;
            if (!IsNumeric(node) && !IsTemporal(node)) { Add(key, $"{key} compares numbers, dates and date-times; {what}."); continue; }
            var target = Related(repr, node, other);
            if (target is null) Add(key, $"{key}: {Unknown(other, paths, key)}.");
            else if (target == node) Add(key, $"{key} names the field itself; name another field of the same record.");
            else if (!SameKind(node, target) && !(IsTemporal(node) && IsTemporal(target) && IsCalendarDay(node) && IsCalendarDay(target)))
                Add(key, $"{key} '{other}' is a {KindName(target)}, but {what}; they must be of the same kind to compare.");
        }

        if (rule.Formula is { } formulaText)
        {
            if (!IsNumeric(node)) Add("formula", $"formula computes a number; {what}.");
            try
            {
                foreach (var name in Tdmp.Generation.Engine.FormulaExpr.Parse(formulaText).Fields.Distinct())
                    if (Related(repr, node, name) is null && repr.Find(name.Replace("[].", ".")) is null)
                        Add("formula", $"formula names '{name}': {Unknown(name, paths, "a formula field")}.");
            }
            catch (FormatException e)
            {
                Add("formula", $"formula: {e.Message}.");
            }
        }

        if (rule.Reference is { } reference)
        {
            var target = repr.Find(reference);
            if (target is null) Add("reference", $"reference: {Unknown(reference, paths, "reference")}.");
            else if (target == node) Add("reference", "reference names the field itself.");
            else if (!SameKind(node, target) || !IsSingleValue(target))
                Add("reference", $"reference '{reference}' is a {KindName(target)}, but {what}; values can only be taken from a field of the same kind.");
        }

        if (rule.Items is { } items)
        {
            var repeats = node.Kind == NodeKind.Array || node.Repeats;
            if (!repeats) Add("items", $"items applies to arrays and repeating elements; '{node.Path}' occurs at most once.");
            else
            {
                if (items.Min < (node.MinOccurs ?? 0))
                    Add("items", $"items.min {items.Min} is below the schema's minimum of {node.MinOccurs} for '{node.Path}'; a constraint can only narrow it.");
                if (!node.Unbounded && items.Max > node.MaxOccurs)
                    Add("items", $"items.max {items.Max} is above the schema's maximum of {node.MaxOccurs} for '{node.Path}'; a constraint can only narrow it.");
                if (!node.Unbounded && items.Min > node.MaxOccurs)
                    Add("items", $"items.min {items.Min} is above the schema's maximum of {node.MaxOccurs} for '{node.Path}'.");
            }
        }

        if (rule.When is { } when)
        {
            var conditions = repr.FindAll(when.Field).ToList();
            if (Related(repr, node, when.Field) is { } sibling && conditions.Count == 0) conditions.Add(sibling);
            if (conditions.Count == 0) Add("when", $"when.field: {Unknown(when.Field, paths, "when.field")}.");
            else if (when.EqualsValue is not { } expected) Add("when", "when needs 'equals': the value the condition field must have.");
            else if (conditions.Select(c => Misfit(expected, c, RegexTimeout)).ToList() is var misfits && misfits.All(m => m is not null))
                Add("when", $"when.equals can never hold: {misfits[0]}.");
        }
        return problems;
    }

    /// <summary>The node with only its bounds, to check a rule's min/max against the schema's range alone.</summary>
    private static SchemaNode Bounds(SchemaNode node) => new()
    {
        Name = node.Name, Path = node.Path, Kind = node.Kind, XsdType = node.XsdType,
        Minimum = node.Minimum, Maximum = node.Maximum, MinValue = node.MinValue, MaxValue = node.MaxValue,
        ExclusiveMinimum = node.ExclusiveMinimum, ExclusiveMaximum = node.ExclusiveMaximum,
    };

    /// <summary>Dates and date-times compare with each other in after/before (a date is its day's midnight).</summary>
    private static bool IsCalendarDay(SchemaNode n) =>
        n.Kind is NodeKind.Date or NodeKind.DateTime || n.XsdType is "date" or "dateTime" or "dateTimeStamp" || n.Format is "date" or "date-time";

    private static bool SameKind(SchemaNode a, SchemaNode b) => a.Kind == b.Kind || (IsNumeric(a) && IsNumeric(b));

    /// <summary>Another field of the same record: a sibling by name (<c>quantity</c> next to <c>items[].unit_price</c>)
    /// or a full path.</summary>
    private static SchemaNode? Related(SchemaRepr repr, SchemaNode node, string name)
    {
        var cut = node.Path.LastIndexOf('.');
        var parent = cut < 0 ? "" : node.Path[..(cut + 1)];
        return repr.Find(parent + name) ?? repr.Find(name);
    }

    private static List<string> Siblings(SchemaRepr repr, SchemaNode node)
    {
        var cut = node.Path.LastIndexOf('.');
        var parent = cut < 0 ? "" : node.Path[..(cut + 1)];
        return repr.AllNodes().Where(n => n.Path.StartsWith(parent, StringComparison.Ordinal) && n.Path.Length > parent.Length)
            .Select(n => n.Path[parent.Length..]).ToList();
    }

    /// <summary>The keys that each decide on their own where a field's value comes from.</summary>
    internal static List<string> ValueSources(ConstraintRule rule)
    {
        var sources = new List<string>();
        if (rule.Values is not null) sources.Add("values");
        if (rule.Sequence is not null) sources.Add("sequence");
        if (rule.Generator is not null) sources.Add("generator");
        if (rule.Template is not null) sources.Add("template");
        if (rule.Reference is not null) sources.Add("reference");
        if (rule.Formula is not null) sources.Add("formula");
        return sources;
    }

    private static bool WellFormedTemplate(string template)
    {
        var open = false;
        foreach (var c in template)
            if (c == '{') { if (open) return false; open = true; }
            else if (c == '}') { if (!open) return false; open = false; }
        return !open;
    }

    [GeneratedRegex(@"\{([^{}]+)\}", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex Placeholder();
}
