using Tdmp.Generation.Schema;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Engine;

/// <summary>The <c>formula</c> kind's link (<see cref="Constraints.RuleKind.Link"/>): a formula's fields and arrays found in
/// the plan, and the range of values it can give weighed against the field's schema bounds.</summary>
internal static class FormulaCompiler
{
    /// <summary>
    /// A <c>formula</c> rule: its fields are found, and the range of values it can give (from the fields'
    /// generators and the arrays' item counts) must lie inside the schema's bounds of the field, or the plan is
    /// refused naming why. The value is rounded to the field's step (multipleOf, fraction digits).
    /// </summary>
    public static FormulaValueGenerator Compile(FieldLink link, string text)
    {
        var (node, current) = (link.Node, link.Behavior.Generator);
        FormulaExpr formula;
        try
        {
            formula = FormulaExpr.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UnsatisfiableSchemaException(node.Path, $"formula: {e.Message}");
        }
        if (current is not NumberValueGenerator target || node.Source is not { } s)
            throw new UnsatisfiableSchemaException(node.Path, "formula computes a number; the field is not a number");
        var fields = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
        foreach (var path in formula.Fields.Distinct())
        {
            var field = link.Find(path);
            if (field is null || field.Kind != PlanNodeKind.Scalar)
                throw new UnsatisfiableSchemaException(node.Path, $"formula names '{path}', which is not a field of the record");
            if (ReferenceEquals(field, node)) throw new UnsatisfiableSchemaException(node.Path, "formula names the field itself");
            fields[path] = field;
        }
        var arrays = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
        void CollectArrays(FormulaExpr e)
        {
            switch (e)
            {
                case FormulaExpr.Aggregate a:
                    var wanted = FieldRules.NormalizePath(a.Array);
                    var array = link.Nodes.FirstOrDefault(n => n.Kind == PlanNodeKind.Array && FieldRules.NormalizePath(n.Path) is var at
                        && (at == wanted || at.EndsWith("." + wanted, StringComparison.Ordinal)))
                        ?? throw new UnsatisfiableSchemaException(node.Path, $"formula aggregates '{a.Array}', which is not an array of the record");
                    arrays[a.Array] = array;
                    CollectArrays(a.Inner);
                    break;
                case FormulaExpr.Binary b:
                    CollectArrays(b.Left);
                    CollectArrays(b.Right);
                    break;
            }
        }
        CollectArrays(formula);
        var range = RangeOf(formula, fields, arrays, node);
        var (lo, hi) = SchemaBounds(s);
        const string narrow = "narrow its fields with min/max or items rules";
        if (lo is { } min && range.Lo < min)
            throw new UnsatisfiableSchemaException(node.Path, $"formula '{text}' can give {range}, below the schema's minimum {min}; {narrow}");
        if (lo is { } xMin && s.ExclusiveMinimum && range.Lo == xMin)
            throw new UnsatisfiableSchemaException(node.Path,
                $"formula '{text}' can be {xMin}, which the schema's exclusive minimum {xMin} does not allow; {narrow}");
        if (hi is { } max && range.Hi > max)
            throw new UnsatisfiableSchemaException(node.Path, $"formula '{text}' can give {range}, above the schema's maximum {max}; {narrow}");
        if (hi is { } xMax && s.ExclusiveMaximum && range.Hi == xMax)
            throw new UnsatisfiableSchemaException(node.Path,
                $"formula '{text}' can be {xMax}, which the schema's exclusive maximum {xMax} does not allow; {narrow}");
        var pow = NumberValueGenerator.Pow10(target.Scale);
        return new FormulaValueGenerator(formula, fields, arrays, (decimal)target.Unit / pow, target.Scale, target.FloatMultipleOf, range);
    }

    private static (decimal? Lo, decimal? Hi) SchemaBounds(SchemaNode s)
    {
        decimal? lo = s.Minimum, hi = s.Maximum;
        switch (s.XsdType)
        {
            case "nonNegativeInteger" or "unsignedLong" or "unsignedInt" or "unsignedShort" or "unsignedByte": lo = Math.Max(lo ?? 0, 0); break;
            case "positiveInteger": lo = Math.Max(lo ?? 1, 1); break;
        }
        return (lo, hi);
    }

    private static ValueRange RangeOf(FormulaExpr e, Dictionary<string, PlanNode> fields, Dictionary<string, PlanNode> arrays, PlanNode target)
    {
        switch (e)
        {
            case FormulaExpr.Constant c: return new ValueRange(c.Value, c.Value);
            case FormulaExpr.Field f:
                {
                    var field = fields[f.Path];
                    ValueRange r = field.Behavior.Generator switch
                    {
                        NumberValueGenerator n =>
                            new((decimal)n.Lo / NumberValueGenerator.Pow10(n.Scale), (decimal)n.Hi / NumberValueGenerator.Pow10(n.Scale)),
                        FormulaValueGenerator g => g.Range,
                        _ => throw new UnsatisfiableSchemaException(target.Path, $"formula names '{f.Path}', which is not a number"),
                    };
                    // An absent or null value counts 0.
                    if (!field.Required || field.Nullable || field.Variants is not null) r = new ValueRange(Math.Min(r.Lo, 0), Math.Max(r.Hi, 0));
                    return r;
                }
            case FormulaExpr.Binary b:
                {
                    var l = RangeOf(b.Left, fields, arrays, target);
                    var r = RangeOf(b.Right, fields, arrays, target);
                    switch (b.Op)
                    {
                        case '+': return l + r;
                        case '-': return l - r;
                        case '*': return l * r;
                        default:
                            if (r.Lo <= 0 && r.Hi >= 0) throw new UnsatisfiableSchemaException(target.Path,
                                "formula divides by a value that can be 0");
                            return l * new ValueRange(1 / r.Hi, 1 / r.Lo);
                    }
                }
            case FormulaExpr.Aggregate a:
                {
                    var array = arrays[a.Array];
                    decimal minN = array.Behavior.MinItems, maxN = array.Behavior.MaxItems;
                    if (array.Variants is { } variants)
                        foreach (var v in variants) { minN = Math.Min(minN, v.Behavior.MinItems); maxN = Math.Max(maxN, v.Behavior.MaxItems); }
                    if (!array.Required || array.Parent is { Required: false }) minN = 0;
                    // count counts items: what it names need not be a number (count(items[].sku)).
                    if (a.Function == "count") return new ValueRange(minN, maxN);
                    var inner = RangeOf(a.Inner, fields, arrays, target);
                    return a.Function switch
                    {
                        "sum" => new ValueRange(Math.Min(minN * inner.Lo, maxN * inner.Lo), Math.Max(minN * inner.Hi, maxN * inner.Hi)),
                        _ => minN == 0 ? new ValueRange(Math.Min(inner.Lo, 0), Math.Max(inner.Hi, 0)) : inner,
                    };
                }
            default: return new ValueRange(0, 0);
        }
    }
}
