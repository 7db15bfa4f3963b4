using System.Text.Json;
using System.Text.RegularExpressions;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Regexes;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Values;
using static Tdmp.Generation.Schema.NodeValues;

namespace Tdmp.Generation.Constraints;

/// <summary>What a kind of rule does to its field; the plan compiler decides by these where a rule acts.</summary>
[Flags]
internal enum RuleEffect
{
    None = 0,
    /// <summary>Narrows or picks the field's own values: the field's value generator is built from the rule.</summary>
    ShapesValues = 1,
    /// <summary>Reads other fields of the same record: linked once every node exists, and the field is made after them.</summary>
    LinksFields = 2,
    /// <summary>Decides on its own where the value comes from; a field takes its value from one such kind.</summary>
    ValueSource = 4,
    /// <summary>How often the field is absent or null.</summary>
    Presence = 8,
    /// <summary>How many items an array or repeating element holds.</summary>
    ItemCount = 16,
    /// <summary>No two values of the field are equal.</summary>
    Uniqueness = 32,
    /// <summary>Limits the rule to the records where another field has a value.</summary>
    Condition = 64,
    /// <summary>Picks the field's values in proportions the rule sets. A reader sees those only where the value is written, so
    /// an optional field with a default (an absent one reads as its default) is always written.</summary>
    WeighsValues = 128,
}

/// <summary>
/// One kind of constraint rule (GENERATION.md §2), described once: its JSON keys, whether a rule sets it, how two
/// rules on one field merge, what it does to the field, and how it is checked on its own, against the schema node
/// and against another rule on the same field, and how it makes or narrows a scalar's values. The checker, the conflict
/// check, the plan compiler and the scalar generator builder run over <see cref="RuleKinds.All"/>; none of them lists the
/// kinds again.
/// </summary>
internal sealed record RuleKind
{
    /// <summary>The kind's name in messages: its main key.</summary>
    public required string Name { get; init; }
    /// <summary>The keys of a rule (snake_case, as the API takes them) that belong to this kind.</summary>
    public required string[] Keys { get; init; }
    public required RuleEffect Effect { get; init; }
    /// <summary>Whether the rule uses this kind.</summary>
    public required Func<ConstraintRule, bool> IsSet { get; init; }
    /// <summary>Several rules without <c>when</c> on one field act as one: this kind's keys are taken from the later rule where it sets
    /// them.</summary>
    public required Func<ConstraintRule, ConstraintRule, ConstraintRule> Merge { get; init; }
    /// <summary>Checks that need no schema (ranges of the rule's own numbers, regex syntax, names).</summary>
    public Action<RuleAlone>? CheckAlone { get; init; }
    /// <summary>Checks against the schema node the rule points at.</summary>
    public Action<RuleOnNode>? CheckOnNode { get; init; }
    /// <summary>Checks against an earlier rule on the same field under the same condition.</summary>
    public Action<RulePair>? CheckPair { get; init; }
    /// <summary>Checks against the tenant's <see cref="ValueLimits"/>: what the rule forces on one value or array.</summary>
    public Action<RuleAlone, ValueLimits>? CheckLimits { get; init; }
    /// <summary>A kind that makes a scalar's values itself: its generator, and the schema's step it goes before
    /// (<see cref="ScalarGeneratorBuilder"/>).</summary>
    public ScalarSource? Source { get; init; }
    /// <summary>A kind that narrows the values the schema's type makes: its part of the <see cref="ScalarShape"/>.</summary>
    public Action<ConstraintRule, ScalarShape>? Shape { get; init; }
    /// <summary>A kind that reads other fields of the record (<see cref="RuleEffect.LinksFields"/>, or a condition): how
    /// the field is linked to them once every plan node exists (<see cref="FieldLink"/>). The plan compiler runs these
    /// in <see cref="RuleKinds.Linking"/> order and reads no rule key itself.</summary>
    public Action<FieldLink>? Link { get; init; }
    /// <summary>A kind with <see cref="RuleEffect.Presence"/>: how often the rule makes the field absent or null, from 0 to 1
    /// (null: the rule leaves it to the schema). The plan compiler applies it to members, nullable fields and variants.</summary>
    public Func<ConstraintRule, double?>? AbsentRate { get; init; }
    /// <summary>A kind with <see cref="RuleEffect.ItemCount"/>: the fewest and the most items the rule allows (either may be open).</summary>
    public Func<ConstraintRule, (int? Min, int? Max)>? ItemCount { get; init; }
    /// <summary>A kind with <see cref="RuleEffect.Uniqueness"/>: true when no two values may be equal, false when the rule
    /// lets them repeat (the engine then makes no identifier unique by its name), null when it says nothing.</summary>
    public Func<ConstraintRule, bool?>? Unique { get; init; }
    /// <summary>A kind with <see cref="RuleEffect.Condition"/>: the condition as text; rules under the same one apply at once.</summary>
    public Func<ConstraintRule, string>? ConditionKey { get; init; }
    /// <summary>The paths the rule names besides its own field (the fields it reads or tests), as written.</summary>
    public Func<ConstraintRule, IEnumerable<string>>? NamesFields { get; init; }

