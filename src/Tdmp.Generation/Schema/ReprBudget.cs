namespace Tdmp.Generation.Schema;

/// <summary>Counts repr nodes as a reader creates them and enforces the node and depth limits.</summary>
internal sealed class ReprBudget(SchemaReadLimits limits)
{
    private int _nodes;

    public SchemaReadLimits Limits { get; } = limits;

    /// <summary>Depths tried, deepest first, when a whole tree does not fit the node or depth limit: both readers then
    /// leave out optional content below the deepest of them that fits (XSD: element levels; JSON: object levels).</summary>
    public static readonly int[] FallbackDepths = [12, 10, 8, 7, 6, 5, 4, 3, 2, 1];

    /// <summary>The tree built with the deepest of <see cref="FallbackDepths"/> that builds, or null when none does. The
    /// tree only shrinks with the depth cut, so the depths still over the node or depth limit are the deep end of the list,
    /// and the first depth past them is found by halving (4 builds of 9 at most, each one over the limit stopping there).
    /// Another refusal propagates, unless <paramref name="tryShallowerOnOtherRefusals"/>: then, from that depth on, each
    /// shallower depth is tried in turn (a depth cut can leave out what a keyref needs, and a shallower one the keyref
    /// itself), as a scan of every depth from the deepest would. <paramref name="last"/> gets the last refusal.</summary>
    public static SchemaNode? DeepestFitting(Func<int, SchemaNode> build, bool tryShallowerOnOtherRefusals, ref SchemaReadException? last)
    {
        SchemaNode? found = null;
        var foundAt = -1;
        int low = 0, high = FallbackDepths.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            try
            {
                (found, foundAt) = (build(FallbackDepths[middle]), middle);
                high = middle - 1;
            }
            catch (ReprLimitException e)
            {
                last = e;
                low = middle + 1;
            }
            catch (SchemaReadException e) when (tryShallowerOnOtherRefusals)
            {
                last = e;
                high = middle - 1;
            }
        }
        // Here `low` is the first depth not over the limit (it was built), or past the list.
        if (foundAt == low) return found;
        for (var i = low + 1; i < FallbackDepths.Length; i++)
            try
            {
                return i == foundAt ? found : build(FallbackDepths[i]);
            }
            catch (SchemaReadException e) when (tryShallowerOnOtherRefusals)
            {
                last = e;
            }
        return null;
    }

    /// <summary>Set once a limit was hit: that refusal is about the whole schema, never just one alternative of it.</summary>
    public bool Exceeded { get; private set; }

    /// <summary>The nodes spent so far, for <see cref="Refund"/>.</summary>
    public int Spent => _nodes;

    /// <summary>Gives back what was spent since <paramref name="spent"/> on a part that was dropped, not kept in the tree:
    /// Azure Pipelines' 259 tasks each narrow a property that offers all 259 task names, so each builds 259
    /// alternatives and keeps one.</summary>
    public void Refund(int spent) => _nodes = Math.Min(_nodes, spent);

    public void Spend(string path, int depth)
    {
        Exceeded |= _nodes + 1 > Limits.MaxNodes || depth > Limits.MaxDepth;
        if (++_nodes > Limits.MaxNodes)
            throw new ReprLimitException(
                $"The schema expands to more than {Limits.MaxNodes} fields (reached at '{path}'); split it or reduce recursion.");
        if (depth > Limits.MaxDepth)
            throw new ReprLimitException(
                $"The schema nests deeper than {Limits.MaxDepth} levels (at '{path}').");
    }
}

/// <summary>The repr went over the node or depth limit: a reader may try again with recursion cut shorter.</summary>
public sealed class ReprLimitException(string message) : SchemaReadException(message);
