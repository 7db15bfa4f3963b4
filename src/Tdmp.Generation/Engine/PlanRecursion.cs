namespace Tdmp.Generation.Engine;

/// <summary>
/// What the plan knows about its back-edges (<see cref="PlanNodeKind.Recursion"/> nodes), worked out once after the tree is
/// built: the fewest back-edges each node forces (<see cref="PlanNode.MinBackEdges"/>), which nodes recur inside one record
/// (<see cref="PlanNode.Recurring"/>), and unique strides that leave room for every level. A recursive type is compiled
/// once however deep records nest it, so the plan's size does not grow with <c>params.max_depth</c>.
/// </summary>
internal static class PlanRecursion
{
    /// <summary>Past this stride a unique key would overflow for large datasets; keys of deeper levels may then repeat.</summary>
    private const long MaxStride = 1L << 36;

    /// <summary>Nodes the records' content may expand to, counted level by level as csv and sql lay it out
    /// (<see cref="Writers.RecordTableLayout"/>): the bound is lowered until the expansion fits, as the reader's node limit.</summary>
    public const int ExpansionBudget = 20_000;

    /// <returns>The recursion bound the plan uses: <paramref name="bound"/>, lowered where a recursion that branches at every
    /// level would expand past <see cref="ExpansionBudget"/> nodes; and the depth limit (<see cref="GenerationPlan.DepthLimit"/>):
    /// <paramref name="maxDepth"/>, or for shared content that would expand past the budget, the deepest level of
    /// <see cref="Schema.ReprBudget.FallbackDepths"/> at which it fits.</returns>
    public static (int Bound, int? DepthLimit) Finish(PlanNode record, PlanNode? envelope, List<PlanNode> nodes,
        List<(PlanNode Node, long Stride, long TargetStride)> recursions, List<(PlanNode Node, long Stride, long TargetStride)> reuses,
        int bound, int? maxDepth)
    {
        if (recursions.Count == 0 && reuses.Count == 0) return (bound, maxDepth);
        MinBackEdges(nodes);
        var required = Math.Max(record.MinBackEdges, envelope?.MinBackEdges ?? 0);
        var depthLimit = maxDepth;
        // Shared content is kept once in the plan, but records hold it at every use: without max_depth, optional content is
        // made down to the deepest level at which the content expanded at every use (and back-edges up to the bound) fits
        // the budget, as a tree read with a depth cut would (each use still makes its required content at any depth). The
        // levels are counted as max_depth counts them, back-edges included.
        if (reuses.Count > 0 && maxDepth is null && !Fits(bound, null))
        {
            // Fewer back-edges are traded for depth only while the depth would stay shallower than UsefulDepth: records
            // with only required content below their first levels are valid but say little (XACML's keys and shared types).
            var deepest = DeepestFitting(bound);
            for (var fewer = bound - 1; deepest < UsefulDepth && fewer >= Math.Max(required, 1); fewer--)
                if (DeepestFitting(fewer) is var deeper && deeper > deepest) (bound, deepest) = (fewer, deeper);
            depthLimit = deepest;
        }
        while (bound > required && bound > 1 && !Fits(bound, depthLimit)) bound--;
        foreach (var n in nodes)
            n.UsefulBackEdges = n.Kind == PlanNodeKind.Array && n.PrefixItems is null && n.Children.Length > 0
                ? Math.Max(n.MinBackEdges, n.Item.MinBackEdges)
                : n.MinBackEdges;
        foreach (var root in envelope is null ? [record] : new[] { record, envelope })
        {
            if (root.MinBackEdges <= bound) continue;
            throw new UnsatisfiableSchemaException(root.Path, root.MinBackEdges >= PlanNode.Endless
                ? "every way of making it repeats a recursive type inside itself without end"
                : $"it repeats a recursive type inside itself at least {root.MinBackEdges} times, more than the recursion bound " +
                  $"{bound} (params.max_depth) allows");
        }
        Stride(nodes, recursions, reuses, bound);
        return (bound, depthLimit);

        // The depth also keeps one record, with every optional value of each object made, within RecordBudget: the values of
        // every object down to the limit are made, so a deep limit over wide types (UBL, a meta-schema) made documents of
        // half a megabyte.
        int DeepestFitting(int backEdges) =>
            Schema.ReprBudget.FallbackDepths.FirstOrDefault(depth => Fits(backEdges, depth)
                && Expansion(record, envelope, backEdges, depth, oneAlternative: true, budget: RecordBudget, values: true) <= RecordBudget,
                Schema.ReprBudget.FallbackDepths[^1]);

        // The content fits with every alternative of its choices counted, as csv and sql lay it out; or, for a large union
        // of small records (FHIR: a oneOf of ~150 resources, each record one of them), when one record is small (one
        // alternative of each choice counted) and the layout stays within a larger budget. Counting every alternative
        // alone cut FHIR's records to their first level.
        bool Fits(int backEdges, int? depth) =>
            Expansion(record, envelope, backEdges, depth, budget: LayoutBudget) is var all
            && (all <= ExpansionBudget
                || all <= LayoutBudget && Expansion(record, envelope, backEdges, depth, oneAlternative: true) <= SmallRecord);
    }

