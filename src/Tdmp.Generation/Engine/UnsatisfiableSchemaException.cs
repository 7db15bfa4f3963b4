namespace Tdmp.Generation.Engine;

/// <summary>A schema or constraint set no value can satisfy; the message names the node path and why.</summary>
public sealed class UnsatisfiableSchemaException(string path, string reason)
    : Exception($"{(path.Length == 0 ? "(root)" : path)}: {reason}")
{
    public string NodePath { get; } = path;
    public string Reason { get; } = reason;
}