    public override string ToString() => Name;
}

internal static partial class RuleKinds
{
    private static readonly TimeSpan RegexTimeout = ConstraintChecker.RegexTimeout;
    private static readonly string[] DistributionKinds = ["uniform", "normal", "exponential"];

    /// <summary>Every kind, in the order their problems are reported.</summary>
    public static readonly IReadOnlyList<RuleKind> All =
    [
        new()
        {
            Name = "min", Keys = ["min", "max"], Effect = RuleEffect.ShapesValues,
            IsSet = r => r.Min is not null || r.Max is not null,
            Merge = (m, r) => m with { Min = r.Min ?? m.Min, Max = r.Max ?? m.Max },
            Shape = (r, shape) => (shape.Min, shape.Max) = (r.Min, r.Max),
            CheckOnNode = c =>
            {
                var (min, max) = (c.Bound("min", c.Rule.Min), c.Bound("max", c.Rule.Max));
                if (min > max) c.Add("min", $"min {Show(c.Rule.Min!.Value)} is greater than max {Show(c.Rule.Max!.Value)}.");
            },
            CheckPair = p =>
            {
                var (first, second, node) = (p.First, p.Second, p.Node);
                var (min1, max1) = (Ordinal(first.Min, node), Ordinal(first.Max, node));
                var (min2, max2) = (Ordinal(second.Min, node), Ordinal(second.Max, node));
                if ((min2 is not null && max1 is not null && min2 > max1) || (min1 is not null && max2 is not null && min1 > max2))
                    p.Add(second.Min is not null ? "min" : "max", $"the ranges {Range(first)} and {Range(second)} do not overlap.");
            },
        },
        new()
        {
            Name = "min_length", Keys = ["min_length", "max_length"], Effect = RuleEffect.ShapesValues,
            IsSet = r => r.MinLength is not null || r.MaxLength is not null,
            Merge = (m, r) => m with { MinLength = r.MinLength ?? m.MinLength, MaxLength = r.MaxLength ?? m.MaxLength },
            Shape = (r, shape) =>
            {
                shape.MinLength = Math.Max(shape.MinLength, r.MinLength ?? 0);
                shape.MaxLength = Math.Min(shape.MaxLength, r.MaxLength ?? int.MaxValue);
            },
            CheckAlone = c =>
            {
                if (c.Rule.MinLength < 0) c.Add("min_length", "min_length must not be negative.");
                if (c.Rule.MaxLength < 0) c.Add("max_length", "max_length must not be negative.");
                if (c.Rule.MinLength > c.Rule.MaxLength) c.Add("min_length",
                    $"min_length {c.Rule.MinLength} is greater than max_length {c.Rule.MaxLength}.");
            },
            CheckLimits = (c, limits) =>
            {
                if (c.Rule.MinLength is { } minLength && minLength > limits.MaxStringLength)
                    c.Add("min_length", $"min_length {N(minLength)} on '{c.Rule.Field}' is more than this tenant allows: at most "
                        + $"{N(limits.MaxStringLength)} characters (max_string_length).");
            },
            CheckOnNode = c =>
            {
                var (rule, node) = (c.Rule, c.Node);
                var key = rule.MinLength is not null ? "min_length" : "max_length";
                if (!IsText(node)) c.Add(key, $"{key} applies to text; {c.What}{(IsNumeric(node) || IsTemporal(node) ? " (use min/max)" : "")}.");
                else
                {
                    if (rule.MinLength < node.MinLength) c.Add("min_length",
                        $"min_length {rule.MinLength} is below the schema's min_length {node.MinLength}; a constraint can only narrow it.");
                    if (rule.MinLength > node.MaxLength) c.Add("min_length",
                        $"min_length {rule.MinLength} is above the schema's max_length {node.MaxLength}.");
                    if (rule.MaxLength > node.MaxLength) c.Add("max_length",
                        $"max_length {rule.MaxLength} is above the schema's max_length {node.MaxLength}; a constraint can only narrow it.");
                    if (rule.MaxLength < node.MinLength) c.Add("max_length",
                        $"max_length {rule.MaxLength} is below the schema's min_length {node.MinLength}.");
                }
            },
            CheckPair = p =>
            {
                var (first, second) = (p.First, p.Second);
                if (second.MinLength > first.MaxLength || first.MinLength > second.MaxLength)
                    p.Add(second.MinLength is not null ? "min_length" : "max_length",
                        $"the length ranges {first.MinLength ?? 0}..{(object?)first.MaxLength ?? "any"} and "
                            + $"{second.MinLength ?? 0}..{(object?)second.MaxLength ?? "any"} do not overlap.");
            },
        },
        new()
        {
            Name = "pattern", Keys = ["pattern"], Effect = RuleEffect.ShapesValues,
            IsSet = r => r.Pattern is not null,
            Merge = (m, r) => m with { Pattern = r.Pattern ?? m.Pattern },
            Shape = (r, shape) => shape.Patterns.Add(r.Pattern!),
            CheckAlone = c =>
            {
                if (c.Rule.Pattern is { } pattern && SafeRegex.Problem(pattern, RegexDialect.Ecma262, RegexTimeout) is { } problem)
                    c.Add("pattern", problem + ".");
            },
            CheckOnNode = c =>
            {
                var (rule, node, pattern) = (c.Rule, c.Node, c.Rule.Pattern!);
                if (!IsText(node)) c.Add("pattern", $"pattern applies to text; {c.What}.");
                else if (RegexShape.Analyze(pattern, RegexDialect.Ecma262) is { } shape)
                {
                    var longest = rule.MaxLength ?? node.MaxLength;
                    var shortest = rule.MinLength ?? node.MinLength;
                    if (shape.MinLength > longest)
                        c.Add("pattern",
                            $"pattern '{pattern}' matches only text of at least {shape.MinLength} characters, "
                            + $"but '{node.Path}' allows at most {longest}.");
                    if (shape.MaxLength < shortest)
                        c.Add("pattern",
                            $"pattern '{pattern}' matches only text of at most {shape.MaxLength} characters, "
                            + $"but '{node.Path}' needs at least {shortest}.");
                }
            },
            CheckPair = p => p.Same("pattern", p.First.Pattern, p.Second.Pattern),
        },
        new()
        {
            Name = "values", Keys = ["values", "weights"], Effect = RuleEffect.ShapesValues | RuleEffect.ValueSource | RuleEffect.WeighsValues,
            // Weights only weigh the values: without values they decide nothing (and the checker refuses them).
            IsSet = r => r.Values is not null,
            Merge = (m, r) => m with { Values = r.Values ?? m.Values, Weights = r.Weights ?? m.Weights },
            // The rule's values win over the schema's enum, which they are filtered by.
            Source = new(ScalarStep.Enum, Pick,
                r => r.Values is { Count: > 0 } values ? (values.Select(v => v.GetRawText()).Distinct().Count(), "the rule's values") : null),
            CheckAlone = c =>
            {
                if (c.Rule.Weights is not { } weights) return;
                if (c.Rule.Values is null) c.Add("weights", "weights need values: give one weight per value.");
                else if (weights.Count != c.Rule.Values.Count)
                    c.Add("weights", $"weights has {weights.Count} entries but values has {c.Rule.Values.Count}; give one weight per value.");
                if (weights.Any(w => w < 0 || double.IsNaN(w))) c.Add("weights", "weights must not be negative.");
                else if (weights.Count > 0 && weights.All(w => w == 0)) c.Add("weights", "weights are all 0; at least one value must be possible.");
            },
            CheckOnNode = c =>
            {
                var (node, values) = (c.Node, c.Rule.Values!);
                if (!IsSingleValue(node)) c.Add("values", $"values apply to single values; {c.What}.");
                else if (values.Count == 0) c.Add("values", "values is empty; list at least one value.");
                else
                    foreach (var value in values)
                    {
                        if (Misfit(value, node, RegexTimeout) is { } misfit) c.Add("values", misfit + ".");
                        else if (NodeValues.Ordinal(value, node) is { } ordinal && (ordinal < c.RuleMin || ordinal > c.RuleMax))
                            c.Add("values", $"{Show(value)} lies outside this rule's own min/max.");
                    }
            },
            CheckPair = p =>
            {
                if (p.First.Values is { Count: > 0 } v1 && p.Second.Values is { Count: > 0 } v2
                    && !v1.Any(x => v2.Any(y => JsonElement.DeepEquals(x, y))))
                    p.Add("values", "the two values lists have no value in common.");
            },
        },
        new()
        {
            Name = "distribution", Keys = ["distribution"], Effect = RuleEffect.ShapesValues,
            IsSet = r => r.Distribution is not null,
            Merge = (m, r) => m with { Distribution = r.Distribution ?? m.Distribution },
            Shape = (r, shape) =>
                shape.Distribution = new ValueDistribution(r.Distribution!.Kind, r.Distribution.Mean, r.Distribution.Stddev, r.Distribution.Lambda),
            CheckAlone = c =>
            {
                if (c.Rule.Distribution is not { } distribution) return;
                if (!DistributionKinds.Contains(distribution.Kind))
                    c.Add("distribution", $"distribution kind '{distribution.Kind}' is unknown; use uniform, normal or exponential.");
                if (distribution.Stddev <= 0) c.Add("distribution", "distribution stddev must be greater than 0.");
                if (distribution.Lambda <= 0) c.Add("distribution", "distribution lambda must be greater than 0.");
            },
            CheckOnNode = c =>
            {
                if (!IsNumeric(c.Node) && !IsTemporal(c.Node)) c.Add("distribution", $"distribution applies to numbers and dates; {c.What}.");
            },
            CheckPair = p => p.Same("distribution", p.First.Distribution, p.Second.Distribution),
        },
        new()
        {
            Name = "null_rate", Keys = ["null_rate"], Effect = RuleEffect.Presence,
            IsSet = r => r.NullRate is not null,
            Merge = (m, r) => m with { NullRate = r.NullRate ?? m.NullRate },
            AbsentRate = r => r.NullRate,
            CheckAlone = c =>
            {
                if (c.Rule.NullRate is < 0 or > 1) c.Add("null_rate", $"null_rate is {c.Rule.NullRate}; it is a share of records from 0 to 1.");
            },
            CheckOnNode = c =>
            {
                if (c.Rule.NullRate > 0 && c.Node.Required && !c.Node.Nullable)
                    c.Add("null_rate",
                        $"'{c.Node.Path}' is required and not {(c.Repr.Language == SchemaLanguage.JsonSchema ? "nullable" : "nillable")}, so it can "
                        + "never be absent or null; remove null_rate.");
            },
            CheckPair = p => p.Same("null_rate", p.First.NullRate, p.Second.NullRate),
        },
        new()
        {
            Name = "unique", Keys = ["unique"], Effect = RuleEffect.Uniqueness,
            IsSet = r => r.Unique is not null,
            Merge = (m, r) => m with { Unique = r.Unique ?? m.Unique },
            Unique = r => r.Unique,
            Shape = (r, shape) => shape.NeedsRoom = r.Unique == true,
            CheckOnNode = c =>
            {
                if (c.Rule.Unique != true) return;
                if (!IsSingleValue(c.Node)) c.Add("unique", $"unique applies to single values; {c.What}.");
                else if (ValueDomain.Of(c.Node, c.Rule) is { } domain && domain.Size < 2)
                    c.Add("unique",
                        $"'{c.Node.Path}' can take only {ValueDomain.Count(domain.Size)} value ({domain.Reason}), so no two records can differ.");
            },
            CheckPair = p =>
            {
                var (first, second) = (p.First, p.Second);
                if (first.Unique == true && second.Values is { } values && values.Count == 1 || second.Unique == true && first.Values is { Count: 1 })
                    p.Add("unique", "a unique field cannot take a single listed value in every record.");
            },
        },
        new()
        {
            Name = "sequence", Keys = ["sequence"], Effect = RuleEffect.ShapesValues | RuleEffect.ValueSource,
            IsSet = r => r.Sequence is not null,
            Merge = (m, r) => m with { Sequence = r.Sequence ?? m.Sequence },
            // The schema's enum wins over a sequence.
            // Consecutive values never repeat: as many as a long holds.
            Source = new(ScalarStep.Composite, Sequence, _ => (System.Numerics.BigInteger.One << 64, "a sequence")),
            CheckAlone = c =>
            {
                if (c.Rule.Sequence is { Step: 0 }) c.Add("sequence", "sequence step must not be 0, or every record gets the same value.");
            },
            CheckOnNode = c =>
            {
                if (c.Node.Kind != NodeKind.Integer) c.Add("sequence", $"sequence produces consecutive integers; {c.What}.");
                else if (Misfit(JsonSerializer.SerializeToElement(c.Rule.Sequence!.Start), c.Node, RegexTimeout) is { } misfit)
                    c.Add("sequence", $"sequence start: {misfit}.");
            },
            CheckPair = p => p.Same("sequence", p.First.Sequence, p.Second.Sequence),
        },
        new()
        {
            Name = "generator", Keys = ["generator"], Effect = RuleEffect.ShapesValues | RuleEffect.ValueSource,
            IsSet = r => r.Generator is not null,
            Merge = (m, r) => m with { Generator = r.Generator ?? m.Generator },
            Shape = (r, shape) => shape.Semantic = r.Generator,
            CheckAlone = c =>
            {
                if (c.Rule.Generator is not { } generator || KnownGenerators.Contains(generator)) return;
                var suggestion = NearestPath.Suggest(generator, KnownGenerators.All);
                c.Add("generator",
                    $"'{generator}' is not a known generator{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Known: "
                    + $"{string.Join(", ", KnownGenerators.All)}.");
            },
            CheckOnNode = c =>
            {
                if (!IsText(c.Node)) c.Add("generator", $"generators produce text; {c.What}.");
            },
            CheckPair = p => p.Same("generator", p.First.Generator, p.Second.Generator),
        },
        new()
        {
            Name = "template", Keys = ["template"], Effect = RuleEffect.LinksFields | RuleEffect.ValueSource,
            IsSet = r => r.Template is not null,
            Merge = (m, r) => m with { Template = r.Template ?? m.Template },
            NamesFields = r => PathsIn(r.Template),
            CheckAlone = c =>
            {
                if (c.Rule.Template is { } template && !WellFormedTemplate(template))
                    c.Add("template", "template has an unmatched '{' or '}'; write fields as {name}.");
            },
            CheckOnNode = c =>
            {
                if (!IsText(c.Node)) c.Add("template", $"template builds text; {c.What}.");
                foreach (Match placeholder in Placeholder().Matches(c.Rule.Template!))
                {
                    var name = placeholder.Groups[1].Value;
                    if (ConstraintChecker.Related(c.Repr, c.Node, name) is null)
                        c.Add("template", $"template names {{{name}}}, which is not a field of the same record; " +
                            $"{ConstraintChecker.Unknown(name, ConstraintChecker.Siblings(c.Repr, c.Node), "a template placeholder")}.");
                }
            },
            CheckPair = p => p.Same("template", p.First.Template, p.Second.Template),
            Link = l =>
            {
                var (literals, names) = TemplateValueGenerator.Parse(l.Rule.Template!);
                var fields = names.Select(n => l.Field(n, $"template refers to an unknown field '{n}'")).ToArray();
                var s = l.Node.Source!;
                var email = s.Format is "email" or "idn-email" || l.Node.Name.Contains("mail", StringComparison.OrdinalIgnoreCase);
                l.Behavior.Generator = new TemplateValueGenerator(literals, fields, s.MaxLength ?? int.MaxValue, email);
                l.Defer();
            },
        },
        new()
        {
            Name = "after", Keys = ["after", "before"], Effect = RuleEffect.LinksFields,
            IsSet = r => r.After is not null || r.Before is not null,
            Merge = (m, r) => m with { After = r.After ?? m.After, Before = r.Before ?? m.Before },
            NamesFields = r => new[] { r.After, r.Before }.OfType<string>(),
            CheckOnNode = c =>
            {
                foreach (var (key, other) in new[] { ("after", c.Rule.After), ("before", c.Rule.Before) })
                {
                    if (other is null) continue;
                    var node = c.Node;
                    if (!IsNumeric(node) && !IsTemporal(node)) { c.Add(key, $"{key} compares numbers, dates and date-times; {c.What}."); continue; }
                    var target = ConstraintChecker.Related(c.Repr, node, other);
                    if (target is null) c.Add(key, $"{key}: {ConstraintChecker.Unknown(other, c.Paths, key)}.");
                    else if (target == node) c.Add(key, $"{key} names the field itself; name another field of the same record.");
                    else if (!ConstraintChecker.SameKind(node, target)
                        && !(IsTemporal(node) && IsTemporal(target) && ConstraintChecker.IsCalendarDay(node)
                        && ConstraintChecker.IsCalendarDay(target)))
                        c.Add(key, $"{key} '{other}' is a {KindName(target)}, but {c.What}; they must be of the same kind to compare.");
                }
            },
            // The other field, which this ordered value (number, date) is made greater or less than.
            Link = l =>
            {
                PlanNode Order(string key, string other)
                {
                    var field = l.Field(other, $"{key} refers to an unknown field '{other}'");
                    if (l.Behavior.Generator is not IOrderedValueGenerator) throw l.Refuse($"{key} needs a number, date or date-time field");
                    l.Defer();
                    return field;
                }
                if (l.Rule.After is { } after) l.Behavior.After = Order("after", after);
                if (l.Rule.Before is { } before) l.Behavior.Before = Order("before", before);
            },
        },
        new()
        {
            Name = "reference", Keys = ["reference"], Effect = RuleEffect.LinksFields | RuleEffect.ValueSource,
            IsSet = r => r.Reference is not null,
            Merge = (m, r) => m with { Reference = r.Reference ?? m.Reference },
            NamesFields = r => [r.Reference!],
            CheckOnNode = c =>
            {
                var reference = c.Rule.Reference!;
                var target = c.Repr.Find(reference);
                if (target is null) c.Add("reference", $"reference: {ConstraintChecker.Unknown(reference, c.Paths, "reference")}.");
                else if (target == c.Node) c.Add("reference", "reference names the field itself.");
                else if (!ConstraintChecker.SameKind(c.Node, target) || !IsSingleValue(target))
                    c.Add("reference",
                        $"reference '{reference}' is a {KindName(target)}, but {c.What}; values can only be taken from a field of the same kind.");
            },
            CheckPair = p => p.Same("reference", p.First.Reference, p.Second.Reference),
            Link = l =>
            {
                var (node, reference) = (l.Node, l.Rule.Reference!);
                var target = l.Field(reference, $"reference to an unknown field '{reference}'");
                // A field's values taken from itself, directly or through other references, have no source at all
                // (generating one recursed without end).
                for (var (next, hops) = (target, 0);
                    next is not null && hops <= l.Nodes.Count;
                    next = (next.Behavior.Generator as ReferenceValueGenerator)?.Target, hops++)
                    if (ReferenceEquals(next, node))
                        throw l.Refuse($"reference names the field itself{(hops > 0 ? " through other references" : "")}; name another field");
                // Between two fields that occur once per record (manager_id → employee_id) a reference points at
                // another record; from inside an array to its record (items[].order_number → order_number) or
                // to values repeated in the record (an item's id) it points into this record.
                var otherRecord = RecordEngine.OncePerRecord(target, l.Record, requirePresent: false)
                    && RecordEngine.OncePerRecord(node, l.Record, requirePresent: false);
                l.Behavior.Generator = new ReferenceValueGenerator(target, l.Behavior.Generator!, otherRecord);
                l.Defer();
            },
        },
        new()
        {
            Name = "formula", Keys = ["formula"], Effect = RuleEffect.LinksFields | RuleEffect.ValueSource,
            IsSet = r => r.Formula is not null,
            Merge = (m, r) => m with { Formula = r.Formula ?? m.Formula },
            NamesFields = r => PathsIn(r.Formula),
            CheckOnNode = c =>
            {
                if (!IsNumeric(c.Node)) c.Add("formula", $"formula computes a number; {c.What}.");
                try
                {
                    foreach (var name in FormulaExpr.Parse(c.Rule.Formula!).Fields.Distinct())
                        if (ConstraintChecker.Related(c.Repr, c.Node, name) is null && c.Repr.Find(name.Replace("[].", ".")) is null)
                            c.Add("formula", $"formula names '{name}': {ConstraintChecker.Unknown(name, c.Paths, "a formula field")}.");
                }
                catch (FormatException e)
                {
                    c.Add("formula", $"formula: {e.Message}.");
                }
            },
            Link = l =>
            {
                l.Behavior.Generator = FormulaCompiler.Compile(l, l.Rule.Formula!);
                l.Defer();
            },
        },
        new()
        {
            Name = "items", Keys = ["items"], Effect = RuleEffect.ItemCount,
            IsSet = r => r.Items is not null,
            Merge = (m, r) => m with { Items = r.Items ?? m.Items },
            ItemCount = r => (r.Items!.Min, r.Items.Max),
            CheckAlone = c =>
            {
                if (c.Rule.Items is not { } items) return;
                if (items.Min < 0 || items.Max < 0) c.Add("items", "items counts must not be negative.");
                if (items.Min > items.Max) c.Add("items", $"items.min {items.Min} is greater than items.max {items.Max}.");
            },
            CheckLimits = (c, limits) =>
            {
                if (c.Rule.Items!.Min is { } minItems && minItems > limits.MaxArrayItems)
                    c.Add("items.min", $"items.min {N(minItems)} on '{c.Rule.Field}' is more than this tenant allows: at most "
                        + $"{N(limits.MaxArrayItems)} items (max_array_items).");
            },
            CheckOnNode = c =>
            {
                var (items, node) = (c.Rule.Items!, c.Node);
                var repeats = node.Kind == NodeKind.Array || node.Repeats;
                if (!repeats) c.Add("items", $"items applies to arrays and repeating elements; '{node.Path}' occurs at most once.");
                else
                {
                    if (items.Min < (node.MinOccurs ?? 0))
                        c.Add("items",
                            $"items.min {items.Min} is below the schema's minimum of {node.MinOccurs} for '{node.Path}'; "
                            + "a constraint can only narrow it.");
                    if (!node.Unbounded && items.Max > node.MaxOccurs)
                        c.Add("items",
                            $"items.max {items.Max} is above the schema's maximum of {node.MaxOccurs} for '{node.Path}'; "
                            + "a constraint can only narrow it.");
                    if (!node.Unbounded && items.Min > node.MaxOccurs)
                        c.Add("items", $"items.min {items.Min} is above the schema's maximum of {node.MaxOccurs} for '{node.Path}'.");
                }
            },
        },
        new()
        {
            Name = "when", Keys = ["when"], Effect = RuleEffect.Condition,
            IsSet = r => r.When is not null,
            // Rules with a condition are never merged: each stays a variant of its own.
            Merge = (m, r) => m with { When = r.When ?? m.When },
            ConditionKey = r => r.When!.Field + "=" + r.When.EqualsValue?.GetRawText(),
            NamesFields = r => [r.When!.Field],
            CheckOnNode = c =>
            {
                var when = c.Rule.When!;
                var conditions = c.Repr.FindAll(when.Field).ToList();
                if (ConstraintChecker.Related(c.Repr, c.Node, when.Field) is { } sibling && conditions.Count == 0) conditions.Add(sibling);
                if (conditions.Count == 0) c.Add("when", $"when.field: {ConstraintChecker.Unknown(when.Field, c.Paths, "when.field")}.");
                else if (when.EqualsValue is not { } expected) c.Add("when", "when needs 'equals': the value the condition field must have.");
                else if (conditions.Select(n => Misfit(expected, n, RegexTimeout)).ToList() is var misfits && misfits.All(m => m is not null))
                    c.Add("when", $"when.equals can never hold: {misfits[0]}.");
            },
            // A variant is chosen by the value of the field it tests, so that field is made first.
            Link = l =>
            {
                var when = l.Rule.When!;
                var field = l.Field(when.Field, $"when refers to an unknown field '{when.Field}'");
                var equals = when.EqualsValue is { } e ? (e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText()) : "";
                var existing = l.Node.Variants ?? [];
                if (!existing.Any(v => ReferenceEquals(v.Behavior, l.Behavior)))
                    l.Node.Variants = [.. existing, new ConditionalBehavior(field, equals, l.Behavior)];
                if (l.Node.Kind == PlanNodeKind.Scalar) l.Defer();
                else l.MakeBefore(field);
            },
        },
    ];

