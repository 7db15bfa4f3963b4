using Tdmp.Generation.Schema;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Engine;

/// <summary>What a compiled node makes: a container, a repetition, one of several branches, a value, an XSD model group written in
/// place, a recursion: the content of an enclosing node (<see cref="PlanNode.Target"/>) over again, followed while records are
/// made, or a reuse: the content compiled once for another node (shared content, <see cref="SchemaNode.Reuses"/>), made under
/// this node's name without counting as a recursion.</summary>
public enum PlanNodeKind { Object, Array, Choice, Scalar, Group, Recursion, Reuse }

/// <summary>
/// How one node is made in the records where it applies: the value generator, presence and null
/// rates, item counts, uniqueness, and the same-record links (<c>after</c>, <c>before</c>).
/// A node has a base behaviour and may have variants selected by <c>when</c> rules.
/// </summary>
public sealed class NodeBehavior
{
    public ValueGenerator? Generator { get; set; }
    public double PresentRate { get; set; } = 1;
    public double NullRate { get; set; }
    public int MinItems { get; set; }
    public int MaxItems { get; set; }
    public bool Unique { get; set; }
    /// <summary>Unique because the field identifies the record (an id, a number, an e-mail), not because a rule says so: a count above the domain
    /// repeats values instead of failing.</summary>
    public bool UniqueByName { get; set; }
    /// <summary>Which of the run's index permutations spreads this behaviour's unique keys over its domain.</summary>
    public int UniqueSlot { get; set; } = -1;
    public PlanNode? After { get; set; }
    /// <summary>With <see cref="After"/>: at most this far after the other value, in the generator's units (a delivery within weeks, not
    /// years).</summary>
    public long? MaxLag { get; set; }
    public PlanNode? Before { get; set; }

    public NodeBehavior Clone() => (NodeBehavior)MemberwiseClone();
}

/// <summary>A behaviour that replaces the base one in records where another field has a given value.</summary>
public sealed record ConditionalBehavior(PlanNode Field, string EqualsText, NodeBehavior Behavior);

/// <summary>One node of a <see cref="GenerationPlan"/>: a schema node compiled for fast generation and writing.</summary>
public sealed class PlanNode
{
    public required int Id { get; init; }
    /// <summary>The element, property or attribute name as written (a JSON choice branch carries its choice's name).</summary>
    public required string Name { get; init; }
    public required string Path
    {
        get;
        init
        {
            field = value;
            PathHash = RecordRandom.PathHash(value);
        }
    }
    /// <summary>Names the node's value stream (<see cref="RecordRandom.FieldKey"/>): fields draw independently of each other.</summary>
    public ulong PathHash { get; private init; }
    public required PlanNodeKind Kind { get; init; }
    public SchemaNode? Source { get; init; }
    public PlanNode? Parent { get; set; }
    public PlanNode[] Children { get; set; } = [];

    public bool IsAttribute { get; init; }
    /// <summary>The text content of an XSD element with simple content or mixed content.</summary>
    public bool IsText { get; init; }
    public string? Namespace { get; init; }

    /// <summary>Always present (required property, minOccurs ≥ 1, array item, chosen branch).</summary>
    public bool Required { get; set; }
    public bool Nullable { get; set; }
    /// <summary>An XSD repetition with no occurrence is left out entirely rather than written as an empty array.</summary>
    public bool OmitWhenEmpty { get; init; }
    public bool UniqueItems { get; set; }

    public NodeBehavior Behavior { get; set; } = new();
    public ConditionalBehavior[]? Variants { get; set; }

    /// <summary>Made after the rest of the record, because it reads other fields of it.</summary>
    public bool Deferred { get; set; }
    public int DeferRank { get; set; }

    /// <summary>How many keys one record may use for this node's unique values (product of enclosing repetitions).</summary>
    public long UniqueStride { get; set; } = 1;

    /// <summary>Nodes whose unique values must all differ from each other's (<see cref="Schema.SchemaNode.UniqueAmong"/>, or
    /// one field compiled once per recursion depth) interleave their keys: this node's keys are those congruent to
    /// <see cref="UniqueLane"/> modulo <see cref="UniqueLanes"/>, and they share one permutation.</summary>
    public int UniqueLane { get; set; }
    public int UniqueLanes { get; set; } = 1;

    /// <summary>A unique key of this node (counted over its own occurrences) as a key of its lane.</summary>
    internal ulong InLane(ulong key) => key * (ulong)UniqueLanes + (ulong)UniqueLane;

    /// <summary>A field of a multi-field key: its unique key counts the occurrences of this element (the one holding
    /// every field of the key) instead of its own, so the fields of one element take the same key.</summary>
    public PlanNode? UniqueScope { get; set; }

    /// <summary>An element some fields' <see cref="UniqueScope"/> names: the engine counts its occurrences in a record.</summary>
    public bool CountsOccurrences { get; set; }

    /// <summary>A unique field whose few values (<see cref="PlanCompiler"/>'s small domains) differ only within each instance of
    /// this element, its XSD unique's scope: its keys count the group's fields made in that instance.</summary>
    public PlanNode? UniqueCountedIn { get; set; }

    /// <summary>The unique slots whose counts (<see cref="UniqueCountedIn"/>) start again at each instance of this element.</summary>
    public int[]? ResetsUniqueCounts { get; set; }

