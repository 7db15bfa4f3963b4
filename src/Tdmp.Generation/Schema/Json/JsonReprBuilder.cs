using System.Collections.Immutable;
using System.Text.Json;
using Tdmp.Generation.Regexes;

namespace Tdmp.Generation.Schema.Json;

/// <summary>
/// Builds repr nodes from JSON subschemas. A node is built from a conjunction of parts: <c>$ref</c> and <c>allOf</c>
/// are flattened into it, so merging is just reading several parts' keywords into one <see cref="JsonSchemaFacts"/>;
/// <c>anyOf</c>/<c>oneOf</c> and multi-type <c>type</c> arrays split the node into a choice of alternatives, each
/// built from the conjunction plus one alternative.
/// </summary>
internal sealed class JsonReprBuilder(JsonSchemaDocument document, SchemaReadLimits limits)
{
    /// <summary>Keywords an <c>if</c>, <c>then</c> or <c>else</c> may use: tests and narrowings of the object's own properties.</summary>
    private static readonly HashSet<string> ConditionalKeywords =
        ["properties", "required", "type", "title", "description", "$comment", "$ref", "allOf", "examples", "$id", "$anchor"];

    private readonly ReprBudget _budget = new(limits);
    private readonly HashSet<SchemaNode> _nullOnly = [];

    public SchemaNode BuildRoot(string name)
    {
        var root = Build([new SchemaPart(document.Root, "")], name, "", 0, ImmutableDictionary<string, int>.Empty, []);
        RefuseNullOnly(root);
        root.Required = true;
        return root;
    }

    private SchemaNode Build(IReadOnlyList<SchemaPart> conjunction, string name, string path, int depth,
        ImmutableDictionary<string, int> refCounts, ImmutableHashSet<string> consumed)
    {
        _budget.Spend(path.Length == 0 ? name : path, depth);
        var parts = new List<SchemaPart>();
        var targets = new HashSet<string>();
        var seen = new HashSet<string>();
        foreach (var part in conjunction) Flatten(part, parts, targets, seen, []);

        var facts = new JsonSchemaFacts();
        foreach (var part in parts) facts.Add(part, document);

        var counts = refCounts;
        foreach (var target in targets)
        {
            counts = counts.SetItem(target, counts.GetValueOrDefault(target) + 1);
            if (counts[target] > limits.MaxRecursion)
                return new SchemaNode { Name = name, Path = path, Kind = GuessKind(facts), Truncated = true };
        }

        foreach (var part in parts)
            foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
            {
                var key = part.Pointer + "/" + keyword;
                if (consumed.Contains(key) || !part.Schema.TryGetProperty(keyword, out var list)) continue;
                if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                    throw new SchemaReadException($"The keyword at '{JsonSchemaDocument.Show(key)}' must be a non-empty array of schemas.");
                var alternatives = new List<SchemaNode>();
                var i = 0;
                foreach (var alternative in list.EnumerateArray())
                    alternatives.Add(Build([.. conjunction, new SchemaPart(alternative, $"{key}/{i++}")], name, path, depth,
                        refCounts, consumed.Add(key)));
                return Choice(alternatives, name, path);
            }

        foreach (var pattern in facts.Patterns) CheckPattern(pattern, path);

        var types = CandidateTypes(facts, out var nullable);
        if (types.Count == 0)
        {
            var nullOnly = new SchemaNode { Name = name, Path = path, Kind = NodeKind.Any, Nullable = true, Const = "null" };
            _nullOnly.Add(nullOnly);
            return nullOnly;
        }
        if (types.Count == 1)
        {
            var node = FromFacts(facts, types[0], name, path, depth, conjunction, refCounts, counts, consumed);
            node.Nullable = nullable;
            return node;
        }
        var byType = types.Select(t => FromFacts(facts, t, name, path, depth, conjunction, refCounts, counts, consumed)).ToList();
        var choice = Choice(byType, name, path);
        choice.Nullable |= nullable;
        return choice;
    }