    /// <summary>The kinds with a <see cref="RuleKind.Link"/>, in the order a rule's links are made: a condition first (it
    /// picks the variant the others fill), then the kind that makes the value, then the kinds that read the value made
    /// (<c>after</c>/<c>before</c> need an ordered generator, which a reference is not).</summary>
    public static readonly IReadOnlyList<RuleKind> Linking =
    [
        .. All.Where(k => k.Link is not null)
            .OrderBy(k => (k.Effect & RuleEffect.Condition) != 0 ? 0 : (k.Effect & RuleEffect.ValueSource) != 0 ? 1 : 2),
    ];

    /// <summary>Whether the rule sets any kind with one of <paramref name="effects"/>.</summary>
    public static bool Has(ConstraintRule rule, RuleEffect effects)
    {
        foreach (var kind in All)
            if ((kind.Effect & effects) != 0 && kind.IsSet(rule)) return true;
        return false;
    }

    /// <summary>The names of the kinds that each decide on their own where the field's value comes from, as the rule sets them.</summary>
    public static List<string> ValueSources(ConstraintRule rule)
    {
        var sources = new List<string>();
        foreach (var kind in All)
            if ((kind.Effect & RuleEffect.ValueSource) != 0 && kind.IsSet(rule)) sources.Add(kind.Name);
        return sources;
    }

