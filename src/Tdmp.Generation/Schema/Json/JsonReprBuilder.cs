using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdmp.Generation.Regexes;

namespace Tdmp.Generation.Schema.Json;

/// <summary>
/// Builds repr nodes from JSON subschemas. A node is built from a conjunction of parts: <c>$ref</c> and <c>allOf</c>
/// are flattened into it, so merging is just reading several parts' keywords into one <see cref="JsonSchemaFacts"/>;
/// <c>anyOf</c>/<c>oneOf</c> and multi-type <c>type</c> arrays split the node into a choice of alternatives, each
/// built from the conjunction plus one alternative.
/// </summary>
/// <remarks><paramref name="optionalDepth"/>: optional properties and map entries deeper than this are left out (see
/// <see cref="JsonSchemaReader"/>: a schema whose tree is over the limits is read again with a shallower cut).</remarks>
internal sealed partial class JsonReprBuilder(JsonSchemaDocument document, SchemaReadLimits limits, int optionalDepth = int.MaxValue)
{
    /// <summary>Keywords an <c>if</c>, <c>then</c> or <c>else</c> may use: tests and narrowings of the object's own properties.</summary>
    private static readonly HashSet<string> ConditionalKeywords =
        ["properties", "required", "type", "title", "description", "$comment", "$ref", "allOf", "examples", "$id", "$anchor"];

    private readonly ReprBudget _budget = new(limits);

    /// <summary>How often one <c>$ref</c> target nested inside itself on any chain built so far: a build that went over
    /// the limits with no nesting as deep as a lower recursion cut would make the same tree up to there.</summary>
    public int DeepestRecursion { get; private set; }
    private readonly HashSet<SchemaNode> _nullOnly = [];

    /// <summary>Optional properties left out because they lie below <c>optionalDepth</c> (the reader's depth fallback).</summary>
    public int LeftOutByDepthCut { get; private set; }

    /// <summary>A refusal that means "no value fits here" (not "the schema is damaged"): an optional property that ends
    /// in one is left out instead of refusing the schema.</summary>
    private static NoValueException Unsatisfiable(string message) => new(message);

    /// <summary>Builds one alternative of a choice, or returns null with the reason its context rules it out. The nodes a
    /// refused alternative spent are given back, so that alternatives left out do not count against the upload's limit.</summary>
    private SchemaNode? Attempt(Func<SchemaNode> build, out string? problem)
    {
        var spent = _budget.Spent;
        try
        {
            problem = null;
            return build();
        }
        catch (SchemaReadException e) when (!_budget.Exceeded)
        {
            _budget.Refund(spent);
            problem = e.Message;
            return null;
        }
    }

    public SchemaNode BuildRoot(string name)
    {
        var root = Build([new SchemaPart(document.Root, "")], name, "", 0, ImmutableDictionary<string, int>.Empty, []);
        FinishReferences(root);
        RefuseNullOnly(root);
        root.Required = true;
        return root;
    }

    /// <summary>Keywords that change nothing about the value a part describes: a part with only these (a bare <c>$ref</c>,
    /// a root that holds <c>$defs</c>) does not tell two places apart when recursion is recognised.</summary>
    private static readonly HashSet<string> NeutralKeywords =
        ["$ref", "$dynamicRef", "$recursiveRef", "$defs", "definitions", "$schema", "$comment", "title", "description", "examples", "$anchor",
            "$dynamicAnchor", "$recursiveAnchor"];

    /// <summary>The conjunctions being built on the current chain, by what they are made of, with their paths.</summary>
    private readonly Dictionary<string, string> _onChain = [];

    /// <summary>
    /// A node built from the same schema parts as one of its ancestors (a <c>$ref</c> target re-entered inside itself)
    /// becomes a recursion marker pointing at that ancestor instead of being built again (<see cref="SchemaNode.RecursesTo"/>).
    /// An alternative of a choice (built with its <c>oneOf</c>/<c>anyOf</c> consumed) is no marker, as its path is the
    /// choice's, but its content is shared like any other (FHIR's resources, alternatives of every <c>contained</c>).
    /// </summary>
    private SchemaNode Build(IReadOnlyList<SchemaPart> conjunction, string name, string path, int depth,
        ImmutableDictionary<string, int> refCounts, ImmutableHashSet<string> consumed)
    {
        var parts = new List<SchemaPart>();
        foreach (var part in conjunction) Flatten(part, parts, [], [], []);
        // An alternative is told apart by what its choice consumed: its content is shared with the same alternative of
        // the same choice elsewhere, which that choice makes the same way (nullability, the properties kept apart).
        var substantive = parts.Where(p => p.Schema.ValueKind == JsonValueKind.Object
                && p.Schema.EnumerateObject().Any(k => !NeutralKeywords.Contains(k.Name)))
            .Select(p => "#" + p.Pointer)
            .Concat(consumed.Order(StringComparer.Ordinal).Select(c => "without " + c)).ToList();
        if (substantive.Count == 0) return BuildOnce(conjunction, name, path, depth, refCounts, consumed); // {}: nothing to recurse into
        var key = string.Join("\n", substantive);
        if (consumed.IsEmpty && _onChain.TryGetValue(key, out var ancestor))
        {
            _budget.Spend(path.Length == 0 ? name : path, depth);
            var facts = new JsonSchemaFacts();
            foreach (var part in parts) facts.Add(part, document);
            var kind = GuessKind(facts);
            var marker = new SchemaNode
            {
                Name = name, Path = path, Kind = kind, RecursesTo = ancestor,
                AcceptsOtherTypes = kind != NodeKind.Any && AcceptsOtherTypes(facts, consumed),
            };
            _markersTo[key].Add(marker);
            return marker;
        }
        if (_unshared == 0 && _shared.TryGetValue(key, out var shared))
        {
            _budget.Spend(path.Length == 0 ? name : path, depth);
            // What oneOf analysis reads of a value's kinds goes with the reference and the marker above (neither has children).
            return new SchemaNode
            {
                Name = name, Path = path, Kind = shared.Node.Kind, Nullable = shared.Nullable, Reuses = shared.Node.Path,
                ReusedNode = shared.Node, AcceptsOtherTypes = shared.Node.AcceptsOtherTypes,
            };
        }
        if (!consumed.IsEmpty)
        {
            var alternative = BuildOnce(conjunction, name, path, depth, refCounts, consumed);
            if (_unshared == 0 && Shareable(alternative)) _shared.TryAdd(key, (alternative, alternative.Nullable));
            return alternative;
        }
        _onChain[key] = path;
        _markersTo[key] = [];
        try
        {
            var node = BuildOnce(conjunction, name, path, depth, refCounts, consumed);
            foreach (var marker in _markersTo[key]) marker.RepeatedNode = node;
            if (_unshared == 0 && Shareable(node)) _shared.TryAdd(key, (node, node.Nullable));
            return node;
        }
        finally
        {
            _onChain.Remove(key);
            _markersTo.Remove(key);
        }
    }

    private SchemaNode BuildOnce(IReadOnlyList<SchemaPart> conjunction, string name, string path, int depth,
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
        var pastCut = 0;
        foreach (var target in targets)
        {
            counts = counts.SetItem(target, counts.GetValueOrDefault(target) + 1);
            DeepestRecursion = Math.Max(DeepestRecursion, counts[target]);
            pastCut = Math.Max(pastCut, counts[target] - limits.MaxRecursion);
        }
        if (pastCut > 0)
        {
            // Past the cut, a node that must hold something (required properties, the entries minProperties asks for,
            // minItems) is still made with that and nothing optional: left empty it would break the record (STIX: an
            // extension's minProperties under the custom-property rules its owner obeys too). Only a few levels more.
            if (!MustHoldContent(facts) || pastCut > ContentPastCut)
            {
                var kind = GuessKind(facts);
                // What a oneOf reads of the values it would take (the alternatives it is cut from, see Choice).
                return new SchemaNode
                {
                    Name = name, Path = path, Kind = kind, Truncated = true,
                    AcceptsOtherTypes = kind != NodeKind.Any && AcceptsOtherTypes(facts, consumed),
                };
            }
            if (_requiredOnlyFrom > depth)
            {
                var outer = _requiredOnlyFrom;
                _requiredOnlyFrom = depth;
                try
                {
                    return BuildParts(conjunction, parts, facts, name, path, depth, refCounts, counts, consumed);
                }
                finally
                {
                    _requiredOnlyFrom = outer;
                }
            }
        }
        return BuildParts(conjunction, parts, facts, name, path, depth, refCounts, counts, consumed);
    }

    /// <summary>How many nestings past <see cref="SchemaReadLimits.MaxRecursion"/> a target may still be entered for content
    /// a node must hold.</summary>
    private const int ContentPastCut = 3;

    /// <summary>Below this depth only required content is made (inside a target entered past its recursion cut).</summary>
    private int _requiredOnlyFrom = int.MaxValue;

    /// <summary>Optional properties and map entries at or below this depth are left out.</summary>
    private int OptionalDepth => Math.Min(optionalDepth, _requiredOnlyFrom);

    private static bool MustHoldContent(JsonSchemaFacts facts) =>
        facts.Required.Count > 0 || facts.MinProperties > 0 || facts.MinItems > 0 || facts.MinContains > 0;