    /// <summary>Adds a part and what it pulls in through <c>$ref</c> and <c>allOf</c>; records every <c>$ref</c> target,
    /// which is what recursion is counted by.</summary>
    private void Flatten(SchemaPart part, List<SchemaPart> parts, HashSet<string> targets, HashSet<string> seen, HashSet<string> chain)
    {
        switch (part.Schema.ValueKind)
        {
            case JsonValueKind.True: return;
            case JsonValueKind.False:
                throw new SchemaReadException($"The schema at '{JsonSchemaDocument.Show(part.Pointer)}' is 'false': no value can satisfy it.");
            case JsonValueKind.Object: break;
            default:
                throw new SchemaReadException($"The schema at '{JsonSchemaDocument.Show(part.Pointer)}' must be an object or a boolean.");
        }
        if (!chain.Add(part.Pointer))
            throw new SchemaReadException($"The $ref/allOf at '{JsonSchemaDocument.Show(part.Pointer)}' refers back to itself without nesting; no value can be built.");
        if (!seen.Add(part.Pointer))
        {
            chain.Remove(part.Pointer);
            return; // reached twice through allOf: its keywords are in already
        }
        if (part.Schema.TryGetProperty("$ref", out var reference))
        {
            if (reference.ValueKind != JsonValueKind.String)
                throw new SchemaReadException($"$ref at '{JsonSchemaDocument.Show(part.Pointer)}' must be a string.");
            var target = document.Resolve(reference.GetString()!, part.Pointer);
            targets.Add(target.Pointer);
            Flatten(target, parts, targets, seen, chain);
            if (document.IsDraft7OrOlder)
            {
                chain.Remove(part.Pointer);
                return; // before 2019-09, keywords next to $ref are ignored
            }
        }
        parts.Add(part);
        if (part.Schema.TryGetProperty("allOf", out var all))
        {
            if (all.ValueKind != JsonValueKind.Array)
                throw new SchemaReadException($"allOf at '{JsonSchemaDocument.Show(part.Pointer)}' must be an array of schemas.");
            var i = 0;
            foreach (var branch in all.EnumerateArray())
                Flatten(new SchemaPart(branch, $"{part.Pointer}/allOf/{i++}"), parts, targets, seen, chain);
        }
        chain.Remove(part.Pointer);
    }

    private SchemaNode Choice(List<SchemaNode> alternatives, string name, string path)
    {
        var nullable = alternatives.Any(a => a.Nullable);
        var values = alternatives.Where(a => !_nullOnly.Contains(a)).ToList();
        if (values.Count == 0) return alternatives[0];
        if (values.Count == 1)
        {
            values[0].Nullable = nullable;
            return values[0];
        }
        return new SchemaNode { Name = name, Path = path, Kind = NodeKind.Choice, Nullable = nullable, Children = values };
    }

    /// <summary>The JSON types a value may have (without null), from <c>type</c>, else from <c>enum</c>/<c>const</c>,
    /// else from which keywords are present; "any" when nothing says.</summary>
    private static List<string> CandidateTypes(JsonSchemaFacts facts, out bool nullable)
    {
        if (facts.Types is not null)
        {
            nullable = facts.Types.Contains("null") && (facts.Enum is null || facts.Enum.Any(e => e.ValueKind == JsonValueKind.Null));
            var types = facts.Types.Where(t => t != "null").OrderBy(TypeOrder).ToList();
            if (facts.Enum is not null) types = types.Where(t => facts.Enum.Any(e => Fits(e, t))).ToList();
            types = WithoutRedundantInteger(types);
            if (types.Count == 0 && !nullable)
                throw new SchemaReadException($"No value satisfies both type [{string.Join(", ", facts.Types)}] and the enum/const next to it.");
            return types;
        }
        if (facts.Enum is not null)
        {
            nullable = facts.Enum.Any(e => e.ValueKind == JsonValueKind.Null);
            return WithoutRedundantInteger(facts.Enum.Where(e => e.ValueKind != JsonValueKind.Null).Select(TypeOf).Distinct().OrderBy(TypeOrder).ToList());
        }
        nullable = true; // without "type", null satisfies every other keyword
        return [facts.HasObjectKeywords ? "object" : facts.HasArrayKeywords ? "array" : facts.HasStringKeywords ? "string"
            : facts.HasNumberKeywords ? "number" : "any"];
    }

    /// <summary>Integers are numbers: where both are allowed, "number" says it all.</summary>
    private static List<string> WithoutRedundantInteger(List<string> types) =>
        types.Contains("number") ? types.Where(t => t != "integer").ToList() : types;

    private static int TypeOrder(string type) =>
        Array.IndexOf<string>(["object", "array", "string", "integer", "number", "boolean", "any"], type);

    private static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetDecimal(out var d) && d == decimal.Truncate(d) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static bool Fits(JsonElement value, string type) => type switch
    {
        "number" => value.ValueKind == JsonValueKind.Number,
        "any" => true,
        _ => TypeOf(value) == type,
    };