    /// <summary>Whether the rule holds only where a condition does (a variant of the field's behaviour), not in every record.</summary>
    public static bool IsConditional(ConstraintRule rule) => Has(rule, RuleEffect.Condition);

    /// <summary>The rule's condition as text ("" without one): rules under the same condition apply at once.</summary>
    public static string ConditionKey(ConstraintRule rule) =>
        string.Join("&", All.Where(k => k.ConditionKey is not null && k.IsSet(rule)).Select(k => k.ConditionKey!(rule)));

    /// <summary>How often the rule makes the field absent or null (<see cref="RuleKind.AbsentRate"/>; a later kind wins), or
    /// null when the rule leaves presence to the schema.</summary>
    public static double? AbsentRate(ConstraintRule rule)
    {
        double? rate = null;
        foreach (var kind in All)
            if (kind.AbsentRate is { } absentRate && kind.IsSet(rule)) rate = absentRate(rule) ?? rate;
        return rate;
    }

    /// <summary>The item counts the rule allows (<see cref="RuleKind.ItemCount"/>; kinds narrow each other), or null when the
    /// rule says nothing about them.</summary>
    public static (int? Min, int? Max)? ItemCount(ConstraintRule rule)
    {
        (int? Min, int? Max)? count = null;
        foreach (var kind in All)
            if (kind.ItemCount is { } itemCount && kind.IsSet(rule))
            {
                var (min, max) = itemCount(rule);
                count = count is not { } c ? (min, max) : (Narrower(c.Min, min, Math.Max), Narrower(c.Max, max, Math.Min));
            }
        return count;

        static int? Narrower(int? a, int? b, Func<int, int, int> pick) => a is { } x && b is { } y ? pick(x, y) : a ?? b;
    }

