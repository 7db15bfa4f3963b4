using System.Text.Json;

namespace Tdmp.Generation.Constraints;

/// <summary>
/// One rule of a constraint set as the API takes it (GENERATION.md §2), snake_case in JSON.
/// Values that can be numbers or dates (<c>min</c>, <c>max</c>, <c>values</c>) stay JSON elements
/// until the constraint checker checks them against the field they narrow.
/// </summary>
public sealed record ConstraintRule
{
    public string Field { get; init; } = "";
    public JsonElement? Min { get; init; }
    public JsonElement? Max { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }
    public List<JsonElement>? Values { get; init; }
    public List<double>? Weights { get; init; }
    public Distribution? Distribution { get; init; }
    public double? NullRate { get; init; }
    public bool? Unique { get; init; }
    public SequenceRule? Sequence { get; init; }
    public string? Generator { get; init; }
    public string? Template { get; init; }
    public string? After { get; init; }
    public string? Before { get; init; }
    public ItemsRule? Items { get; init; }
    public WhenRule? When { get; init; }
    public string? Reference { get; init; }
    /// <summary>A computed number: arithmetic and aggregates over fields of the record, e.g. <c>sum(items[].quantity *
    /// items[].unit_price)</c>.</summary>
    public string? Formula { get; init; }
}

/// <summary><c>{"kind": "normal", "mean": 50, "stddev": 10}</c>; <c>uniform</c> needs nothing, <c>exponential</c> a <c>lambda</c> or
/// <c>mean</c>.</summary>
public sealed record Distribution
{
    public string Kind { get; init; } = "uniform";
    public double? Mean { get; init; }
    public double? Stddev { get; init; }
    public double? Lambda { get; init; }
}

public sealed record SequenceRule
{
    public long Start { get; init; } = 1;
    public long Step { get; init; } = 1;
}

public sealed record ItemsRule
{
    public int? Min { get; init; }
    public int? Max { get; init; }
}

public sealed record WhenRule
{
    public string Field { get; init; } = "";
    [System.Text.Json.Serialization.JsonPropertyName("equals")]
    public JsonElement? EqualsValue { get; init; }
}
