namespace Tdmp.Generation.Engine;

/// <summary>
/// Schema dependencies (<c>dependencies</c>/<c>dependentSchemas</c> of a schema) on an object: "when this optional property
/// is present, that property is narrowed". Several of them often narrow the same property (mongodb-atlas-search's field
/// mapping: <c>maxGrams</c> needs <c>type</c> "autocomplete", <c>dynamic</c> needs "document", ...), and the engine makes
/// that property from one of their replacements only, the first holding one in schema order. So an optional trigger is
/// made only when the replacement that will then be used also satisfies every other holding dependency on the same
/// property (its values are a subset of theirs); otherwise it is left out of the record. Which dependencies an object follows
/// is led by one drawn per object (<see cref="DrawLead"/>): without it the first trigger in the object decided, and the strict
/// draft-07 meta-schema's entities, whose first keywords need a numeric type, were nearly all numbers. Built once per object
/// at plan time; objects without such dependencies have none.
/// </summary>
internal sealed class PresenceDependencies
{
    private readonly int[] _triggerOf;
    private readonly int[][] _replaces;
    private readonly bool[,] _covers;
    private readonly int[] _narrowing;

    private PresenceDependencies(int[] triggerOf, int[][] replaces, bool[,] covers)
    {
        _triggerOf = triggerOf;
        _replaces = replaces;
        _covers = covers;
        _narrowing = [.. Enumerable.Range(0, replaces.Length).Where(c => replaces[c].Length > 0)];
    }

    /// <summary>The object's dependencies on an optional property that narrow a property another one narrows too, or null.</summary>
    public static PresenceDependencies? Of(PlanNode[] children, ObjectConditional[] conditionals)
    {
        var triggerOf = new int[children.Length];
        Array.Fill(triggerOf, -1);
        var replaces = new int[conditionals.Length][];
        var shared = false;
        for (var c = 0; c < conditionals.Length; c++)
        {
            replaces[c] = [];
            var cond = conditionals[c];
            if (cond.IfCheck is not null || cond.Tests.Length != 1 || cond.Else.Any(e => e is not null)
                || cond.ElseOf >= 0 || conditionals.Any(o => o.ElseOf == c)) continue;
            var (sibling, test) = cond.Tests[0];
            var trigger = Array.IndexOf(children, sibling);
            if (!IsPresenceTest(test) || trigger < 0 || sibling.Required || triggerOf[trigger] >= 0) continue;
            triggerOf[trigger] = c;
            replaces[c] = [.. Enumerable.Range(0, cond.Then.Length).Where(j => cond.Then[j] is not null)];
            for (var other = 0; other < c; other++) shared |= replaces[other].Intersect(replaces[c]).Any();
        }
        if (!shared) return null;
        var covers = new bool[conditionals.Length, conditionals.Length];
        var restricts = false;
        for (var a = 0; a < conditionals.Length; a++)
            for (var b = 0; b < conditionals.Length; b++)
            {
                covers[a, b] = replaces[a].Intersect(replaces[b]).All(j => Subset(conditionals[a].Then[j]!, conditionals[b].Then[j]!));
                restricts |= !covers[a, b];
            }
        return restricts ? new PresenceDependencies(triggerOf, replaces, covers) : null;
    }

    /// <summary>The dependency whose trigger is child <paramref name="child"/>, or -1.</summary>
    public int TriggerOf(int child) => child < _triggerOf.Length ? _triggerOf[child] : -1;

    /// <summary>The dependency an object follows: its triggers are made only where they agree with it.</summary>
    public int DrawLead(ref RecordRandom rng) => _narrowing[rng.NextInt(_narrowing.Length)];

    /// <summary>Whether dependency <paramref name="c"/> may hold next to those holding already: it agrees with the
    /// object's <paramref name="lead"/> (one of them satisfies the other), and for every property it narrows, the first
    /// holder's replacement (the one made) satisfies the others. <paramref name="firstHolder"/> gives, by child index, the
    /// first holding dependency that narrows it (-1 for none).</summary>
    public bool MayHold(int c, int lead, ReadOnlySpan<int> firstHolder)
    {
        if (!_covers[c, lead] && !_covers[lead, c]) return false;
        foreach (var j in _replaces[c])
        {
            var first = firstHolder[j];
            if (first >= 0 && !(c < first ? _covers[c, first] : _covers[first, c])) return false;
        }
        return true;
    }

    public void Hold(int c, Span<int> firstHolder)
    {
        foreach (var j in _replaces[c])
            if (firstHolder[j] < 0 || c < firstHolder[j]) firstHolder[j] = c;
    }

    /// <summary>A test that only asks for the property to be there (what the reader makes of a schema dependency).</summary>
    private static bool IsPresenceTest(Schema.SchemaNode test) =>
        test.Kind == Schema.NodeKind.Any && test.Required && test.Const is null && test.Enum is null && test.Minimum is null &&
        test.Maximum is null && test.Patterns is null && test.MinLength is null && test.MaxLength is null;

    /// <summary>Whether every value <paramref name="a"/> makes is one <paramref name="b"/> allows, by their enum/const (and it
    /// is made wherever <paramref name="b"/> needs it present). A
    /// replacement that is more than values (pyproject's <c>dynamic</c> under a <c>not</c>) is not told apart here: the
    /// reader checks the object against such dependencies (<c>CheckSharedReplacements</c>).</summary>
    private static bool Subset(PlanNode a, PlanNode b)
    {
        if (ReferenceEquals(a.Source, b.Source)) return true;
        if (Values(a.Source) is not { } va || Values(b.Source) is not { } vb) return true;
        return va.IsSubsetOf(vb) && (!a.Nullable || b.Nullable) && (a.Required || !b.Required);
    }

    private static HashSet<string?>? Values(Schema.SchemaNode? n) =>
        n?.Const is { } c ? [c] : n?.Enum is { } e ? [.. e] : null;
}
