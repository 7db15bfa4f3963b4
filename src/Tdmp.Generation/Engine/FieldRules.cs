using Tdmp.Generation.Constraints;
using Tdmp.Generation.Schema;

namespace Tdmp.Generation.Engine;

/// <summary>
/// The rules of one field, found by path once per plan: as written (containers apply them one by one) and merged
/// (a scalar's rules without <c>when</c> act as one rule, later facts winning kind by kind; each <c>when</c> rule
/// stays a variant of its own).
/// </summary>
internal sealed class FieldRules
{
    public static readonly FieldRules None = new([]);

    private FieldRules(List<ConstraintRule> written)
    {
        Written = written;
        Merged = Merge(written);
    }

    /// <summary>In the order of the constraint set.</summary>
    public List<ConstraintRule> Written { get; }
    /// <summary>The unconditional rules merged into the first entry (when there are any), then the <c>when</c> rules in order.</summary>
    public List<ConstraintRule> Merged { get; }

    /// <summary>Pass 1, resolve paths: the rules of a set by the path of the field they name (a trailing <c>[]</c> names the array).
    /// A path through a recursion marker (<c>children[].children[].name</c>) names the node of the repr it repeats
    /// (<c>name</c>): the plan compiles that node once and records make it at every level, so the rule applies at every
    /// level of the recursion, merged with the rules written on the node's own path. Past a reference to shared content, the
    /// node is named at the reference's use (<see cref="ReprRecursion.PathThroughMarkers"/>).</summary>
    public static Dictionary<string, FieldRules> ByPath(IReadOnlyList<ConstraintRule> rules, SchemaRepr? repr = null)
    {
        var written = new Dictionary<string, List<ConstraintRule>>(StringComparer.Ordinal);
        HashSet<string>? direct = null;
        var recursive = repr is not null && rules.Count > 0 && ReprRecursion.Markers(repr).Count > 0;
        foreach (var r in rules)
        {
            var key = NormalizePath(r.Field);
            if (recursive)
            {
                direct ??= [.. repr!.AllNodes().Select(n => NormalizePath(n.Path))];
                if (!direct.Contains(key) && ReprRecursion.PathThroughMarkers(repr!, key) is { } named) key = NormalizePath(named);
            }
            if (!written.TryGetValue(key, out var list)) written[key] = list = [];
            list.Add(r);
        }
        // Pass 2, merge rules per field.
        return written.ToDictionary(e => e.Key, e => new FieldRules(e.Value), StringComparer.Ordinal);
    }

    public static string NormalizePath(string path) => path.EndsWith("[]", StringComparison.Ordinal) ? path[..^2] : path;

    private static List<ConstraintRule> Merge(List<ConstraintRule> list)
    {
        ConstraintRule? merged = null;
        var result = new List<ConstraintRule>();
        foreach (var r in list)
        {
            if (RuleKinds.IsConditional(r)) { result.Add(r); continue; }
            merged = merged is null ? r : RuleKinds.Merge(merged, r);
        }
        if (merged is not null) result.Insert(0, merged);
        return result;
    }
}