    /// <summary>Whether the rule makes the field's values unique (true), lets them repeat (false) or says nothing (null);
    /// <see cref="RuleKind.Unique"/>, a later kind winning.</summary>
    public static bool? Unique(ConstraintRule rule)
    {
        bool? unique = null;
        foreach (var kind in All)
            if (kind.Unique is { } isUnique && kind.IsSet(rule)) unique = isUnique(rule) ?? unique;
        return unique;
    }

    /// <summary>Every path the rule names: its field, then what its kinds read or test (<see cref="RuleKind.NamesFields"/>).</summary>
    public static IEnumerable<string> NamedPaths(ConstraintRule rule) =>
        All.Where(k => k.NamesFields is not null && k.IsSet(rule)).SelectMany(k => k.NamesFields!(rule)).Prepend(rule.Field);

    /// <summary>The field paths in a formula or template: <c>items[].price</c>, or any dotted path (a sibling's bare name is
    /// covered by the rule's own field).</summary>
    private static IEnumerable<string> PathsIn(string? text) =>
        text is null ? [] : PathInText().Matches(text).Select(m => m.Value);

    /// <summary><paramref name="later"/> merged over <paramref name="merged"/>, kind by kind: later facts win.</summary>
    public static ConstraintRule Merge(ConstraintRule merged, ConstraintRule later)
    {
        foreach (var kind in All) merged = kind.Merge(merged, later);
        return merged;
    }

