using Tdmp.Generation.Schema;

namespace Tdmp.Generation.Engine;

/// <summary>
/// JSON Schema <c>oneOf</c> needs exactly one branch to match. The repr does not tell oneOf from anyOf,
/// so a value made from one branch of a choice whose branches may overlap is checked against the
/// others; when it may also match one of them it is made again. The check is conservative: it only
/// answers "cannot match" when a stated fact (kind, required property, const, enum, bounds, length,
/// pattern, closed object, item count) rules the other branch out.
/// </summary>
internal static class BranchOverlap
{
    /// <summary>Whether branches can be told apart by their kinds or by a required discriminator with distinct values.
    /// Values of other types that a branch accepts (<see cref="SchemaNode.AcceptsOtherTypes"/>) count for a oneOf (its
    /// branches have an exclusion), where they make a value match twice; an anyOf's value may match several.</summary>
    /// <remarks>A branch that is a reference or a recursion marker is read as the content <paramref name="contentOf"/>
    /// gives (past <see cref="ContentSteps"/>, or a marker whose content is not known: they may overlap).</remarks>
    public static bool AreDisjoint(IReadOnlyList<SchemaNode> branches, Func<SchemaNode, SchemaNode?>? contentOf = null, bool? oneOf = null)
    {
        oneOf ??= branches.Any(b => b.Exclusion is not null);
        // A branch that is a reference is read as its content once, not once per pair (FHIR's 141 resources).
        var read = branches.Select(b => b.Reuses is not null && contentOf?.Invoke(b) is { } content ? content : b).ToList();
        var steps = ContentSteps;
        for (var a = 0; a < read.Count; a++)
            for (var b = a + 1; b < read.Count; b++)
                if (!Disjoint(read[a], read[b], oneOf.Value, contentOf, ref steps)) return false;
        return true;
    }

    private static bool Disjoint(SchemaNode a, SchemaNode b, bool otherTypes = false)
    {
        var steps = ContentSteps;
        return Disjoint(a, b, otherTypes, null, ref steps);
    }

    private static bool Disjoint(SchemaNode a, SchemaNode b, bool otherTypes, Func<SchemaNode, SchemaNode?>? contentOf, ref int steps)
    {
        if (a.Nullable && b.Nullable) return false;
        foreach (var side in (ReadOnlySpan<bool>)[true, false])
        {
            var n = side ? a : b;
            if (n.Reuses is null && n.RecursesTo is null) continue;
            if (steps-- <= 0) return false;
            // Unknown content: a reference's kind is its content's (an object), a marker's only guessed from its keywords.
            if (contentOf?.Invoke(n) is not { } content)
            {
                if (n.RecursesTo is not null) return false;
                continue;
            }
            if (side) a = content;
            else b = content;
        }
        // A nested choice (a oneOf whose branch is itself a $ref to a oneOf) is told apart only if each of its own
        // branches is; an unconstrained value overlaps everything.
        if (a.Kind == NodeKind.Choice)
        {
            foreach (var c in a.Children)
                if (!Disjoint(c, b, otherTypes, contentOf, ref steps)) return false;
            return true;
        }
        if (b.Kind == NodeKind.Choice)
        {
            foreach (var c in b.Children)
                if (!Disjoint(a, c, otherTypes, contentOf, ref steps)) return false;
            return true;
        }
        if (a.Kind == NodeKind.Any || b.Kind == NodeKind.Any) return false;
        // Values are made of a branch's own (guessed) kind: one of the other's kind satisfies the one that accepts other
        // types; of one kind, they are told apart as that kind's values.
        var aOther = otherTypes && a.AcceptsOtherTypes;
        var bOther = otherTypes && b.AcceptsOtherTypes;
        var ka = JsonKind(a);
        var kb = JsonKind(b);
        if (!SameKind(ka, kb)) return !aOther && !bOther;
        if (a.Kind == NodeKind.Object && b.Kind == NodeKind.Object && (RequiresWhatTheOtherForbids(a, b) || RequiresWhatTheOtherForbids(b, a)))
            return true;
        if (a.Kind == NodeKind.Object && b.Kind == NodeKind.Object)
            foreach (var (x, y) in (ReadOnlySpan<(SchemaNode, SchemaNode)>)[(a, b), (b, a)])
                foreach (var px in x.Children)
                {
                    var py = y.Children.FirstOrDefault(c => c.Name == px.Name);
                    if (py is null || !px.Required || px.MapEntry || py.MapEntry || Values(px) is not { } vx) continue;
                    // A required discriminator: the other requires other values, or excludes all of these.
                    if (py.Required && Values(py) is { } vy && !vx.Overlaps(vy)) return true;
                    if (py.NotValues is { } excluded && vx.All(v => excluded.Contains(v))) return true;
                }
        var sa = Values(a);
        var sb = Values(b);
        return sa is not null && sb is not null && !sa.Overlaps(sb);
    }