    /// <summary>A record this size (nodes, one alternative of each choice) is small: its depth may be bound by the csv and
    /// sql layout alone (<see cref="LayoutBudget"/>).</summary>
    private const int SmallRecord = ExpansionBudget / 10;

    /// <summary>Nodes one record may hold at the depth limit chosen for shared content (one alternative of each choice, every
    /// optional value and object present).</summary>
    private const int RecordBudget = ExpansionBudget / 2;

    /// <summary>Nodes the csv and sql layout of a union of small records may have, every alternative counted (the layout
    /// itself refuses past <see cref="Writers.RecordTableLayout.MaxTables"/> tables).</summary>
    private const int LayoutBudget = 5 * ExpansionBudget;

    /// <summary>The default depth limit below which the recursion bound is lowered to reach deeper (see <see cref="Finish"/>).</summary>
    private const int UsefulDepth = 4;

    /// <summary>Nodes of the content expanded level by level with at most <paramref name="bound"/> back-edges on a chain and
    /// shared content at every use, leaving out the optional content that <paramref name="depthLimit"/> cuts (saturating just
    /// past <paramref name="budget"/>); with <paramref name="oneAlternative"/>, a choice made once counts its largest
    /// alternative only, as one record holds it. Under a depth limit optional values count only with <paramref name="values"/>:
    /// without, the count is the records' shape (their objects down to the limit and required values).</summary>
    private static long Expansion(PlanNode record, PlanNode? envelope, int bound, int? depthLimit, bool oneAlternative = false,
        long budget = ExpansionBudget, bool values = false)
    {
        var memo = new Dictionary<(PlanNode, int, int), long>();
        var total = Size(record, bound, 0);
        if (envelope is not null) total += Size(envelope, bound, 0);
        return total;

        long Size(PlanNode n, int left, int offset)
        {
            if (depthLimit is { } limit && (CutAt(n, offset, limit) || !values && n.Kind == PlanNodeKind.Scalar && Cuttable(n))) return 0;
            if (n.Kind == PlanNodeKind.Recursion) return left == 0 ? 1 : 1 + Size(n.Target!, left - 1, offset + n.DepthShift);
            if (n.Kind == PlanNodeKind.Reuse) return Math.Min(1 + Size(n.Target!, left, offset + n.DepthShift), budget + 1L);
            if (memo.TryGetValue((n, left, offset), out var known)) return known;
            long size = 1;
            if (oneAlternative && n.Kind == PlanNodeKind.Choice && n.MaxRepeat == 1)
                size += n.Children.Length == 0 ? 0 : n.Children.Max(c => Size(c, left, offset));
            else
                foreach (var c in Below(n))
                {
                    size += Size(c, left, offset);
                    if (size > budget) break;
                }
            return memo[(n, left, offset)] = Math.Min(size, budget + 1L);
        }
    }

    /// <summary>Whether records leave <paramref name="n"/> out where its content lies <paramref name="offset"/> levels deeper
    /// than where it was compiled, under the depth limit <paramref name="limit"/>: for the size estimate and the csv/sql layout,
    /// as <see cref="RecordEngine"/> decides it with the behaviour it drew.</summary>
    internal static bool CutAt(PlanNode n, int offset, int limit) => n.CutByDepth(offset, limit) && Cuttable(n);

    /// <summary>Whether records leave <paramref name="n"/> out past the depth limit whichever behaviour <see cref="RecordEngine"/>
    /// draws for it (<see cref="PlanNode.LeftOutWhenCut"/> under each).</summary>
    internal static bool Cuttable(PlanNode n) =>
        n.LeftOutWhenCut(n.Behavior) && (n.Variants?.All(v => n.LeftOutWhenCut(v.Behavior)) ?? true);

    private static IEnumerable<PlanNode> Below(PlanNode n)
    {
        foreach (var c in n.Children) yield return c;
        if (n.PrefixItems is { } prefix) foreach (var p in prefix) yield return p;
        if (n.Conditionals is { } conditionals)
            foreach (var cond in conditionals)
                foreach (var r in cond.Then.Concat(cond.Else))
                    if (r is not null) yield return r;
    }

