using System.Globalization;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Schema;

namespace Tdmp.Generation.Engine;

/// <summary>
/// The most one value and one record may take (issue 13): a schema or rule that forces more is refused up front,
/// and a record that grows past <see cref="MaxRecordBytes"/> anyway stops the run instead of exhausting memory.
/// </summary>
public sealed record ValueLimits
{
    /// <summary>Longest string a schema or rule may force (minLength, min_length, a list's item count).</summary>
    public int MaxStringLength { get; init; } = 100_000;
    /// <summary>Most items a schema or rule may force on one array or repeated group (minItems, minOccurs, items.min).</summary>
    public int MaxArrayItems { get; init; } = 10_000;
    /// <summary>Bytes of one record as written.</summary>
    public int MaxRecordBytes { get; init; } = 1 << 20;

    public static ValueLimits Default { get; } = new();

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    private static string Name(string path) => path.Length == 0 ? "(root)" : path;

    /// <summary>Each node of <paramref name="repr"/> whose own facets force more than the limits, with why.</summary>
    public IReadOnlyList<(string Path, string Message)> CheckSchema(SchemaRepr repr)
    {
        var found = new List<(string, string)>();
        foreach (var node in repr.AllNodes())
        {
            var forcedItems = node.Kind == NodeKind.Array || node.Repeats || node.IsGroup ? node.MinOccurs ?? 0 : 0;
            if (forcedItems > MaxArrayItems)
                found.Add((node.Path,
                    $"'{Name(node.Path)}' needs at least {N(forcedItems)} items; this tenant allows at most {N(MaxArrayItems)} (max_array_items)."));
            if (node.MinLength is { } minLength && minLength > MaxStringLength)
                found.Add((node.Path,
                    $"'{Name(node.Path)}' needs strings of at least {N(minLength)} characters; "
                    + $"this tenant allows at most {N(MaxStringLength)} (max_string_length)."));
        }
        return found;
    }

    /// <summary>Each rule that forces more than the limits, keyed as the API names it (<c>rules[2].min_length</c>); what a kind
    /// forces is its <see cref="RuleKind.CheckLimits"/>.</summary>
    public IReadOnlyDictionary<string, string[]> CheckRules(IReadOnlyList<ConstraintRule> rules)
    {
        var errors = new RuleErrors();
        for (var i = 0; i < rules.Count; i++)
        {
            var alone = new RuleAlone(rules[i], $"rules[{i}]", errors);
            foreach (var kind in RuleKinds.All)
                if (kind.CheckLimits is { } check && kind.IsSet(rules[i])) check(alone, this);
        }
        return errors.ToDictionary();
    }

    /// <summary>
    /// Holds a compiled plan to the limits: a count the schema or rules force above <see cref="MaxArrayItems"/> is refused
    /// (<see cref="ValueLimitException"/>); an upper bound above it (maxItems 2^31 with a small minimum) is lowered to it,
    /// which the schema allows.
    /// </summary>
    public void Apply(GenerationPlan plan)
    {
        foreach (var node in plan.Nodes)
        {
            Hold(node, node.Behavior);
            if (node.Variants is { } variants) foreach (var v in variants) Hold(node, v.Behavior);
            if (node.MinRepeat > MaxArrayItems)
                throw new ValueLimitException(node.Path,
                    $"'{Name(node.Path)}' repeats at least {N(node.MinRepeat)} times; "
                    + $"this tenant allows at most {N(MaxArrayItems)} (max_array_items).");
            node.MaxRepeat = Math.Min(node.MaxRepeat, Math.Max(node.MinRepeat, MaxArrayItems));
        }
    }

    private void Hold(PlanNode node, NodeBehavior b)
    {
        if (node.Kind != PlanNodeKind.Array) return;
        if (b.MinItems > MaxArrayItems)
            throw new ValueLimitException(node.Path,
                $"'{Name(node.Path)}' needs at least {N(b.MinItems)} items; this tenant allows at most {N(MaxArrayItems)} (max_array_items).");
        b.MaxItems = Math.Min(b.MaxItems, Math.Max(b.MinItems, MaxArrayItems));
    }
}

/// <summary>A schema, rule or record that needs more than the <see cref="ValueLimits"/> allow; names the field.</summary>
public sealed class ValueLimitException(string path, string message) : Exception(message)
{
    public string NodePath { get; } = path;
}

/// <summary>A record grew past <see cref="ValueLimits.MaxRecordBytes"/> while it was made or written.</summary>
public sealed class RecordTooLargeException(int limit, string? path = null)
    : Exception($"A record grew past {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes (max_record_bytes)"
        + (path is null ? "." : $" at '{(path.Length == 0 ? "(root)" : path)}'.")
        + " Narrow the field with a constraint set (items, max_length) or ask for a higher max_record_bytes.")
{
    public int Limit { get; } = limit;
    public string? NodePath { get; } = path;
}