    private SchemaNode BuildParts(IReadOnlyList<SchemaPart> conjunction, List<SchemaPart> parts, JsonSchemaFacts facts, string name,
        string path, int depth, ImmutableDictionary<string, int> refCounts, ImmutableDictionary<string, int> counts,
        ImmutableHashSet<string> consumed)
    {
        foreach (var part in parts)
            foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
            {
                var key = part.Pointer + "/" + keyword;
                if (consumed.Contains(key) || !part.Schema.TryGetProperty(keyword, out var list)) continue;
                if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                    throw new SchemaReadException($"The keyword at '{JsonSchemaDocument.Show(key)}' must be a non-empty array of schemas.");
                var alternatives = new List<SchemaNode>();
                var madeFrom = new List<int>();
                var dropped = new List<string>();
                var i = 0;
                foreach (var alternative in list.EnumerateArray())
                {
                    var pointer = $"{key}/{i++}";
                    // An alternative that contradicts its context (an allOf sibling, the property's own type) cannot be
                    // used: it is dropped, and only a choice with no alternative left is refused.
                    if (Attempt(() => Build([.. conjunction, new SchemaPart(alternative, pointer)], name, path, depth,
                            refCounts, consumed.Add(key)), out var problem) is { } built)
                    {
                        alternatives.Add(built);
                        madeFrom.Add(i - 1);
                    }
                    else dropped.Add($"{JsonSchemaDocument.Show(pointer)}: {problem}");
                }
                if (alternatives.Count == 0)
                    throw Unsatisfiable(
                        $"At '{Show(path, name)}' no alternative of '{JsonSchemaDocument.Show(key)}' can be satisfied together with its context: " +
                        string.Join(" | ", dropped));
                if (keyword == "oneOf")
                {
                    DropAlternativesAnotherTakes(alternatives, madeFrom, dropped, key, path, name);
                    KeepObjectAlternativesApart(alternatives);
                    NullInNoAlternative(alternatives, path, name);
                    AddExclusions(alternatives, madeFrom, list, key);
                }
                return Choice(alternatives, name, path);
            }
        if (DiscriminatedConditionals(facts, consumed) is { } discriminated)
            return DiscriminatorChoice(conjunction, discriminated, name, path, depth, refCounts, consumed);
        if (ValueOfAConditional(facts, consumed) is { If: { } test } conditional)
            return ConditionalChoice(conjunction, conditional, test, name, path, depth, refCounts, consumed);

        foreach (var pattern in facts.Patterns) CheckPattern(pattern, path);

        var types = CandidateTypes(facts, out var nullable);
        if (facts.NotTypes.Count > 0 || facts.NotValues.Count > 0) types = WithoutNegatedTypes(facts, types, ref nullable, path, name);
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
            node.AcceptsOtherTypes = types[0] != "any" && AcceptsOtherTypes(facts, consumed);
            return node;
        }
        var byType = new List<SchemaNode>();
        var problems = new List<string>();
        foreach (var type in types)
        {
            // A type its other keywords rule out is left out.
            if (Attempt(() => FromFacts(facts, type, name, path, depth, conjunction, refCounts, counts, consumed), out var problem)
                is { } built)
                byType.Add(built);
            else problems.Add($"as {type}: {problem}");
        }
        if (byType.Count == 0)
            throw Unsatisfiable($"At '{Show(path, name)}' no type the schema allows can be satisfied: " + string.Join(" | ", problems));
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
            throw new SchemaReadException(
                $"The $ref/allOf at '{JsonSchemaDocument.Show(part.Pointer)}' refers back to itself without nesting; no value can be built.");
        if (!seen.Add(part.Pointer))
        {
            chain.Remove(part.Pointer);
            return; // reached twice through allOf: its keywords are in already
        }
        // $recursiveRef (2019-09) and $dynamicRef (2020-12) are read as $ref: see JsonSchemaDocument on the dynamic scope.
        if (part.Schema.TryGetProperty("$ref", out var reference) || part.Schema.TryGetProperty("$dynamicRef", out reference)
            || part.Schema.TryGetProperty("$recursiveRef", out reference))
        {
            if (reference.ValueKind != JsonValueKind.String)
                throw new SchemaReadException($"$ref at '{JsonSchemaDocument.Show(part.Pointer)}' must be a string.");
            SchemaPart target;
            try
            {
                target = document.Resolve(reference.GetString()!, part.Pointer);
            }
            catch (SchemaReadException e) when (!reference.GetString()!.StartsWith('#'))
            {
                // A schema in another file that was not uploaded: what it asks is unknown, so an optional property
                // that needs it is left out (a required one is refused with this message).
                throw Unsatisfiable(e.Message);
            }
            targets.Add(target.Pointer);
            Flatten(target, parts, targets, seen, chain);
            // Before 2019-09 the specification ignores keywords next to $ref, but ajv (the validator most consumers run)
            // applies them: a value made to satisfy both is valid under either reading, so they narrow it in every draft.
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

    /// <summary>
    /// oneOf: an alternative whose every value another alternative also accepts (that one's kind was guessed from its
    /// keywords, so values of other types satisfy it) can never be the only match: it is dropped. When no alternative is
    /// left, no value matches exactly one of them.
    /// </summary>
    private static void DropAlternativesAnotherTakes(List<SchemaNode> alternatives, List<int> madeFrom, List<string> dropped, string key,
        string path, string name)
    {
        var takenBy = alternatives.Select(a => alternatives.FindIndex(o => !ReferenceEquals(o, a) && Engine.BranchOverlap.AlwaysAlsoMatches(a, o)))
            .ToList();
        if (takenBy.All(t => t < 0)) return;
        for (var k = 0; k < takenBy.Count; k++)
            if (takenBy[k] >= 0)
                dropped.Add($"{JsonSchemaDocument.Show($"{key}/{madeFrom[k]}")}: every value of it also satisfies " +
                    JsonSchemaDocument.Show($"{key}/{madeFrom[takenBy[k]]}"));
        for (var k = takenBy.Count - 1; k >= 0; k--)
            if (takenBy[k] >= 0)
            {
                alternatives.RemoveAt(k);
                madeFrom.RemoveAt(k);
            }
        if (alternatives.Count == 0)
            throw Unsatisfiable($"At '{Show(path, name)}' no value matches exactly one alternative of '{JsonSchemaDocument.Show(key)}': " +
                string.Join(" | ", dropped));
    }

    /// <summary>
    /// oneOf of objects told apart by <c>required</c> (a step has <c>uses</c> or <c>run</c>, ...): a value made from one
    /// alternative must not also satisfy another, so each alternative gets a <c>not: {required}</c> group of every other
    /// alternative's required properties that it may also have. What that cannot settle is left to the engine's check
    /// of a made value against the other alternatives.
    /// </summary>
    private void KeepObjectAlternativesApart(List<SchemaNode> alternatives)
    {
        for (var k = 0; k < alternatives.Count; k++)
        {
            if (Content(alternatives[k]).Kind != NodeKind.Object) continue;
            for (var j = 0; j < alternatives.Count; j++)
            {
                var own = alternatives[k];
                var other = Content(alternatives[j]);
                if (j == k || other.Kind != NodeKind.Object) continue;
                var needs = other.Children.Where(c => c.Required).Select(c => c.Name).ToList();
                if (needs.Count == 0) continue;
                var members = needs.Select(n => Content(own).Children.FirstOrDefault(c => c.Name == n)).ToList();
                if (members.Any(m => m is null) || members.All(m => m!.Required)) continue; // apart already, or not by this
                if (own.ReusedNode is { } shared)
                {
                    // Shared content is the same at every use: this alternative is changed in a copy of its own.
                    own = alternatives[k] = InPlace(shared, own);
                    members = needs.Select(n => own.Children.FirstOrDefault(c => c.Name == n)).ToList();
                }
                if (members.Count == 1) TryRemoveProperty(own, members[0]!);
                else if (own.NotAllPresent?.Any(g => g.SequenceEqual(needs)) != true) (own.NotAllPresent ??= []).Add(needs);
            }
        }

        static SchemaNode Content(SchemaNode alternative) => alternative.ReusedNode ?? alternative;
    }

    /// <summary>
    /// The <c>if</c>/<c>then</c>/<c>else</c> that says what a value is, made as a choice (<see cref="ConditionalChoice"/>):
    /// one on a value with no type of its own (SchemaStore's "...OrRef" definitions: if the object has <c>$ref</c>, a
    /// reference, else the thing itself), or the only one on a value whose <c>then</c> and <c>else</c> are whole schemas
    /// rather than narrowings of its properties (specmatic: if version is 3, the closed ConfigV3, else the closed ConfigV2).
    /// Made as a value checked against the conditional, nearly no draw would pass. Several conditionals that narrow
    /// properties are made by construction on the object (<see cref="BuildObject"/>).
    /// </summary>
    private JsonConditional? ValueOfAConditional(
        JsonSchemaFacts facts, ImmutableHashSet<string> consumed)
    {
        var open = facts.Conditionals.Where(c => !consumed.Contains(c.Key)).ToList();
        if (open.Count == 0 || open[0].If is null) return null;
        if (GuessKind(facts) == NodeKind.Any) return open[0];
        return open.Count == 1 && WholeSchema(open[0].Then) && WholeSchema(open[0].Else) ? open[0] : null;

        bool WholeSchema(SchemaPart? side) =>
            side is { } part && part.Schema.ValueKind == JsonValueKind.Object && ConditionalFacts(part) is null;
    }

    /// <summary>
    /// The <c>if</c>s of an object that each test one property (the discriminator) for values of their own, disjoint, where
    /// the property's own schema names no values (EPCIS: <c>type</c> is any string; each <c>if</c> names an event type and
    /// its <c>then</c> is that event's whole schema; Cloud Run: <c>kind</c>). Drawn freely, the property would never take
    /// those values and no record would be of any of those kinds; made as a choice (<see cref="DiscriminatorChoice"/>), each
    /// kind is one alternative. <see cref="Discriminated.Complements"/> are ifs that hold for none of the kinds' values
    /// (EPCIS's last: <c>not</c> of the enum of every known type). Null when there are none.
    /// </summary>
    private Discriminated? DiscriminatedConditionals(JsonSchemaFacts facts, ImmutableHashSet<string> consumed)
    {
        if (GuessKind(facts) != NodeKind.Object || facts.Types is { } types && types.Any(t => t != "object")) return null;
        var byProperty = new Dictionary<string, List<(JsonConditional Conditional, HashSet<string> Values)>>();
        foreach (var c in facts.Conditionals)
            if (!consumed.Contains(c.Key) && c is { If: { } test, Then: not null } && IsExactTest(test) && TestedValues(test) is var (property, values))
                (byProperty.TryGetValue(property, out var list) ? list : byProperty[property] = []).Add((c, values));
        foreach (var (property, list) in byProperty)
        {
            // Values the property's own schema names are drawn already; a boolean has no value beyond those tested.
            if (facts.Properties.TryGetValue(property, out var own) && Flattened(own) is var ownParts
                && (NamedValues(ownParts) is not null || ownParts.Any(o => o.Schema.ValueKind == JsonValueKind.Object
                    && o.Schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "boolean")))
                continue;
            if (!list.All(a => list.All(b => ReferenceEquals(a.Values, b.Values) || !a.Values.Overlaps(b.Values)))) continue;
            var named = list.SelectMany(d => d.Values).ToHashSet();
            // Another conditional that tests or narrows the property (OpenAPI's style, tested for "form" and narrowed by
            // the ifs on "in") is met by checks, which a value fixed here would defeat; unless it is a complement.
            var others = facts.Conditionals.Where(c => !consumed.Contains(c.Key) && list.All(d => d.Conditional.Key != c.Key)
                && (c.PresentProperty == property || ((SchemaPart?[])[c.If, c.Then, c.Else]).Any(part => part is { } p && Flattened([p]).Any(f => NamesTested(f).Contains(property)))))
                .ToList();
            if (others.All(other => IsComplement(other, property, named)))
                return new Discriminated(property, [.. list.Select(d => d.Conditional)], others);
        }
        return null;

        // The one property a test names and the values it allows it (const/enum), the property also allowed absent.
        (string Property, HashSet<string> Values)? TestedValues(SchemaPart test)
        {
            if (ConditionalFacts(test) is not { Properties.Count: 1 } tested || tested.Required.Any(r => !tested.Properties.ContainsKey(r))) return null;
            var (property, parts) = tested.Properties.First();
            return NamedValues(Flattened(parts)) is { Count: > 0 } values ? (property, values) : null;
        }

        // An if that is only "not" of a test of the property for values that include all the kinds'.
        bool IsComplement(JsonConditional c, string property, HashSet<string> named) =>
            c.If is { } test && test.Schema.ValueKind == JsonValueKind.Object && test.Schema.EnumerateObject().All(k => k.Name == "not")
            && test.Schema.TryGetProperty("not", out var negated) && TestedValues(new SchemaPart(negated, test.Pointer + "/not")) is var (p, values)
            && p == property && named.IsSubsetOf(values);
    }

    /// <summary>The ifs on one discriminator that <see cref="DiscriminatorChoice"/> makes as a choice, and the ifs that hold
    /// for none of their values.</summary>
    private sealed record Discriminated(string Property, List<JsonConditional> Kinds, List<JsonConditional> Complements);

    /// <summary>
    /// <see cref="DiscriminatedConditionals"/> as a choice: for each <c>if</c>, the object with its <c>then</c>, the
    /// discriminator present (so that <c>if</c> holds) and the <c>else</c>s of the others and of the complements (which do
    /// not hold); and the object with every <c>else</c> and the complements as they are, checked to meet none of the
    /// <c>if</c>s.
    /// </summary>
    private SchemaNode DiscriminatorChoice(IReadOnlyList<SchemaPart> conjunction, Discriminated discriminated,
        string name, string path, int depth, ImmutableDictionary<string, int> refCounts, ImmutableHashSet<string> consumed)
    {
        var (property, kinds, complements) = discriminated;
        var alternatives = new List<SchemaNode>();
        var dropped = new List<string>();
        var kindSettled = consumed.Union(kinds.Concat(complements).Select(c => c.Key));
        foreach (var c in kinds)
            try
            {
                List<SchemaPart> parts = [.. conjunction, c.If!.Value, c.Then!.Value,
                    .. kinds.Concat(complements).Where(o => o.Key != c.Key && o.Else is not null).Select(o => o.Else!.Value)];
                alternatives.Add(WithPropertyRequired(Build(parts, name, path, depth, refCounts, kindSettled), property));
            }
            catch (SchemaReadException e) when (!_budget.Exceeded)
            {
                dropped.Add(e.Message);
            }
        try
        {
            var none = Build([.. conjunction, .. kinds.Where(c => c.Else is not null).Select(c => c.Else!.Value)],
                name, path, depth, refCounts, consumed.Union(kinds.Select(c => c.Key)));
            if (none.ReusedNode is { } shared) none = InPlace(shared, none);
            foreach (var c in kinds) AddCheck(none, Check(c.If!.Value, negate: true));
            // The discriminator is made (absent, it would make every if hold) with none of the kinds' values, which also
            // tells this alternative apart from theirs (no draw is spent on a value two alternatives take). An object
            // that cannot have it has no such alternative.
            var named = alternatives.SelectMany(a => Discriminators(a, property)).SelectMany(d => d.Const is { } v ? [v] : d.Enum ?? [])
                .OfType<string>().Distinct().ToList();
            var discriminators = Discriminators(none, property).ToList();
            foreach (var discriminator in discriminators)
            {
                discriminator.Required = true;
                discriminator.NotValues = [.. (discriminator.NotValues ?? []).Union(named)];
            }
            if (discriminators.Count > 0 && (none.Kind != NodeKind.Choice || discriminators.Count == none.Children.Count)) alternatives.Add(none);
        }
        catch (SchemaReadException e) when (!_budget.Exceeded)
        {
            dropped.Add(e.Message);
        }
        if (alternatives.Count == 0)
            throw Unsatisfiable($"At '{Show(path, name)}' no kind the ifs on '{property}' name can be made, nor one they do not: " +
                string.Join(" | ", dropped));
        return Choice(alternatives, name, path);

        SchemaNode WithPropertyRequired(SchemaNode alternative, string property)
        {
            if (alternative.ReusedNode is { } content) alternative = InPlace(content, alternative);
            if (alternative.Kind == NodeKind.Choice)
                for (var k = 0; k < alternative.Children.Count; k++) alternative.Children[k] = WithPropertyRequired(alternative.Children[k], property);
            else if (alternative.Children.FirstOrDefault(ch => ch.Name == property) is { Truncated: false } child) child.Required = true;
            else throw new SchemaReadException($"At '{Show(path, name)}' the property '{property}' the ifs test cannot be made.");
            return alternative;
        }

        static IEnumerable<SchemaNode> Discriminators(SchemaNode alternative, string property) =>
            alternative.Kind == NodeKind.Choice ? alternative.Children.SelectMany(c => Discriminators(c, property))
            : alternative.Children.Where(c => c.Name == property && c.ReusedNode is null && !c.Truncated && c.Kind != NodeKind.Object);
    }

    /// <summary>
    /// An <c>if</c>/<c>then</c>/<c>else</c> as a choice between the <c>if</c> with its <c>then</c>, and the <c>else</c>,
    /// whose values are checked not to satisfy the <c>if</c>.
    /// </summary>
    private SchemaNode ConditionalChoice(IReadOnlyList<SchemaPart> conjunction,
        JsonConditional conditional, SchemaPart test,
        string name, string path, int depth, ImmutableDictionary<string, int> refCounts, ImmutableHashSet<string> consumed)
    {
        var settled = consumed.Add(conditional.Key);
        var alternatives = new List<SchemaNode>();
        var dropped = new List<string>();
        List<SchemaPart> whenTrue = [.. conjunction, test, .. conditional.Then is { } then ? [then] : Array.Empty<SchemaPart>()];
        List<SchemaPart> whenFalse = [.. conjunction, .. conditional.Else is { } @else ? [@else] : Array.Empty<SchemaPart>()];
        foreach (var (parts, holds) in new[] { (whenTrue, true), (whenFalse, false) })
            try
            {
                var alternative = Build(parts, name, path, depth, refCounts, settled);
                if (!holds)
                {
                    // The check is this place's: a reference gets a copy of its content to carry it.
                    if (alternative.ReusedNode is { } shared) alternative = InPlace(shared, alternative);
                    AddCheck(alternative, Check(test, negate: true));
                }
                alternatives.Add(alternative);
            }
            catch (SchemaReadException e) when (!_budget.Exceeded)
            {
                dropped.Add(e.Message);
            }
        if (alternatives.Count == 0)
            throw Unsatisfiable($"At '{Show(path, name)}' neither side of the if/then/else at '{JsonSchemaDocument.Show(conditional.Key)}' " +
                "can be made: " + string.Join(" | ", dropped));
        return Choice(alternatives, name, path);
    }

    /// <summary>oneOf where null satisfies several alternatives: null satisfies none of them exactly once, so none makes
    /// it (those that allow only null are then left out of the choice).</summary>
    private void NullInNoAlternative(List<SchemaNode> alternatives, string path, string name)
    {
        if (alternatives.Count(a => a.Nullable) <= 1) return;
        if (alternatives.All(_nullOnly.Contains))
            throw Unsatisfiable($"At '{Show(path, name)}' every alternative of the oneOf allows only null, so null matches more than one.");
        foreach (var a in alternatives) a.Nullable = false;
    }

    private SchemaNode Choice(List<SchemaNode> alternatives, string name, string path)
    {
        var nullable = alternatives.Any(a => a.Nullable);
        var values = alternatives.Where(a => !_nullOnly.Contains(a)).ToList();
        if (values.Count == 0) return alternatives[0];
        // Alternatives cut at the recursion limit are never made; when nothing else is left, the choice is cut too.
        if (values.Any(v => v.Truncated))
        {
            var kept = values.Where(v => !v.Truncated).ToList();
            if (kept.Count == 0) return new SchemaNode { Name = name, Path = path, Kind = values[0].Kind, Truncated = true, Nullable = nullable };
            values = kept;
        }
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
                throw Unsatisfiable($"No value satisfies both type [{string.Join(", ", facts.Types)}] and the enum/const next to it.");
            return types;
        }
        if (facts.Enum is not null)
        {
            nullable = facts.Enum.Any(e => e.ValueKind == JsonValueKind.Null);
            return WithoutRedundantInteger(facts.Enum.Where(e => e.ValueKind != JsonValueKind.Null).Select(TypeOf).Distinct().OrderBy(TypeOrder)
                .ToList());
        }
        // Without "type", null satisfies every other keyword, but not always an if/then/else or a not around them: an if on
        // properties holds for null, and its then may ask for an object (minecraft-item-modifier's items).
        nullable = facts.Conditionals.Count == 0 && facts.NotChecks.Count == 0 && facts.NotAllPresent.Count == 0;
        return [facts.HasObjectKeywords ? "object" : facts.HasArrayKeywords ? "array" : facts.HasStringKeywords ? "string"
            : facts.HasNumberKeywords ? "number" : "any"];
    }