    /// <summary>
    /// An optional property of an object alternative whose values (const/enum) no other alternative's same-named property
    /// accepts tells that alternative apart whenever it is present (a discriminator left optional, as in
    /// <c>{"properties": {"type": {"const": "http"}}}</c>): it is always made, so that values of the alternative are not
    /// valid under the others (oneOf) and draws are not wasted on ones that are. Members of a <c>not: {required}</c> group
    /// stay optional (that group needs one of them left out).
    /// </summary>
    public static void RequireDiscriminators(IReadOnlyList<PlanNode> branches)
    {
        foreach (var branch in branches)
        {
            if (branch.Kind != PlanNodeKind.Object || branch.Source is not { Kind: NodeKind.Object } own) continue;
            var inGroup = branch.NotAllPresent?.SelectMany(g => g).ToHashSet() ?? [];
            foreach (var other in branches)
            {
                if (ReferenceEquals(other, branch) || other.Source is not { Kind: NodeKind.Object } theirs || Disjoint(own, theirs)) continue;
                for (var i = 0; i < branch.Children.Length; i++)
                {
                    var property = branch.Children[i];
                    if (property.Required || inGroup.Contains(i) || property.Source is not { } mine || Values(mine) is not { } values) continue;
                    var against = theirs.Children.FirstOrDefault(c => c.Name == property.Name);
                    if (against is null || Values(against) is not { } rejected || values.Overlaps(rejected)) continue;
                    if (property.Nullable && against.Nullable) continue;
                    property.Required = true;
                }
            }
        }
    }

    /// <summary>
    /// Whether every value <paramref name="alternative"/> can make also satisfies <paramref name="other"/>: its kinds are
    /// all ones that <paramref name="other"/> takes whole, because other's kind was only guessed from its keywords (opspec's
    /// <c>oneOf: [{"type": "boolean"}, {"properties": ...}]</c>: every boolean satisfies the second). Such a oneOf
    /// alternative can never be the only one a value matches.
    /// </summary>
    public static bool AlwaysAlsoMatches(SchemaNode alternative, SchemaNode other)
    {
        var taken = KindsTakenWhole(other);
        return taken.Count > 0 && Kinds(alternative).All(taken.Contains);
    }

    private static readonly string[] AllKinds = ["object", "array", "string", "number", "boolean", "null"];

    /// <summary>The JSON types a node makes values of ("integer" counts as "number").</summary>
    private static HashSet<string> Kinds(SchemaNode n)
    {
        if (n.Kind == NodeKind.Choice) return [.. n.Children.SelectMany(Kinds), .. n.Nullable ? ["null"] : Array.Empty<string>()];
        if (n.Kind == NodeKind.Any) return [.. AllKinds];
        return [JsonKind(n) == "integer" ? "number" : JsonKind(n), .. n.Nullable ? ["null"] : Array.Empty<string>()];
    }

    /// <summary>The JSON types of which a node accepts every value: the ones other than its guessed kind; for an anyOf
    /// (alternatives with no exclusion), those of any alternative.</summary>
    private static HashSet<string> KindsTakenWhole(SchemaNode n)
    {
        if (n.Kind == NodeKind.Choice)
            return n.Children.Any(c => c.Exclusion is not null) ? [] : [.. n.Children.SelectMany(KindsTakenWhole)];
        if (!n.AcceptsOtherTypes) return [];
        var own = JsonKind(n) == "integer" ? "number" : JsonKind(n);
        return [.. AllKinds.Where(k => k != own)];
    }

    /// <summary>Whether <paramref name="x"/> requires a property that <paramref name="y"/>'s schema, closed to all but the
    /// properties it names, does not name (FHIR's Parameters, the one resource without <c>resourceType</c>). A map's entry
    /// does not count: its name was made up, and the map takes any other name too (tox's one-entry factor maps beside a
    /// closed <c>{"product": [...]}</c>). Known while the schema is read only.</summary>
    private static bool RequiresWhatTheOtherForbids(SchemaNode x, SchemaNode y) =>
        y.AdmittedNames is { } admitted && x.Children.Any(c => c.Required && !c.MapEntry && !admitted.Contains(c.Name));

    private static bool SameKind(string a, string b) => a == b || a is "number" or "integer" && b is "number" or "integer";

    private static HashSet<string>? Values(SchemaNode n) =>
        n.Const is { } c ? [c] : n.Enum is { } e ? [.. e.Where(v => v is not null).Select(v => v!)] : null;

    private static string JsonKind(SchemaNode n) => n.Kind switch
    {
        NodeKind.Object => "object",
        NodeKind.Array => "array",
        NodeKind.Integer => "integer",
        NodeKind.Number => "number",
        NodeKind.Boolean => "boolean",
        NodeKind.Any or NodeKind.Choice => "any",
        _ => "string",
    };

    /// <summary>How many references and recursion markers one question follows to the content they stand for (each step
    /// into a member or item reads a shorter value, so only these steps could go round): past it, "may match".</summary>
    private const int ContentSteps = 256;