    private static NodeKind GuessKind(JsonSchemaFacts facts) =>
        facts.Types?.Contains("object") == true || facts.HasObjectKeywords ? NodeKind.Object
        : facts.Types?.Contains("array") == true || facts.HasArrayKeywords ? NodeKind.Array
        : NodeKind.Any;

    private SchemaNode FromFacts(JsonSchemaFacts facts, string type, string name, string path, int depth,
        IReadOnlyList<SchemaPart> conjunction, ImmutableDictionary<string, int> refCounts,
        ImmutableDictionary<string, int> counts, ImmutableHashSet<string> consumed)
    {
        var kind = type switch
        {
            "object" => NodeKind.Object,
            "array" => NodeKind.Array,
            "integer" => NodeKind.Integer,
            "number" => NodeKind.Number,
            "boolean" => NodeKind.Boolean,
            "string" => StringKind(facts),
            _ => NodeKind.Any,
        };
        var node = new SchemaNode { Name = name, Path = path, Kind = kind, Default = facts.Default };
        if (facts.Enum is not null)
        {
            var values = facts.Enum.Where(e => Fits(e, type)).Select(JsonSchemaFacts.Text).ToList();
            if (facts.HasConst && values.Count == 1) node.Const = values[0];
            else node.Enum = values;
        }
        if (kind is NodeKind.Integer or NodeKind.Number or NodeKind.Any)
        {
            node.Minimum = facts.Minimum;
            node.Maximum = facts.Maximum;
            node.ExclusiveMinimum = facts.ExclusiveMinimum;
            node.ExclusiveMaximum = facts.ExclusiveMaximum;
            node.MultipleOf = facts.MultipleOf;
            if (node.Minimum is not null && node.Maximum is not null &&
                (node.Minimum > node.Maximum || (node.Minimum == node.Maximum && (node.ExclusiveMinimum || node.ExclusiveMaximum))))
                throw new SchemaReadException($"At '{Show(path, name)}' the minimum {node.Minimum} and maximum {node.Maximum} leave no number.");
        }
        if (kind is not (NodeKind.Object or NodeKind.Array or NodeKind.Integer or NodeKind.Number or NodeKind.Boolean))
        {
            node.MinLength = facts.MinLength;
            node.MaxLength = facts.MaxLength;
            if (facts.Patterns.Count > 0)
            {
                node.Patterns = [.. facts.Patterns];
                node.PatternSyntax = "ecma262";
            }
            node.Format = facts.Format;
            if (node.MinLength > node.MaxLength)
                throw new SchemaReadException($"At '{Show(path, name)}' minLength {node.MinLength} is greater than maxLength {node.MaxLength}.");
        }
        if (kind == NodeKind.Object) BuildObject(node, facts, depth, conjunction, refCounts, counts, consumed);
        else if (facts.Conditionals.Any(c => !consumed.Contains(c.Key)))
            throw new SchemaReadException($"At '{Show(path, name)}' if/then/else or dependencies are used on a {type}; they are supported on objects only.");
        if (kind == NodeKind.Array) BuildArray(node, facts, depth, counts);
        return node;
    }

    private static NodeKind StringKind(JsonSchemaFacts facts) => facts.Format switch
    {
        "date" => NodeKind.Date,
        "date-time" => NodeKind.DateTime,
        "time" => NodeKind.Time,
        "duration" => NodeKind.Duration,
        _ => facts.ContentEncoding == "base64" ? NodeKind.Binary : NodeKind.String,
    };