    /// <summary>Whether a value of a JSON type other than the one guessed from the keywords satisfies these facts: no
    /// <c>type</c>, <c>enum</c> or <c>const</c> says what it is, and no <c>not</c>, <c>if</c> or dependency (which may
    /// read any value) is part of the node, nor was a conditional's branch merged into it. (The alternatives of an anyOf or
    /// oneOf it was made in are its own schema; the others of a oneOf around it are the same for every value.)</summary>
    private static bool AcceptsOtherTypes(JsonSchemaFacts facts, ImmutableHashSet<string> consumed) =>
        facts.Types is null && facts.Enum is null && facts.NotTypes.Count == 0 && facts.NotValues.Count == 0 && facts.NotPatterns.Count == 0 &&
        facts.NotChecks.Count == 0 && facts.NotAllPresent.Count == 0 && facts.Conditionals.Count == 0 &&
        consumed.All(k => k.EndsWith("/anyOf", StringComparison.Ordinal) || k.EndsWith("/oneOf", StringComparison.Ordinal));

    /// <summary><c>not: {type}</c> removes types (an untyped value takes the first type left); <c>not: {const: null}</c> removes null.</summary>
    private static List<string> WithoutNegatedTypes(JsonSchemaFacts facts, List<string> types, ref bool nullable, string path, string name)
    {
        if (facts.NotTypes.Contains("null") || facts.NotValues.Any(v => v.ValueKind == JsonValueKind.Null)) nullable = false;
        if (facts.NotTypes.Count == 0) return types;
        var kept = new List<string>();
        foreach (var type in types)
            if (type == "any") kept.AddRange(((string[])["string", "integer", "boolean", "object", "array"]).Where(t => !facts.NotTypes.Contains(t))
                .Take(1));
            else if (type == "number" && facts.NotTypes.Contains("integer") && !facts.NotTypes.Contains("number"))
                throw new SchemaReadException(
                    $"At '{Show(path, name)}' 'not: {{type: integer}}' on a number is not supported; give the number a multipleOf that is not 1, " +
                    "or a type.");
            else if (!facts.NotTypes.Contains(type)) kept.Add(type);
        if (kept.Count == 0 && !nullable)
            throw new SchemaReadException($"At '{Show(path, name)}' every type the schema allows is excluded by 'not: {{type: ...}}'.");
        return kept;
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
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
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
        // An enum/const of objects or arrays (apple-app-site-association's "apps": []): its literals are the values, made
        // as a whole and written as they are (as their JSON text where a format needs one scalar).
        if (facts.Enum is not null && kind is NodeKind.Object or NodeKind.Array) kind = NodeKind.Any;
        var node = new SchemaNode { Name = name, Path = path, Kind = kind, Default = facts.Default };
        if (facts.Enum is not null)
        {
            var values = facts.Enum.Where(e => Fits(e, type) && !facts.NotValues.Any(n => JsonElement.DeepEquals(e, n))).Select(JsonSchemaFacts.Text)
                .ToList();
            if (values.Count == 0)
                throw Unsatisfiable($"At '{Show(path, name)}' every {type} value of the enum/const is excluded by 'not'.");
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
                throw Unsatisfiable($"At '{Show(path, name)}' the minimum {node.Minimum} and maximum {node.Maximum} leave no number.");
        }
        if (facts.Enum is null && facts.NotValues.Count > 0)
        {
            // Excluded values the generator may hit: it redraws a value equal to one of them.
            var excluded = facts.NotValues.Where(v => Fits(v, type == "number" ? "number" : type) || type == "any").Select(JsonSchemaFacts.Text)
                .ToList();
            if (type == "boolean" && excluded.Distinct().Count() >= 2)
                throw Unsatisfiable($"At '{Show(path, name)}' 'not' excludes both booleans.");
            if (excluded.Count > 0) node.NotValues = excluded;
        }
        if (facts.NotPatterns.Count > 0 && kind is not (NodeKind.Object or NodeKind.Array or NodeKind.Integer or NodeKind.Number or NodeKind.Boolean))
        {
            foreach (var pattern in facts.NotPatterns) CheckPattern(pattern, path);
            node.NotPatterns = [.. facts.NotPatterns];
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
                throw Unsatisfiable($"At '{Show(path, name)}' minLength {node.MinLength} is greater than maxLength {node.MaxLength}.");
        }
        if (node.Enum is not null || node.Const is not null) DropValuesTheFactsRuleOut(node, facts.Enum!, path, name);
        AddNotChecks(node, facts);
        if (kind == NodeKind.Object) BuildObject(node, facts, depth, conjunction, refCounts, counts, consumed);
        else
            foreach (var c in facts.Conditionals.Where(c => !consumed.Contains(c.Key)))
                AddCheck(node, ConditionalCheck(c)); // on a value that is not an object: checked as made
        if (kind == NodeKind.Array) BuildArray(node, facts, depth, counts);
        return node;
    }

