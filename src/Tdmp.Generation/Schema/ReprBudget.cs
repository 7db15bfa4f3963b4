namespace Tdmp.Generation.Schema;

/// <summary>Counts repr nodes as a reader creates them and enforces the node and depth limits.</summary>
internal sealed class ReprBudget(SchemaReadLimits limits)
{
    private int _nodes;

    public SchemaReadLimits Limits { get; } = limits;

    /// <summary>Depths tried, deepest first, when a whole tree does not fit the node or depth limit: both readers then
    /// leave out optional content below the deepest of them that fits (XSD: element levels; JSON: object levels).</summary>
    public static readonly int[] FallbackDepths = [12, 10, 8, 7, 6, 5, 4, 3, 2, 1];

    /// <summary>Set once a limit was hit: that refusal is about the whole schema, never just one alternative of it.</summary>
    public bool Exceeded { get; private set; }

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