    /// <summary><c>values</c>: a pick from the rule's list, of those the schema's enum allows.</summary>
    private static PickValueGenerator? Pick(ScalarGeneratorBuilder b, ConstraintRule rule)
    {
        if (rule.Values is not { Count: > 0 } values) return null;
        var texts = values.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText()).ToList();
        if (b.Node.Enum is { } allowed)
        {
            texts = texts.Where(t => allowed.Contains(t)).ToList();
            if (texts.Count == 0) throw new UnsatisfiableSchemaException(b.Path, "no value of the rule is in the schema's enum");
        }
        var type = b.Node.Kind == NodeKind.Any
            ? (values.All(v => v.ValueKind != JsonValueKind.String) ? ValueJsonType.Raw : ValueJsonType.String)
            : b.ValueType;
        return new PickValueGenerator(texts, rule.Weights, type);
    }

    /// <summary><c>sequence</c>: consecutive values by record index, as numbers or as text the schema's patterns and length allow.</summary>
    private static SequenceValueGenerator Sequence(ScalarGeneratorBuilder b, ConstraintRule rule)
    {
        var (s, seq, path) = (b.Node, rule.Sequence!, b.Path);
        if (b.IsTemporal || s.Kind is NodeKind.Boolean or NodeKind.Binary)
            throw new UnsatisfiableSchemaException(path, "a sequence needs an integer, number or string field");
        var numeric = s.Kind is NodeKind.Integer or NodeKind.Number;
        var sequence = new SequenceValueGenerator(seq.Start, seq.Step, numeric ? ValueJsonType.Raw : ValueJsonType.String);
        var start = seq.Start.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!numeric && s.Patterns is { Count: > 0 } patterns)
            foreach (var p in patterns)
                if (!SafeRegex.Validator(p, b.Dialect).IsMatch(start))
                    throw new UnsatisfiableSchemaException(path, $"sequence values like {seq.Start} do not match the pattern '{p}'");
        if (!numeric && s.MaxLength is { } maxLength && start.Length > maxLength)
            throw new UnsatisfiableSchemaException(path, $"sequence values like {seq.Start} are longer than {maxLength}");
        return sequence;
    }

    private static string N(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static decimal? Ordinal(JsonElement? value, SchemaNode node) => value is { } v ? NodeValues.Ordinal(v, node) : null;

    private static string Range(ConstraintRule rule) =>
        $"[{(rule.Min is { } min ? Show(min) : "any")}, {(rule.Max is { } max ? Show(max) : "any")}]";

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

    [GeneratedRegex(@"[\p{L}_@][\p{L}\p{N}_@:\-]*(?:\[\])?(?:\.[\p{L}_@][\p{L}\p{N}_@:\-]*(?:\[\])?)+")]
    private static partial Regex PathInText();
}

