using Tdmp.Generation.Schema;

namespace Tdmp.Generation.Engine;

/// <summary>A schema or constraint set no value can satisfy; the message names the node path and why.</summary>
public sealed class UnsatisfiableSchemaException(string path, string reason)
    : Exception($"{(path.Length == 0 ? "(root)" : path)}: {reason}")
{
    public string NodePath { get; } = path;
    public string Reason { get; } = reason;
}

/// <summary>A recursion marker reached past the plan's recursion bound: caught at the nearest optional step above it,
/// which is then left out; reaching the record's root it means the recursion can never end.</summary>
internal sealed class RecursionBoundException(SchemaNode marker, SchemaNode target, IReadOnlyList<SchemaNode> chain, int bound, bool endless)
    : Exception
{
    // Most of these are caught a level or two up and never read: the message is made only when asked for.
    private readonly string _cycle = string.Join(" → ", chain.SkipWhile(n => !ReferenceEquals(n, target)).Where(n => !n.IsGroup)
        .Select(n => n.Path.Length == 0 ? n.Name : n.Path).Append(marker.Path));

    public SchemaNode Marker { get; } = marker;

    public override string Message =>
        $"'{Marker.Path}' is required and repeats '{(target.Path.Length == 0 ? target.Name : target.Path)}' inside itself " +
        (endless ? $"without end: every step of the cycle {_cycle} is required"
            : $"more than {bound} times (the cycle {_cycle}), the recursion bound");
}