    /// <summary>
    /// The content each reference to shared content (<see cref="SchemaNode.Reuses"/>) and recursion marker
    /// (<see cref="SchemaNode.RecursesTo"/>) of a plan stands for: the repr node it names (<see cref="ReprRecursion.ContentByPath"/>),
    /// else the node compiled at that path (content compiled in place at a copy's path is found at that path). A
    /// reference holds no children, so a branch's properties that are references tell nothing until they are read here.
    /// </summary>
    public static Func<SchemaNode, SchemaNode?> ContentOf(SchemaRepr repr, IReadOnlyList<PlanNode> nodes)
    {
        var inRepr = new ReprRecursion.ContentByPath(repr.AllNodes());
        var compiled = new ReprRecursion.ContentByPath(nodes.Select(n => n.Source).OfType<SchemaNode>());
        return s => inRepr.Of(s) ?? compiled.Of(s);
    }

    /// <summary>Whether the value made at token <paramref name="index"/> may also be valid against <paramref name="schema"/>.
    /// References and markers are read as the content <paramref name="contentOf"/> gives (none: "may match").</summary>
    public static bool MayMatch(SchemaNode schema, RecordBuffer buffer, int index, IReadOnlyList<PlanNode> nodes,
        Func<SchemaNode, SchemaNode?>? contentOf = null)
    {
        var steps = ContentSteps;
        return MayMatch(schema, buffer, index, nodes, contentOf, ref steps);
    }

    private static bool MayMatch(SchemaNode schema, RecordBuffer buffer, int index, IReadOnlyList<PlanNode> nodes,
        Func<SchemaNode, SchemaNode?>? contentOf, ref int steps)
    {
        if (schema.Reuses is not null || schema.RecursesTo is not null)
        {
            if (steps-- <= 0 || contentOf?.Invoke(schema) is not { } content)
                return true;
            // null is the use's to allow (a reference carries its content's), or the content's.
            if (buffer.Token(index).Kind == TokenKind.Null) return schema.Nullable || content.Nullable;
            schema = content;
        }
        if (schema.Kind == NodeKind.Any) return true;
        if (schema.Kind == NodeKind.Choice)
        {
            foreach (var c in schema.Children)
                if (MayMatch(c, buffer, index, nodes, contentOf, ref steps)) return true;
            return false;
        }
        var t = buffer.Token(index);
        switch (t.Kind)
        {
            case TokenKind.Null:
                return schema.Nullable;
            case TokenKind.Value:
                {
                    if (t.Offset < 0) return true;
                    var text = buffer.Text(t);
                    var raw = t.JsonType == ValueJsonType.Raw;
                    var isBool = raw && (text.SequenceEqual("true") || text.SequenceEqual("false"));
                    var ok = schema.Kind switch
                    {
                        NodeKind.Object or NodeKind.Array => false,
                        NodeKind.Boolean => isBool,
                        NodeKind.Integer => raw && !isBool && !text.Contains('.') && !text.Contains('e') && !text.Contains('E'),
                        NodeKind.Number => raw && !isBool,
                        _ => !raw,
                    };
                    return ok && ConditionTest.Matches(schema, text);
                }
            case TokenKind.StartObject:
                {
                    if (schema.Kind != NodeKind.Object) return false;
                    var end = End(buffer, index);
                    foreach (var property in schema.Children)
                    {
                        var at = Member(buffer, index, end, property.Name, nodes);
                        if (at < 0)
                        {
                            if (property.Required) return false;
                            continue;
                        }
                        if (!MayMatch(property, buffer, at, nodes, contentOf, ref steps)) return false;
                    }
                    if (schema.Closed)
                        for (var i = index + 1; i < end; i = End(buffer, i) + 1)
                            if (!schema.Children.Any(c => c.Name == nodes[buffer.Token(i).NameId].Name)) return false;
                    return true;
                }
            case TokenKind.StartArray:
                {
                    if (schema.Kind != NodeKind.Array) return false;
                    var end = End(buffer, index);
                    var count = 0;
                    for (var i = index + 1; i < end; i = End(buffer, i) + 1) count++;
                    return count >= (schema.MinOccurs ?? 0) && (schema.MaxOccurs is not { } max || count <= max);
                }
            default:
                return true;
        }
    }

    /// <summary>The last token of the value that starts at <paramref name="index"/>.</summary>
    private static int End(RecordBuffer buffer, int index)
    {
        var depth = 0;
        for (var i = index; i < buffer.TokenCount; i++)
        {
            var kind = buffer.Token(i).Kind;
            if (kind is TokenKind.StartObject or TokenKind.StartArray) depth++;
            else if (kind is TokenKind.EndObject or TokenKind.EndArray) depth--;
            if (depth == 0) return i;
        }
        return buffer.TokenCount - 1;
    }

    private static int Member(RecordBuffer buffer, int start, int end, string name, IReadOnlyList<PlanNode> nodes)
    {
        for (var i = start + 1; i < end; i = End(buffer, i) + 1)
            if (nodes[buffer.Token(i).NameId].Name == name) return i;
        return -1;
    }
}