/// <summary>A rule checked on its own, before its field is looked up; problems are keyed <c>rules[i].key</c>.</summary>
internal sealed class RuleAlone(ConstraintRule rule, string prefix, RuleErrors errors)
{
    public ConstraintRule Rule => rule;
    public void Add(string key, string message) => errors.Add($"{prefix}.{key}", message);
}

/// <summary>A rule checked against one schema node it may point at (a choice's alternatives share a path).</summary>
internal sealed class RuleOnNode(SchemaRepr repr, ConstraintRule rule, SchemaNode node, List<string> paths, TimeSpan regexTimeout)
{
    public SchemaRepr Repr => repr;
    public ConstraintRule Rule => rule;
    public SchemaNode Node => node;
    /// <summary>Every path of the schema, for suggestions.</summary>
    public List<string> Paths => paths;
    public List<(string Key, string Message)> Problems { get; } = [];
    /// <summary>"'total' is a number": how messages say what the field is.</summary>
    public string What { get; } = $"'{node.Path}' is a {KindName(node)}";
    /// <summary>The rule's own min and max as ordinals of the node's kind, when they are numbers or dates of it.</summary>
    public decimal? RuleMin { get; } = OrdinalOfBound(rule.Min, node);
    public decimal? RuleMax { get; } = OrdinalOfBound(rule.Max, node);