    /// <summary>
    /// An enum/const is written as it is, so its values must also satisfy the node's other facts: a const from one allOf part
    /// or anyOf alternative next to a pattern, length or bounds from another (accelerator's <c>dataType</c>: an alternative
    /// narrowing it to a pattern that its own <c>const: "boolean"</c> branch does not match). Values they rule out are never
    /// made; when none is left the node has no value (an alternative holding it is dropped).
    /// </summary>
    private void DropValuesTheFactsRuleOut(SchemaNode node, List<JsonElement> values, string path, string name)
    {
        if (node.Kind is NodeKind.Any or NodeKind.Object or NodeKind.Array || node.Patterns is null && node.MinLength is null &&
            node.MaxLength is null && node.Minimum is null && node.Maximum is null) return;
        var (allowed, constant) = (node.Enum, node.Const);
        node.Enum = null;
        node.Const = null;
        var misfits = values.Where(v => v.ValueKind != JsonValueKind.Null && NodeValues.Misfit(v, node, limits.RegexTimeout) is not null)
            .Select(JsonSchemaFacts.Text).ToHashSet();
        if (misfits.Count == 0)
        {
            (node.Enum, node.Const) = (allowed, constant);
            return;
        }
        if (constant is not null && misfits.Contains(constant) || allowed is not null && allowed.All(v => v is not null && misfits.Contains(v)))
            throw Unsatisfiable($"At '{Show(path, name)}' no value of the enum/const satisfies the schema's other keywords " +
                "(pattern, length or bounds).");
        node.Const = constant;
        node.Enum = allowed?.Where(v => v is null || !misfits.Contains(v)).ToList();
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
        node.AdmittedNames = facts.Closed && facts.PatternProperties.Count == 0 ? [.. facts.PropertyOrder, .. facts.Required] : null;
        var patterns = facts.PatternProperties.Keys.ToDictionary(p => p, p => CheckPattern(p, node.Path));
        var names = PropertyNameRule(node, facts, depth, counts);
        var onlyNamed = _branch is { } branch && branch.Path == node.Path && branch.Depth == depth ? branch.Names : null;
        foreach (var name in facts.PropertyOrder)
        {
            if (onlyNamed is not null && !onlyNamed.Contains(name)) continue;
            var required = facts.Required.Contains(name);
            var parts = facts.Properties.GetValueOrDefault(name) ?? [];
            parts = [.. parts, .. facts.PatternProperties.Where(p => patterns[p.Key].IsMatch(name)).SelectMany(p => p.Value)];
            if (!required && depth >= OptionalDepth && CanLeaveOut(name, facts))
            {
                LeftOutByDepthCut++;
                continue;
            }
            // A name only required (declared by no properties, matched by no pattern) is an additional property: its
            // value follows additionalProperties.
            if (parts.Count == 0 && !facts.Properties.ContainsKey(name)) parts = [.. facts.AdditionalProperties];
            else parts = [.. parts, .. AdditionalPartsFor(name, facts, patterns)];
            var forbidden = parts.Any(p => p.Schema.ValueKind == JsonValueKind.False) || !AllowedByClosedParts(name, facts, patterns) ||
                (names is not null && NodeValues.Misfit(JsonSerializer.SerializeToElement(name), names, limits.RegexTimeout) is not null);
            if (forbidden)
            {
                if (required)
                    throw new SchemaReadException(
                        $"At '{Show(node.Path, node.Name)}' the property '{name}' is required but also forbidden (false schema or " +
                        "additionalProperties: false in an allOf branch that does not declare it).");
                continue;
            }
            SchemaNode child;
            try
            {
                child = Build(parts, name, ChildPath(node.Path, name), depth + 1, counts, []);
            }
            catch (NoValueException) when (!required && !_budget.Exceeded)
            {
                continue; // an optional property no value fits is left out
            }
            if (child.Truncated && required)
                throw Unsatisfiable($"At '{Show(node.Path, node.Name)}' the required property '{name}' recurses past the depth limit.");
            // A property that only allows null is written as null (the plan's null rate is 1 for it).
            child.Required = required;
            if (facts.DependentRequired.TryGetValue(name, out var dependents)) child.DependentRequired = [.. dependents];
            node.Children.Add(child);
        }
        ApplyNotAllPresent(node, facts);
        if (onlyNamed is not null) return; // a branch's properties: what concerns the whole object was done when it was built
        AddMapEntries(node, facts, depth, counts, patterns, names);
        CheckPropertyCounts(node, facts);

        var open = facts.Conditionals.Where(c => !consumed.Contains(c.Key)).ToList();
        if (open.Count == 0) return;
        RequireTestedDiscriminators(node, open);
        // Rebuilding the object with a branch merged in must not expand the conditionals again.
        var settled = consumed.Union(facts.Conditionals.Select(c => c.Key));
        var conditionals = new List<SchemaConditional>();
        // Beside each conditional made: the link it was made from and the chain as written.
        var made = new List<(JsonConditional Link, JsonConditional Chain)>();
        // Where each link of a chain went among the conditionals (-1: not made).
        var madeAt = new List<int>();
        foreach (var (c, chain, elseOf, continued) in ElseIfLinks(open))
        {
            var thenExact = true;
            var elseExact = true;
            var then = c.Then is { } t ? Branch(t, node, depth, conjunction, refCounts, settled, out thenExact) : null;
            var @else = c.Else is { } e ? Branch(e, node, depth, conjunction, refCounts, settled, out elseExact) : null;
            // A side that is more than property narrowing is not made so by construction alone: the whole object is
            // checked against the conditional and redrawn, and what the side can make is still made (so draws pass).
            if (!thenExact || !elseExact) AddCheck(node, ConditionalCheck(chain));
            // A link that the next one is the else of is kept without sides: that one is decided by it.
            if (then is null && @else is null && !continued)
            {
                madeAt.Add(-1);
                continue;
            }
            var exact = c.If is not { } test || IsExactTest(test);
            madeAt.Add(conditionals.Count);
            made.Add((c, chain));
            conditionals.Add(new SchemaConditional
            {
                If = c.If is { } ifPart ? ConditionTests(ifPart, node, depth, counts, exact) : [PresenceTest(c.PresentProperty!, node)],
                IfCheck = exact ? null : Check(c.If!.Value, negate: false),
                Then = then,
                Else = @else,
                ElseOf = elseOf >= 0 ? madeAt[elseOf] : null,
            });
        }
        if (conditionals.Count == 0) return;
        node.Conditionals = conditionals;
        // A property one conditional tests and another replaces is made once, before or after the test reads it: the
        // object is checked against every conditional then, and redrawn when the order made one of them false.
        var tested = conditionals.SelectMany(c => c.If).Select(t => t.Name).ToHashSet();
        if (conditionals.Any(c => (c.Then ?? []).Concat(c.Else ?? []).Any(r => tested.Contains(r.Name))))
            foreach (var c in open) AddCheck(node, ConditionalCheck(c));
        else CheckSharedReplacements(node, conditionals, made);
    }