    public ValueJsonType JsonType => Behavior.Generator?.JsonType ?? ValueJsonType.String;

    /// <summary>The array's item for positions past <see cref="PrefixItems"/> (null for a closed tuple).</summary>
    public PlanNode Item => Children[0];

    /// <summary>JSON tuple items (prefixItems): the items at the first positions, in order.</summary>
    public PlanNode[]? PrefixItems { get; set; }

    /// <summary>A JSON choice whose branches may overlap: a value is checked against the other branches (oneOf).</summary>
    public bool CheckBranchOverlap { get; set; }

    /// <summary>How often an XSD choice or group with occurrences repeats in place.</summary>
    public int MinRepeat { get; set; } = 1;
    public int MaxRepeat { get; set; } = 1;

    /// <summary>JSON schemas every value of this node is checked against, redrawn a bounded number of times (generate-and-check).</summary>
    public SchemaCheck[]? Checks { get; set; }

    /// <summary>A JSON oneOf branch: the other branches, which a value of this one must not satisfy.</summary>
    public SchemaCheck? Exclusion { get; set; }

    /// <summary>JSON if/then/else on this object: children replaced when the condition holds (or not).</summary>
    public ObjectConditional[]? Conditionals { get; set; }

    /// <summary>JSON schema dependencies on this object's optional properties that narrow the same property: which of their
    /// triggers may be made together (null when there are none).</summary>
    internal PresenceDependencies? Presence { get; set; }

    /// <summary>JSON <c>not: {required: [...]}</c> on this object: groups of child indices that never all appear;
    /// in each record one optional member of each group is left out.</summary>
    public int[][]? NotAllPresent { get; set; }

    /// <summary>A <see cref="PlanNodeKind.Recursion"/> node: the enclosing node whose content it makes again (a back-edge of
    /// the plan); a <see cref="PlanNodeKind.Reuse"/> node: the node compiled for the content it shares. Its outermost token is
    /// written under this node's name; the content's tokens are the target's nodes.</summary>
    public PlanNode? Target { get; set; }

    /// <summary>The fewest back-edges (<see cref="Target"/>s) that making this node requires on one chain, when every
    /// optional step is left out: 0 for anything that can end without recursion, <see cref="Endless"/> for what never
    /// ends. The engine makes an optional step only when this fits within the recursions still allowed.</summary>
    public int MinBackEdges { get; set; }

    public const int Endless = int.MaxValue / 4;

    /// <summary>The back-edges this node needs to hold anything: <see cref="MinBackEdges"/>, or for an array of items that
    /// recurse, what one item needs (an optional array that could only be empty is left out, as the unrolled plans did).</summary>
    public int UsefulBackEdges { get; set; }

    /// <summary>A recursion or reuse node: how many object levels its target's content lies deeper here than where it is compiled
    /// (what <c>params.max_depth</c> counts while the back-edge is followed).</summary>
    public int DepthShift { get; set; }

    /// <summary>A member cut by <c>params.max_depth</c> (or the plan's depth limit) where this depth plus the recursion's
    /// shift reaches the limit: for an optional container (object, array, choice) the object depth of its enclosing object;
    /// for a value, attribute or text one less, so that only objects past the limit (made because required) lack them.</summary>
    public int DepthCut { get; set; } = Endless;

    /// <summary>Whether the depth limit leaves this (optional) node out where its content lies <paramref name="offset"/>
    /// levels deeper than where it was compiled; a node given no <see cref="DepthCut"/> never is.</summary>
    public bool CutByDepth(int offset, int limit) => DepthCut != Endless && DepthCut + offset >= limit;

    /// <summary>Whether a record leaves this node out where the depth limit or the recursion bound cuts it, with
    /// <paramref name="behavior"/> drawn for it: it is optional, or a repetition that may be empty.</summary>
    public bool LeftOutWhenCut(NodeBehavior behavior) => !Required || OmitWhenEmpty && behavior.MinItems == 0;

    /// <summary>Inside the content of a recursion's or reuse's target: it may occur at several places of one record.</summary>
    public bool Recurring { get; set; }

    public override string ToString() => Path;
}

/// <summary>
/// A compiled JSON Schema <c>if</c>/<c>then</c>/<c>else</c>: the tests read siblings already made in
/// the same object (they are made first), and the chosen side replaces children by position.
/// </summary>
public sealed class ObjectConditional
{
    public required (PlanNode Sibling, SchemaNode Test)[] Tests { get; init; }
    /// <summary>The <c>if</c> schema, when the property tests cannot decide it: evaluated on the properties made so far.</summary>
    public SchemaCheck? IfCheck { get; init; }
    /// <summary>By child index: the node made instead of that child when the condition holds, or null.</summary>
    public required PlanNode?[] Then { get; init; }
    /// <summary>By child index: the node made instead when it does not hold, or null.</summary>
    public required PlanNode?[] Else { get; init; }
    /// <summary>"else if": the index of the conditional whose <c>else</c> this one is (taken only where that one's <c>if</c>
    /// fails), or -1.</summary>
    public int ElseOf { get; init; } = -1;

    /// <summary>Whether <paramref name="replacement"/> (of a side) leaves its property out: the side allows it no value.</summary>
    public static bool LeavesOut(PlanNode replacement) => replacement.Source is { Absent: true };
}