    private static void Stride(List<PlanNode> nodes, List<(PlanNode Node, long Stride, long TargetStride)> recursions,
        List<(PlanNode Node, long Stride, long TargetStride)> reuses, int bound)
    {
        // How many instances of a target one record may hold: 1 + F + F² + … + F^bound, where F is how many times its
        // content can hold a back-edge to it (the repetitions between the target and each recursion node, summed).
        var perLevel = new Dictionary<PlanNode, long>();
        foreach (var (node, stride, targetStride) in recursions)
            perLevel[node.Target!] = Saturate(perLevel.GetValueOrDefault(node.Target!) + Math.Max(1, stride / Math.Max(1, targetStride)));
        var instances = perLevel.ToDictionary<KeyValuePair<PlanNode, long>, PlanNode, long>(e => e.Key, e =>
        {
            long total = 1, power = 1;
            for (var level = 0; level < bound; level++)
            {
                power = Multiply(power, e.Value);
                total = Saturate(total + power);
            }
            return total;
        });
        // Shared content occurs once where it was compiled and once more per instance of each use: each use counts the
        // repetitions between it and the content's own place, times what encloses the use (an over-estimate, never under).
        var uses = reuses.GroupBy(r => r.Node.Target!).ToDictionary(g => g.Key, g => g.ToList());
        var counting = new HashSet<PlanNode>();
        var settled = new Dictionary<PlanNode, long>();
        foreach (var target in uses.Keys) Instances(target);
        foreach (var (target, count) in settled) instances[target] = count;
        foreach (var n in nodes)
        {
            var factor = 1L;
            for (var p = n; p is not null; p = p.Parent)
                if (instances.TryGetValue(p, out var count))
                {
                    n.Recurring = true;
                    factor = Multiply(factor, count);
                }
            if (n.Recurring && n.Kind == PlanNodeKind.Scalar) n.UniqueStride = Multiply(n.UniqueStride, factor);
        }

        long Instances(PlanNode target)
        {
            if (settled.TryGetValue(target, out var known)) return known;
            if (!counting.Add(target)) return MaxStride; // shared content inside itself cannot be: count it as many
            var total = instances.GetValueOrDefault(target, 1); // a recursion's target too: its levels
            foreach (var (use, stride, targetStride) in uses[target])
                total = Saturate(total + Multiply(Math.Max(1, stride / Math.Max(1, targetStride)), Enclosing(use)));
            counting.Remove(target);
            return settled[target] = total;
        }

        long Enclosing(PlanNode node)
        {
            var factor = 1L;
            for (var p = node.Parent; p is not null; p = p.Parent)
                if (uses.ContainsKey(p)) factor = Multiply(factor, Instances(p));
                else if (instances.TryGetValue(p, out var count)) factor = Multiply(factor, count);
            return factor;
        }
    }

    /// <summary>
    /// Each node's fewest forced back-edges, as a fixed point from "never ends" downwards: a recursion node forces one more
    /// than its target; an object or group the most any required member forces; an array what its first items force when
    /// it must hold some; a choice the least of its alternatives; a value none.
    /// </summary>
    private static void MinBackEdges(List<PlanNode> nodes)
    {
        foreach (var n in nodes) n.MinBackEdges = PlanNode.Endless;
        for (var changed = true; changed;)
        {
            changed = false;
            // Children are made after their parents: the reverse order settles a tree without back-edges in one pass.
            for (var i = nodes.Count - 1; i >= 0; i--)
            {
                var n = nodes[i];
                var value = Forced(n);
                if (value >= n.MinBackEdges) continue;
                n.MinBackEdges = value;
                changed = true;
            }
        }
    }

    private static int Forced(PlanNode n)
    {
        switch (n.Kind)
        {
            case PlanNodeKind.Recursion:
                return Math.Min(PlanNode.Endless, n.Target!.MinBackEdges + 1);
            case PlanNodeKind.Reuse:
                return n.Target!.MinBackEdges;
            case PlanNodeKind.Object:
            case PlanNodeKind.Group:
                {
                    var most = 0;
                    foreach (var c in n.Children)
                        if (c.Required) most = Math.Max(most, c.MinBackEdges);
                    return most;
                }
            case PlanNodeKind.Array:
                {
                    var min = n.Behavior.MinItems;
                    if (min == 0 || n.Children.Length == 0) return 0;
                    var most = n.Item.MinBackEdges;
                    if (n.PrefixItems is { } prefix)
                        for (var k = 0; k < prefix.Length && k < min; k++) most = Math.Max(most, prefix[k].MinBackEdges);
                    return most;
                }
            case PlanNodeKind.Choice:
                {
                    var least = PlanNode.Endless;
                    foreach (var c in n.Children) least = Math.Min(least, c.MinBackEdges);
                    return least;
                }
            default:
                return 0;
        }
    }

    private static long Saturate(long value) => Math.Clamp(value, 1, MaxStride);

    private static long Multiply(long a, long b) => a > MaxStride / Math.Max(1, b) ? MaxStride : Saturate(a * b);
}