    /// <summary>
    /// The conditionals with each <c>else</c> that is only another <c>if</c>/<c>then</c>/<c>else</c> ("else if": codeship's
    /// steps, one <c>if</c> per step type) taken apart into links: the head without that else, then each nested
    /// conditional as a link of its own, taken only where the link before it is decided false (<c>ElseOf</c>, the index of
    /// that link in this sequence; <c>Continued</c> when the next link is this one's else). So each side is made by
    /// construction, where the chain as one conditional had an <c>else</c> no narrowing could make and was checked as a whole
    /// and redrawn (1 s a record). <c>Chain</c> is the conditional as written, what a check of a link evaluates.
    /// </summary>
    private static IEnumerable<(JsonConditional Link, JsonConditional Chain, int ElseOf, bool Continued)> ElseIfLinks(
        IEnumerable<JsonConditional> conditionals)
    {
        var index = 0;
        foreach (var chain in conditionals)
        {
            var link = chain;
            var elseOf = -1;
            while (link.If is not null && link.Else is { } e && ElseIf(e) is { } next)
            {
                yield return (link with { Else = null }, chain, elseOf, true);
                elseOf = index++;
                link = next;
            }
            yield return (link, chain, elseOf, false);
            index++;
        }
    }

    /// <summary>An <c>else</c> that is an <c>if</c> with its <c>then</c>/<c>else</c> and nothing else but annotations.</summary>
    private static JsonConditional? ElseIf(SchemaPart part) =>
        part.Schema.ValueKind == JsonValueKind.Object && part.Schema.TryGetProperty("if", out var test)
        && part.Schema.EnumerateObject().All(k => k.Name is "if" or "then" or "else" || JsonSchemaFacts.Annotations.Contains(k.Name))
            ? new JsonConditional(new SchemaPart(test, part.Pointer + "/if"), null,
                part.Schema.TryGetProperty("then", out var then) ? new SchemaPart(then, part.Pointer + "/then") : null,
                part.Schema.TryGetProperty("else", out var @else) ? new SchemaPart(@else, part.Pointer + "/else") : null,
                part.Pointer + "/if")
            : null;

    /// <summary>
    /// A property that several conditionals replace is made from one replacement only (the first holding one): when more
    /// than one of them may hold, the object is checked against them and redrawn (several ifs on a discriminator that
    /// may be absent, so that all of them hold). Dependencies on optional properties are kept apart by construction
    /// (<see cref="Engine.PresenceDependencies"/>) and need no check among themselves.
    /// </summary>
    private void CheckSharedReplacements(SchemaNode node, List<SchemaConditional> conditionals,
        List<(JsonConditional Link, JsonConditional Chain)> made)
    {
        // Only narrowings to values (enum/const) are kept apart by construction.
        bool OnOptional(int k) => made[k].Link.PresentProperty is { } p && made[k].Link.Else is null &&
            node.Children.FirstOrDefault(c => c.Name == p) is { Required: false } &&
            (conditionals[k].Then ?? []).All(r => r.Const is not null || r.Enum is not null);
        HashSet<string> Replaced(int k) => [.. (conditionals[k].Then ?? []).Concat(conditionals[k].Else ?? []).Select(r => r.Name)];
        var checkedOnes = new HashSet<int>();
        for (var a = 0; a < conditionals.Count; a++)
            for (var b = a + 1; b < conditionals.Count; b++)
                // Links of one else-if chain never hold together.
                if (!(OnOptional(a) && OnOptional(b)) && made[a].Chain.Key != made[b].Chain.Key && Replaced(a).Overlaps(Replaced(b)))
                {
                    checkedOnes.Add(a);
                    checkedOnes.Add(b);
                }
        foreach (var k in checkedOnes.Order()) AddCheck(node, ConditionalCheck(made[k].Chain));
    }

    /// <summary>
    /// A property that several <c>if</c>s test for distinct values (minecraft's recipe <c>type</c>, item modifier
    /// <c>function</c>) makes every one of those ifs hold when it is absent, and their thens together rarely can be met
    /// (each narrows the same property its own way). Such a property is always made, so that at most one of them holds.
    /// </summary>
    private void RequireTestedDiscriminators(SchemaNode node,
        List<JsonConditional> conditionals)
    {
        var tested = new Dictionary<string, List<HashSet<string>>>();
        foreach (var c in conditionals)
        {
            if (c.If is not { } test || ConditionalFacts(test) is not { } facts) continue;
            foreach (var (name, parts) in facts.Properties)
                if (!facts.Required.Contains(name) && NamedValues(parts) is { Count: > 0 } values)
                    (tested.TryGetValue(name, out var list) ? list : tested[name] = []).Add(values);
        }
        foreach (var (name, values) in tested)
        {
            if (values.Count < 2) continue;
            var disjoint = true;
            for (var a = 0; a < values.Count && disjoint; a++)
                for (var b = a + 1; b < values.Count && disjoint; b++)
                    disjoint = !values[a].Overlaps(values[b]);
            var child = node.Children.FirstOrDefault(c => c.Name == name);
            if (!disjoint || child is null || child.Required || child.Truncated) continue;
            if (node.NotAllPresent?.Any(g => g.Contains(name)) == true) continue;
            child.Required = true;
        }
    }