    private void BuildObject(SchemaNode node, JsonSchemaFacts facts, int depth, IReadOnlyList<SchemaPart> conjunction,
        ImmutableDictionary<string, int> refCounts, ImmutableDictionary<string, int> counts, ImmutableHashSet<string> consumed)
    {
        node.Closed = facts.Closed;
        var patterns = facts.PatternProperties.Keys.ToDictionary(p => p, p => CheckPattern(p, node.Path));
        var names = PropertyNameRule(node, facts, depth, counts);
        foreach (var name in facts.PropertyOrder)
        {
            var required = facts.Required.Contains(name);
            var parts = facts.Properties.GetValueOrDefault(name) ?? [];
            parts = [.. parts, .. facts.PatternProperties.Where(p => patterns[p.Key].IsMatch(name)).SelectMany(p => p.Value)];
            var forbidden = parts.Any(p => p.Schema.ValueKind == JsonValueKind.False) || !AllowedByClosedParts(name, facts, patterns) ||
                (names is not null && NodeValues.Misfit(JsonSerializer.SerializeToElement(name), names, limits.RegexTimeout) is not null);
            if (forbidden)
            {
                if (required)
                    throw new SchemaReadException($"At '{Show(node.Path, node.Name)}' the property '{name}' is required but also forbidden (false schema or additionalProperties: false in an allOf branch that does not declare it).");
                continue;
            }
            var child = Build(parts, name, ChildPath(node.Path, name), depth + 1, counts, []);
            RefuseNullOnly(child);
            child.Required = required;
            if (facts.DependentRequired.TryGetValue(name, out var dependents)) child.DependentRequired = [.. dependents];
            node.Children.Add(child);
        }
        CheckPropertyCounts(node, facts);
        if (facts.PatternProperties.Count > 0)
            node.PatternProperties = facts.PatternProperties.Select(p =>
            {
                var extra = Build(p.Value, p.Key, ChildPath(node.Path, "/" + p.Key + "/"), depth + 1, counts, []);
                extra.NamePattern = p.Key;
                return extra;
            }).ToList();

        var open = facts.Conditionals.Where(c => !consumed.Contains(c.Key)).ToList();
        if (open.Count == 0) return;
        // Rebuilding the object with a branch merged in must not expand the conditionals again.
        var settled = consumed.Union(facts.Conditionals.Select(c => c.Key));
        node.Conditionals = open.Select(c => new SchemaConditional
        {
            If = c.If is { } test ? ConditionTests(test, node, depth, counts) : [PresenceTest(c.PresentProperty!, node)],
            Then = c.Then is { } then ? Branch(then, node, depth, conjunction, refCounts, settled) : null,
            Else = c.Else is { } @else ? Branch(@else, node, depth, conjunction, refCounts, settled) : null,
        }).ToList();
    }

    /// <summary><c>propertyNames</c> as a string node that declared names are checked against. The generator writes only
    /// declared names, so that check is all it takes, unless pattern properties let it invent names.</summary>
    private SchemaNode? PropertyNameRule(SchemaNode node, JsonSchemaFacts facts, int depth, ImmutableDictionary<string, int> counts)
    {
        if (facts.PropertyNames.Count == 0) return null;
        if (facts.PatternProperties.Count > 0)
            throw new SchemaReadException(
                $"At '{Show(node.Path, node.Name)}' propertyNames is combined with patternProperties; that is not supported. Declare the properties instead.");
        return Build(facts.PropertyNames, "(property names)", ChildPath(node.Path, "(property names)"), depth + 1, counts, []);
    }

    /// <summary>min/maxProperties hold by construction when the required properties reach the minimum and the declared
    /// ones stay under the maximum; anything else would need the generator to count, which it does not.</summary>
    private static void CheckPropertyCounts(SchemaNode node, JsonSchemaFacts facts)
    {
        var required = node.Children.Count(c => c.Required);
        if (facts.MinProperties > required)
            throw new SchemaReadException(
                $"At '{Show(node.Path, node.Name)}' minProperties {facts.MinProperties} asks for more properties than the {required} required ones; that is not supported. List the properties that must be present in 'required'.");
        if (facts.MaxProperties < node.Children.Count || (facts.MaxProperties is not null && facts.PatternProperties.Count > 0))
            throw new SchemaReadException(
                $"At '{Show(node.Path, node.Name)}' maxProperties {facts.MaxProperties} allows fewer properties than the {node.Children.Count} declared; that is not supported. Remove the properties that may not appear.");
    }

    /// <summary>Each <c>additionalProperties: false</c> part admits only the names it declares or its patterns match.</summary>
    private static bool AllowedByClosedParts(string name, JsonSchemaFacts facts, Dictionary<string, System.Text.RegularExpressions.Regex> patterns) =>
        facts.ClosedParts.All(part =>
            (part.Schema.TryGetProperty("properties", out var declared) && declared.TryGetProperty(name, out _)) ||
            (part.Schema.TryGetProperty("patternProperties", out var own) && own.EnumerateObject().Any(p => patterns[p.Name].IsMatch(name))));

    private SchemaNode PresenceTest(string property, SchemaNode owner)
    {
        _budget.Spend(ChildPath(owner.Path, property), 0);
        return new SchemaNode { Name = property, Path = ChildPath(owner.Path, property), Kind = NodeKind.Any, Required = true, Nullable = true };
    }

    private List<SchemaNode> ConditionTests(SchemaPart test, SchemaNode owner, int depth, ImmutableDictionary<string, int> counts)
    {
        var facts = ConditionalFacts(test, "if");
        var tests = new List<SchemaNode>();
        foreach (var name in facts.PropertyOrder)
        {
            var node = facts.Properties.TryGetValue(name, out var parts)
                ? Build(parts, name, ChildPath(owner.Path, name), depth + 1, counts, [])
                : PresenceTest(name, owner);
            node.Required = facts.Required.Contains(name);
            tests.Add(node);
        }
        return tests;
    }