    public void Add(string key, string message) => Problems.Add((key, message));

    /// <summary>A rule's min or max: it must be a value of the node's kind inside the schema's own range.</summary>
    public decimal? Bound(string key, JsonElement? bound)
    {
        if (bound is not { } value) return null;
        if (!IsNumeric(node) && !IsTemporal(node))
        {
            Add(key, $"{key} applies to numbers, dates, date-times and times; {What}{(IsText(node) ? $" (use {key}_length for text length)" : "")}.");
            return null;
        }
        if (Ordinal(value, node) is not { } ordinal)
        {
            Add(key, $"{key} {Show(value)} is not a {KindName(node)} value for '{node.Path}'.");
            return null;
        }
        if (Misfit(value, ConstraintChecker.Bounds(node), regexTimeout) is { } misfit)
            Add(key, $"{key} {Show(value)} lies outside the schema's own range; a constraint can only narrow it: {misfit}.");
        return ordinal;
    }

    private static decimal? OrdinalOfBound(JsonElement? bound, SchemaNode node) =>
        bound is { } value && (IsNumeric(node) || IsTemporal(node)) ? Ordinal(value, node) : null;
}

/// <summary>Two rules on the same field under the same condition, which all apply at once: problems go to the later one.</summary>
internal sealed class RulePair(ConstraintRule first, ConstraintRule second, int firstIndex, int secondIndex, SchemaNode node, RuleErrors errors)
{
    public ConstraintRule First => first;
    public ConstraintRule Second => second;
    public SchemaNode Node => node;

    public void Add(string key, string message) =>
        errors.Add($"rules[{secondIndex}].{key}", $"contradicts rules[{firstIndex}] for '{second.Field}': {message}");

    /// <summary>A key that sets one thing: both rules must set it alike.</summary>
    public void Same<T>(string key, T? a, T? b)
    {
        if (a is not null && b is not null && !EqualityComparer<T>.Default.Equals(a, b))
            Add(key, $"{key} is already set to {a} there; one field can have only one {key}.");
    }
}