    /// <summary>The values const/enum parts allow together (raw JSON); null when no part names any, or a part is a boolean
    /// schema.</summary>
    private static HashSet<string>? NamedValues(IEnumerable<SchemaPart> parts)
    {
        HashSet<string>? values = null;
        foreach (var part in parts)
        {
            if (part.Schema.ValueKind != JsonValueKind.Object) return null;
            IEnumerable<string> own = part.Schema.TryGetProperty("const", out var c) ? [c.GetRawText()]
                : part.Schema.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array
                    ? e.EnumerateArray().Select(v => v.GetRawText())
                : [];
            if (!own.Any()) continue;
            if (values is null) values = [.. own];
            else values.IntersectWith(own);
        }
        return values;
    }

    /// <summary>An optional property past the depth cut is left out unless a count (minProperties) or another property
    /// (dependentRequired) may need it.</summary>
    private static bool CanLeaveOut(string name, JsonSchemaFacts facts) =>
        facts.MinProperties is null or 0 && !facts.DependentRequired.Values.Any(d => d.Contains(name));

    /// <summary><c>propertyNames</c> as a string node that every property name, declared or made up for a map, is checked against.</summary>
    private SchemaNode? PropertyNameRule(SchemaNode node, JsonSchemaFacts facts, int depth, ImmutableDictionary<string, int> counts) =>
        facts.PropertyNames.Count == 0 ? null
        : Unshared(() => Build(facts.PropertyNames, "(property names)", ChildPath(node.Path, "(property names)"), depth + 1, counts, []));

    /// <summary>
    /// <c>not: {required: [...]}</c>: a group of which one optional member is left out in each record (the engine picks
    /// which). A group with a member that is never made holds as it is; one whose members are all required cannot hold.
    /// </summary>
    private static void ApplyNotAllPresent(SchemaNode node, JsonSchemaFacts facts)
    {
        foreach (var group in facts.NotAllPresent.Select(g => g.Distinct().ToList()))
        {
            var members = group.Select(n => node.Children.FirstOrDefault(c => c.Name == n)).ToList();
            if (members.Any(m => m is null)) continue; // a name the object never has: never all present
            if (members.All(m => m!.Required))
                throw new SchemaReadException(
                    $"At '{Show(node.Path, node.Name)}' 'not: {{required: [{string.Join(", ", group)}]}}' forbids properties that are all required.");
            if (members.Count == 1)
            {
                if (!TryRemoveProperty(node, members[0]!))
                    throw new SchemaReadException(
                        $"At '{Show(node.Path, node.Name)}' 'not: {{required: [{group[0]}]}}' forbids a property that a " +
                        "required property depends on.");
                continue;
            }
            (node.NotAllPresent ??= []).Add(group);
        }
    }

    /// <summary>How many entries a map (an object whose properties are described by patterns or a value schema) gets
    /// when nothing else says; deep inside a recursive schema a map gets none unless it needs them.</summary>
    private const int MapEntries = 2;
    private const int MapEntriesDepth = 10;

    /// <summary>
    /// Maps get entries: an object described by <c>patternProperties</c> or <c>additionalProperties: {schema}</c> gets
    /// properties whose names are made from the pattern (or <c>propertyNames</c>, or a plain word) and checked against
    /// every rule on names (declared names, other patterns, closed allOf parts, <c>propertyNames</c>), and whose value
    /// schema is every schema that applies to that name. Enough of them are required to reach <c>minProperties</c>.
    /// </summary>
    private void AddMapEntries(SchemaNode node, JsonSchemaFacts facts, int depth, ImmutableDictionary<string, int> counts,
        Dictionary<string, System.Text.RegularExpressions.Regex> patterns, SchemaNode? names)
    {
        var declared = node.Children.Count;
        var optionalDeclared = node.Children.Count(c => !c.Required && !InNotGroup(node, c.Name));
        var required = node.Children.Count(c => c.Required);
        var needed = Math.Max(0, (facts.MinProperties ?? 0) - required - optionalDeclared);
        var sources = new List<(string? Pattern, List<SchemaPart> Parts)>();
        foreach (var (pattern, parts) in facts.PatternProperties) sources.Add((pattern, parts));
        var additionalAllowed = !facts.Closed && facts.ClosedParts.Count == 0;
        if (additionalAllowed && (facts.AdditionalProperties.Count > 0 || needed > 0)) sources.Add((null, facts.AdditionalProperties));
        if (sources.Count == 0)
        {
            if (needed > 0)
                throw new SchemaReadException(
                    $"At '{Show(node.Path, node.Name)}' minProperties {facts.MinProperties} asks for more properties than the object may have.");
            return;
        }
        // Inside a recursion (a definition already entered) or deep down, a map gets only the entries it needs: made-up
        // entries there multiply with every level.
        var recursing = counts.Values.Any(c => c > 1);
        var wanted = depth > MapEntriesDepth || recursing || depth >= OptionalDepth ? needed
            : Math.Max(needed, declared == 0 && depth <= 3 ? MapEntries : 1);
        if (facts.MaxProperties is { } max) wanted = Math.Min(wanted, Math.Max(0, max - required));
        var taken = node.Children.Select(c => c.Name).ToHashSet();
        foreach (var group in facts.NotAllPresent) taken.UnionWith(group);
        foreach (var r in facts.Required) taken.Add(r);
        var rng = new Engine.RecordRandom(StableHash(node.Path), 0, 0x6D6170);
        var made = 0;
        for (var attempt = 0; made < wanted && attempt < wanted * 40; attempt++)
        {
            var (pattern, parts) = sources[(made + attempt) % sources.Count];
            var key = MakeKey(pattern, names, ref rng);
            if (key is null || taken.Contains(key)) continue;
            if (names is not null && NodeValues.Misfit(JsonSerializer.SerializeToElement(key), names, limits.RegexTimeout) is not null) continue;
            if (!AllowedByClosedParts(key, facts, patterns)) continue;
            var matching = facts.PatternProperties.Where(p => patterns[p.Key].IsMatch(key)).SelectMany(p => p.Value).ToList();
            if (pattern is null && matching.Count > 0) continue; // an additional property is one that no pattern matches
            List<SchemaPart> valueParts = pattern is null ? [.. parts] : [.. matching, .. AdditionalPartsFor(key, facts, patterns)];
            SchemaNode child;
            try
            {
                child = Build(valueParts, key, ChildPath(node.Path, key), depth + 1, counts, []);
            }
            catch (SchemaReadException) when (!_budget.Exceeded && made >= needed)
            {
                break; // an optional entry whose schema cannot be made is left out
            }
            RefuseNullOnly(child, allowed: true);
            if (_nullOnly.Contains(child)) continue;
            taken.Add(key);
            child.Required = made < needed;
            child.MapEntry = true;
            child.NamePattern = pattern;
            node.Children.Add(child);
            made++;
        }
        if (made < needed)
            throw new SchemaReadException(
                $"At '{Show(node.Path, node.Name)}' minProperties {facts.MinProperties} needs {needed} more properties, and no property name can " +
                "be made that every rule on names admits.");
    }