    /// <summary>The children a <c>then</c>/<c>else</c> changes: the object rebuilt with the branch merged in, cut down to
    /// the properties the branch names.</summary>
    private List<SchemaNode> Branch(SchemaPart branch, SchemaNode owner, int depth, IReadOnlyList<SchemaPart> conjunction,
        ImmutableDictionary<string, int> refCounts, ImmutableHashSet<string> settled)
    {
        if (branch.Schema.ValueKind == JsonValueKind.False)
            throw new SchemaReadException($"The branch at '{JsonSchemaDocument.Show(branch.Pointer)}' is 'false'; express the rule as an enum or oneOf instead.");
        var named = ConditionalFacts(branch, "then/else").PropertyOrder.ToHashSet();
        var merged = Build([.. conjunction, branch], owner.Name, owner.Path, depth, refCounts, settled);
        if (merged.Kind != NodeKind.Object)
            throw new SchemaReadException($"The branch at '{JsonSchemaDocument.Show(branch.Pointer)}' turns the object into a {merged.Kind}; only property narrowing is supported in then/else.");
        return merged.Children.Where(c => named.Contains(c.Name)).ToList();
    }

    private JsonSchemaFacts ConditionalFacts(SchemaPart part, string role)
    {
        var parts = new List<SchemaPart>();
        Flatten(part, parts, [], [], []);
        var facts = new JsonSchemaFacts();
        foreach (var p in parts)
        {
            foreach (var keyword in p.Schema.EnumerateObject())
                if (!ConditionalKeywords.Contains(keyword.Name))
                    throw new SchemaReadException(
                        $"The {role} at '{JsonSchemaDocument.Show(p.Pointer)}' uses '{keyword.Name}'; conditions are supported only as tests and narrowings of the object's own properties (properties, required).");
            facts.Add(p, document);
        }
        return facts;
    }

    private void BuildArray(SchemaNode node, JsonSchemaFacts facts, int depth, ImmutableDictionary<string, int> counts)
    {
        node.MinOccurs = facts.MinItems ?? 0;
        node.MaxOccurs = facts.MaxItems;
        node.UniqueItems = facts.UniqueItems;
        for (var i = 0; i < facts.PrefixItems.Count; i++)
        {
            var item = Build(facts.PrefixItems[i], node.Name, $"{node.Path}[{i}]", depth + 1, counts, []);
            RefuseNullOnly(item, allowed: true);
            item.PrefixIndex = i;
            item.Required = true;
            node.Children.Add(item);
        }
        if (facts.RestItemsForbidden)
        {
            node.MaxOccurs = Math.Min(node.MaxOccurs ?? int.MaxValue, facts.PrefixItems.Count);
            if (node.MinOccurs > node.MaxOccurs)
                throw new SchemaReadException($"At '{Show(node.Path, node.Name)}' minItems {node.MinOccurs} needs more items than the {node.MaxOccurs} the tuple allows.");
        }
        else
        {
            var rest = Build(facts.RestItems, node.Name, node.Path + "[]", depth + 1, counts, []);
            RefuseNullOnly(rest, allowed: true);
            rest.Required = true;
            node.Children.Add(rest);
        }
        node.Unbounded = node.MaxOccurs is null;
        if (node.MinOccurs > node.MaxOccurs)
            throw new SchemaReadException($"At '{Show(node.Path, node.Name)}' minItems {node.MinOccurs} is greater than maxItems {node.MaxOccurs}.");
    }

    private System.Text.RegularExpressions.Regex CheckPattern(string pattern, string path) =>
        SafeRegex.TryCompile(pattern, RegexDialect.Ecma262, limits.RegexTimeout, out var regex, out var problem)
            ? regex
            : throw new SchemaReadException($"At '{(path.Length == 0 ? "(root)" : path)}': {problem}.");

    /// <summary>A value that can only be null has no kind to generate; inside anyOf/oneOf it just makes the choice nullable.</summary>
    private void RefuseNullOnly(SchemaNode node, bool allowed = false)
    {
        if (!allowed && _nullOnly.Contains(node))
            throw new SchemaReadException(
                $"'{Show(node.Path, node.Name)}' only allows null ('type: null'); that is supported only as an alternative, e.g. \"type\": [\"string\", \"null\"].");
    }

    private static string ChildPath(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Show(string path, string name) => path.Length == 0 ? name : path;
}