    /// <summary>Leaves a property out of an object, with the optional properties that need it (dependentRequired);
    /// false, changing nothing, when a required property needs it.</summary>
    private static bool TryRemoveProperty(SchemaNode node, SchemaNode property)
    {
        var gone = new HashSet<string> { property.Name };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var c in node.Children)
                if (!gone.Contains(c.Name) && c.DependentRequired?.Any(gone.Contains) == true)
                {
                    if (c.Required) return false;
                    gone.Add(c.Name);
                    grew = true;
                }
        }
        node.Children.RemoveAll(c => gone.Contains(c.Name));
        return true;
    }

    private static bool InNotGroup(SchemaNode node, string name) => node.NotAllPresent?.Any(g => g.Contains(name)) == true;

    /// <summary>
    /// A map key: from the pattern, else from <c>propertyNames</c>' enum, pattern or format (of one of its alternatives,
    /// where it offers several), else a plain word
    /// (<see cref="PlainKeyShapes"/>). Names are checked against patterns but not formats, so a format's keys are made in
    /// its shape here.
    /// </summary>
    private string? MakeKey(string? pattern, SchemaNode? names, ref Engine.RecordRandom rng)
    {
        // Names of one of several kinds (a oneOf of consts, or of patterns): a key of one of them.
        if (names is { Kind: NodeKind.Choice, Children.Count: > 0 } choice) names = choice.Children[rng.NextInt(choice.Children.Count)];
        if (pattern is null && names?.Enum is { Count: > 0 } enumNames) return enumNames[rng.NextInt(enumNames.Count)];
        if (pattern is null && names?.Const is { } constName) return constName;
        var source = pattern ?? names?.Patterns?.FirstOrDefault() ?? PatternOfFormat(names?.Format)
            ?? (names?.NotPatterns is null ? PlainKeyShapes[0] : PlainKeyShapes[rng.NextInt(PlainKeyShapes.Length)]);
        var min = Math.Max(1, names?.MinLength ?? 1);
        var max = Math.Min(names?.MaxLength ?? 24, 24);
        try
        {
            var generator = new RegexStringGenerator(source, RegexDialect.Ecma262, min, Math.Max(min, max), []);
            if (!generator.Satisfiable) generator = new RegexStringGenerator(source, RegexDialect.Ecma262, min,
                Math.Max(min, names?.MaxLength ?? 256), []);
            if (!generator.Satisfiable) return null;
            var buffer = new Engine.RecordBuffer();
            generator.Generate(ref rng, null!, buffer);
            var key = buffer.Since(0).ToString();
            return CheckPattern(source, "").IsMatch(key) ? key : null;
        }
        catch (UnsupportedPatternException)
        {
            return null;
        }
    }

    /// <summary>Plain key shapes: a lower-case word, or, where <c>propertyNames</c> excludes a pattern (which a lower-case
    /// word may match), any of these, so that some shape escapes it.</summary>
    private static readonly string[] PlainKeyShapes = ["^[a-z][a-z0-9_]{2,9}$", "^[A-Z][A-Za-z0-9]{2,9}$", "^_[a-z0-9]{2,8}$", "^[0-9]{2,6}$"];

    /// <summary>Shapes of the formats <c>propertyNames</c> uses (2020-12's vocabularies map: keys are URIs), and of the value
    /// formats no semantic generator makes (JSON pointers).</summary>
    internal static string? PatternOfFormat(string? format) => format switch
    {
        "uri" or "iri" or "uri-reference" or "iri-reference" or "url" or "uri-template" => "^https://example\\.com/[a-z][a-z0-9]{2,7}$",
        "email" or "idn-email" => "^[a-z]{3,8}@example\\.com$",
        "hostname" or "idn-hostname" => "^[a-z]{3,8}\\.example\\.com$",
        "ipv4" => "^10\\.[0-9]\\.[0-9]{1,2}\\.[1-9]$",
        "ipv6" => "^fd00::[1-9a-f][0-9a-f]{0,3}$",
        "uuid" => "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        "date" => "^20[0-2][0-9]-0[1-9]-[01][1-9]$",
        "date-time" => "^20[0-2][0-9]-0[1-9]-[01][1-9]T[01][0-9]:[0-5][0-9]:[0-5][0-9]Z$",
        "time" => "^[01][0-9]:[0-5][0-9]:[0-5][0-9]Z$",
        "json-pointer" => "^/[a-z]{3,8}$",
        "relative-json-pointer" => "^[1-9]$",
        _ => null,
    };

    private static long StableHash(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text) h = (h ^ c) * 1099511628211UL;
        return (long)h;
    }

    /// <summary>
    /// minProperties: optional declared properties (outside <c>not</c> groups) become required, in order, until the
    /// required ones reach it (map entries were already made required for the rest). maxProperties: optional
    /// properties past it are left out; only required ones beyond it are refused.
    /// </summary>
    private static void CheckPropertyCounts(SchemaNode node, JsonSchemaFacts facts)
    {
        var required = node.Children.Count(c => c.Required);
        if (facts.MinProperties is { } min && min > required)
            foreach (var child in node.Children)
                if (required < min && !child.Required && !InNotGroup(node, child.Name))
                {
                    child.Required = true;
                    required++;
                }
        if (facts.MinProperties > required)
            throw new SchemaReadException(
                $"At '{Show(node.Path, node.Name)}' minProperties {facts.MinProperties} asks for more properties than the object may have.");
        if (facts.MaxProperties is not { } max) return;
        if (required > max)
            throw new SchemaReadException(
                $"At '{Show(node.Path, node.Name)}' maxProperties {max} is fewer than the {required} required properties.");
        var optional = max - required;
        node.Children.RemoveAll(c => !c.Required && optional-- <= 0);
    }

    /// <summary>Each <c>additionalProperties: false</c> part admits only the names it declares or its patterns match.</summary>
    private static bool AllowedByClosedParts(string name, JsonSchemaFacts facts, Dictionary<string, System.Text.RegularExpressions.Regex> patterns) =>
        facts.ClosedParts.All(part => Declares(part, name, patterns));

    /// <summary>
    /// The <c>additionalProperties</c> schemas that a property declared elsewhere must also satisfy: those of the parts that
    /// do not declare it themselves (web-types' <c>description-sections</c>, a map of strings, also matched by an allOf
    /// sibling's pattern whose objects declare other properties: those get the map's value schema too).
    /// </summary>
    private static IEnumerable<SchemaPart> AdditionalPartsFor(string name, JsonSchemaFacts facts,
        Dictionary<string, System.Text.RegularExpressions.Regex> patterns) =>
        facts.AdditionalPropertiesByPart.Where(a => !Declares(a.Owner, name, patterns)).Select(a => a.Values);

    private static bool Declares(SchemaPart part, string name, Dictionary<string, System.Text.RegularExpressions.Regex> patterns) =>
        (part.Schema.TryGetProperty("properties", out var declared) && declared.TryGetProperty(name, out _)) ||
        (part.Schema.TryGetProperty("patternProperties", out var own) && own.EnumerateObject().Any(p => patterns[p.Name].IsMatch(name)));

    private SchemaNode PresenceTest(string property, SchemaNode owner, bool required = true)
    {
        _budget.Spend(ChildPath(owner.Path, property), 0);
        return new SchemaNode { Name = property, Path = ChildPath(owner.Path, property), Kind = NodeKind.Any, Required = required, Nullable = true };
    }

    private List<SchemaNode> ConditionTests(SchemaPart test, SchemaNode owner, int depth, ImmutableDictionary<string, int> counts, bool exact)
    {
        if (!exact) return [.. NamesTested(test).Select(name => PresenceTest(name, owner, required: false))];
        var facts = ConditionalFacts(test)!;
        var tests = new List<SchemaNode>();
        foreach (var name in facts.PropertyOrder)
        {
            var node = facts.Properties.TryGetValue(name, out var parts)
                ? Unshared(() => Build(parts, name, ChildPath(owner.Path, name), depth + 1, counts, []))
                : PresenceTest(name, owner);
            node.Required = facts.Required.Contains(name);
            tests.Add(node);
        }
        return tests;
    }

    /// <summary>The children a <c>then</c>/<c>else</c> changes: the object rebuilt with the branch merged in, cut down to
    /// the properties the branch names. Not <paramref name="exact"/> when the branch is more than narrowing properties
    /// (closing the object, anyOf, not, ...): then the object is also checked against the conditional, and null is
    /// returned when the branch cannot be built into the object at all (the check alone keeps it).</summary>
    private List<SchemaNode>? Branch(SchemaPart branch, SchemaNode owner, int depth, IReadOnlyList<SchemaPart> conjunction,
        ImmutableDictionary<string, int> refCounts, ImmutableHashSet<string> settled, out bool exact)
    {
        exact = false;
        if (branch.Schema.ValueKind == JsonValueKind.False) return null;
        branch = NarrowingOfAlternatives(branch) ?? branch;
        var facts = ConditionalFacts(branch);
        exact = facts is not null;
        var named = facts?.PropertyOrder.ToHashSet() ?? [.. NamesTested(branch)];
        SchemaNode merged;
        var outer = _branch;
        _branch = (owner.Path, depth, named);
        try
        {
            merged = Unshared(() => Build([.. conjunction, branch], owner.Name, owner.Path, depth, refCounts, settled));
        }
        catch (SchemaReadException) when (!_budget.Exceeded)
        {
            // What the branch adds cannot be built into the object (a then whose type contradicts the property's):
            // the check alone keeps it, so a record takes the other side (the if redrawn false) or fails naming it.
            exact = false;
            return null;
        }
        finally
        {
            _branch = outer;
        }
        if (merged.Kind != NodeKind.Object)
        {
            exact = false; // not made by construction: the check keeps it
            return null;
        }
        var made = merged.Children.Where(c => named.Contains(c.Name)).ToList();
        // A branch only adds to the object's schema: a property the object requires (or made required to keep several ifs
        // apart) stays required in it (minecraft-recipe's thens name "type" again through a shared definition).
        foreach (var child in made)
            if (owner.Children.FirstOrDefault(c => c.Name == child.Name) is { Required: true }) child.Required = true;
        // A property the branch names that no value fits was left out of the merged object (youtrack-app's
        // `then: {properties: {showHeader: {not: {}}}}`, codeship's `steps: {type: null}` on an array), but the object's
        // own may still make it: the side leaves it out (an absent node, never made, so its kind does not matter). Where
        // the side or the object requires it, the side cannot hold: only the check keeps records off it.
        if (facts is not null)
            foreach (var name in facts.Properties.Keys.Where(n => made.All(c => c.Name != n)).ToList())
            {
                if (facts.Required.Contains(name) || owner.Children.Any(c => c.Name == name && c.Required)) exact = false;
                else
                {
                    _budget.Spend(ChildPath(owner.Path, name), 0);
                    made.Add(new SchemaNode { Name = name, Path = ChildPath(owner.Path, name), Kind = NodeKind.String, Absent = true });
                }
            }
        return made;
    }

    /// <summary>
    /// A then or schema dependency that is only a oneOf/anyOf whose alternatives each narrow the same one property to values
    /// (the strict draft-07 meta-schema: <c>minimum</c> needs <c>type</c> "integer" or "number", a oneOf of two
    /// <c>properties</c>), as the one narrowing it means: that property among the values, required when the property's
    /// absence would satisfy every alternative of a oneOf (which then fails). Built from the alternatives it is a choice,
    /// which a record can only be checked against and redrawn; as one narrowing it is made by construction (and
    /// <see cref="Engine.PresenceDependencies"/> leaves out the triggers it contradicts). Null for any other branch.
    /// </summary>
    private SchemaPart? NarrowingOfAlternatives(SchemaPart branch)
    {
        if (branch.Schema.ValueKind != JsonValueKind.Object) return null;
        (SchemaPart Part, bool OneOf)? combinator = null;
        foreach (var part in Flattened([branch]))
            foreach (var keyword in part.Schema.EnumerateObject())
                if (keyword.Name is "oneOf" or "anyOf" && keyword.Value.ValueKind == JsonValueKind.Array && combinator is null)
                    combinator = (new SchemaPart(keyword.Value, part.Pointer + "/" + keyword.Name), keyword.Name == "oneOf");
                else if (keyword.Name is not ("$ref" or "allOf" or "title" or "description" or "$comment" or "$id" or "$anchor"))
                    return null;
        if (combinator is not var (alternatives, oneOf)) return null;
        string? property = null;
        bool? required = null;
        // Each value (raw JSON) with how many alternatives allow it.
        var counts = new Dictionary<string, (JsonElement Value, int Count)>();
        var alternativeCount = alternatives.Schema.GetArrayLength();
        for (var i = 0; i < alternativeCount; i++)
        {
            var alternative = alternatives.Schema[i];
            var facts = alternative.ValueKind == JsonValueKind.Object ? ConditionalFacts(new(alternative, $"{alternatives.Pointer}/{i}")) : null;
            if (facts is null || facts.Properties.Count != 1) return null;
            var (name, parts) = facts.Properties.Single();
            if ((property ??= name) != name || facts.Required.Any(r => r != name) || (required ??= facts.Required.Count > 0) != facts.Required.Count > 0)
                return null;
            // Values only: a type next to them is left to the choice (a value of another type would not be one).
            if (ValueOnlyFacts(parts) is not { Enum: { } values, Types: null }) return null;
            foreach (var value in values.DistinctBy(v => v.GetRawText()))
                counts[value.GetRawText()] = (value, counts.GetValueOrDefault(value.GetRawText()).Count + 1);
        }
        if (property is null) return null;
        // A value two alternatives of a oneOf allow matches both: not one of its values.
        var allowed = new JsonArray([.. counts.Values.Where(v => !oneOf || v.Count == 1)
            .Select(v => JsonNode.Parse(v.Value.GetRawText()))]);
        var narrowing = new JsonObject
        {
            ["properties"] = new JsonObject { [property] = new JsonObject { ["enum"] = allowed } },
        };
        if (required == true || (oneOf && alternativeCount > 1)) narrowing["required"] = new JsonArray(property);
        return new SchemaPart(JsonSerializer.SerializeToElement(narrowing), alternatives.Pointer);
    }

    /// <summary>The object a <see cref="Branch"/> is rebuilding, by path and depth, and the properties its branch names: only
    /// those are built, since only those are kept. Building the rest again for every branch multiplied with each level of
    /// objects that nest with <c>dependencies</c> at every level (the strict draft-07 meta-schema).</summary>
    private (string Path, int Depth, HashSet<string> Names)? _branch;

    /// <summary>The facts of an <c>if</c>/<c>then</c>/<c>else</c> that only tests or narrows the object's own properties;
    /// null when it uses any other keyword.</summary>
    private JsonSchemaFacts? ConditionalFacts(SchemaPart part)
    {
        var parts = new List<SchemaPart>();
        Flatten(part, parts, [], [], []);
        var facts = new JsonSchemaFacts();
        foreach (var p in parts)
        {
            if (p.Schema.EnumerateObject().Any(keyword => !ConditionalKeywords.Contains(keyword.Name))) return null;
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
        AddContainedItems(node, facts, depth, counts);
        if (facts.RestItemsForbidden)
        {
            node.MaxOccurs = Math.Min(node.MaxOccurs ?? int.MaxValue, facts.PrefixItems.Count);
            if (node.MinOccurs > node.MaxOccurs)
                throw new SchemaReadException(
                    $"At '{Show(node.Path, node.Name)}' minItems {node.MinOccurs} needs more items than the {node.MaxOccurs} the tuple allows.");
        }
        else
        {
            var rest = Build(facts.RestItems, node.Name, node.Path + "[]", depth + 1, counts, []);
            if (rest.Truncated && node.MinOccurs > node.Children.Count)
                throw Unsatisfiable($"At '{Show(node.Path, node.Name)}' minItems {node.MinOccurs} needs items that recurse past the depth limit.");
            RefuseNullOnly(rest, allowed: true);
            rest.Required = true;
            node.Children.Add(rest);
        }
        node.Unbounded = node.MaxOccurs is null;
        if (node.MinOccurs > node.MaxOccurs)
            throw new SchemaReadException($"At '{Show(node.Path, node.Name)}' minItems {node.MinOccurs} is greater than maxItems {node.MaxOccurs}.");
    }

    /// <summary>
    /// <c>contains</c>: the first <c>minContains</c> (default 1) items after the tuple are made from the item schema and
    /// the <c>contains</c> schema together; several <c>contains</c> (one per allOf part: kya's "must include
    /// VerifiablePresentation and KyaManifest") each get their own items, fewer by the tuple items that already satisfy it
    /// (<see cref="TupleItemsContaining"/>). <c>maxContains</c> caps the whole array, since any item may match.
    /// </summary>
    private void AddContainedItems(SchemaNode node, JsonSchemaFacts facts, int depth, ImmutableDictionary<string, int> counts)
    {
        if (facts.Contains.Count == 0) return;
        var needed = facts.MinContains ?? 1;
        var first = facts.PrefixItems.Count;
        if (needed > 0 && facts.RestItemsForbidden)
            throw new SchemaReadException(
                $"At '{Show(node.Path, node.Name)}' 'contains' needs an item past a closed tuple; put the contained item into the tuple instead.");
        var made = 0;
        foreach (var contained in facts.Contains)
            for (var i = TupleItemsContaining(facts, contained); i < needed; i++, made++)
            {
                var item = Build([.. facts.RestItems, contained], node.Name, $"{node.Path}[{first + made}]", depth + 1, counts, []);
                RefuseNullOnly(item, allowed: true);
                item.PrefixIndex = first + made;
                item.Required = true;
                node.Children.Add(item);
            }
        node.MinOccurs = Math.Max(node.MinOccurs ?? 0, first + made);
        if (facts.MaxContains is { } max)
        {
            if (max < needed)
                throw new SchemaReadException($"At '{Show(node.Path, node.Name)}' maxContains {max} is less than minContains {needed}.");
            node.MaxOccurs = Math.Min(node.MaxOccurs ?? int.MaxValue, first + max * facts.Contains.Count);
        }
    }

    /// <summary>
    /// How many tuple items surely satisfy a <c>contains</c> that only names values (<c>const</c>/<c>enum</c>, with
    /// <c>type</c>): a tuple item whose every allowed value is one of them counts already. Without this, a further item is
    /// forced that repeats the value, which <c>uniqueItems</c> forbids (VC 2.0's <c>@context</c>: <c>prefixItems</c>
    /// <c>[{const: v2}]</c>, <c>contains: {const: v2}</c>, <c>uniqueItems</c>).
    /// </summary>
    private int TupleItemsContaining(JsonSchemaFacts facts, SchemaPart contained)
    {
        var wanted = ValueOnlyFacts([contained]);
        if (wanted?.Enum is not { } values) return 0;
        bool Wanted(JsonElement v) =>
            values.Any(w => JsonElement.DeepEquals(v, w)) && (wanted.Types is null || wanted.Types.Any(t => Fits(v, t)));
        return facts.PrefixItems.Count(prefix => FactsOf(prefix) is { Enum: { Count: > 0 } fixedValues } && fixedValues.All(Wanted));
    }

    private static readonly HashSet<string> ValueKeywords = ["const", "enum", "type"];

    /// <summary>The facts of a schema that says nothing but which values it allows; null when it has other keywords.</summary>
    private JsonSchemaFacts? ValueOnlyFacts(IReadOnlyList<SchemaPart> conjunction) =>
        FactsOf(conjunction, parts => parts.All(p =>
            p.Schema.EnumerateObject().All(k => ValueKeywords.Contains(k.Name) || NeutralKeywords.Contains(k.Name))));

    /// <summary>The facts of a conjunction (its <c>$ref</c>s and <c>allOf</c>s flattened); null when
    /// <paramref name="accept"/> rejects the flattened parts.</summary>
    private JsonSchemaFacts? FactsOf(IReadOnlyList<SchemaPart> conjunction, Func<List<SchemaPart>, bool>? accept = null)
    {
        var parts = new List<SchemaPart>();
        foreach (var part in conjunction) Flatten(part, parts, [], [], []);
        if (accept is not null && !accept(parts)) return null;
        var facts = new JsonSchemaFacts();
        foreach (var part in parts) facts.Add(part, document);
        return facts;
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
                $"'{Show(node.Path, node.Name)}' only allows null ('type: null'); that is supported only as an alternative, e.g. \"type\": " +
                "[\"string\", \"null\"].");
    }

    private static string ChildPath(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Show(string path, string name) => path.Length == 0 ? name : path;
}
