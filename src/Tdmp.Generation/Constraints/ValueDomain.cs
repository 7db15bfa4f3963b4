using System.Numerics;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Regexes;
using Tdmp.Generation.Schema;

namespace Tdmp.Generation.Constraints;

/// <summary>How many distinct values a field can take under the schema and one rule, where that is easy to know.</summary>
internal static class ValueDomain
{
    /// <summary>The count and what limits it (for the message), or null when the domain is large or unknown.</summary>
    public static (BigInteger Size, string Reason)? Of(SchemaNode node, ConstraintRule rule)
    {
        // A kind that makes the values itself says how many (RuleKind.Source); what the others narrow is the rule's shape.
        foreach (var kind in RuleKinds.All)
            if (kind.Source is { } source && kind.IsSet(rule) && source.Domain(rule) is { } decided) return decided;
        var shape = ScalarShape.Of(rule, RuleKinds.All);
        if (node.Const is not null) return (1, "the schema's const");
        if (node.Fixed is not null) return (1, "the schema's fixed value");
        if (node.Enum is { } allowed) return (allowed.Distinct().Count(), "the schema's enum");
        if (node.Kind == NodeKind.Boolean) return (2, "true and false");
        if (NodeValues.IsNumeric(node) || node.Kind == NodeKind.Date)
        {
            var (min, max) = Range(node, shape);
            if (min is null || max is null) return null;
            var step = node.Kind == NodeKind.Date ? 1m
                : node.MultipleOf ?? (node.Kind == NodeKind.Integer ? 1m : node.FractionDigits is { } f ? Pow10(-f) : 0m);
            if (step <= 0) return null;
            if (node.Kind == NodeKind.Integer && step < 1) step = 1;
            var first = Math.Ceiling(min.Value / step);
            var last = Math.Floor(max.Value / step);
            var size = last < first ? BigInteger.Zero : new BigInteger(last - first) + 1;
            return (size, node.Kind == NodeKind.Date
                ? $"the days from {DateOnly.FromDayNumber((int)min.Value):yyyy-MM-dd} to {DateOnly.FromDayNumber((int)max.Value):yyyy-MM-dd}"
                : $"the values from {min} to {max} in steps of {step}");
        }
        if (NodeValues.IsText(node))
        {
            var patterns = shape.Patterns.Select(own => (own, RegexDialect.Ecma262)).ToList();
            foreach (var p in node.Patterns ?? []) patterns.Add((p, node.PatternSyntax == "xsd" ? RegexDialect.Xsd : RegexDialect.Ecma262));
            var sizes = patterns.Select(p => (p.Item1, Shape: RegexShape.Analyze(p.Item1, p.Item2)))
                .Where(p => p.Shape?.DomainSize is not null && p.Shape.MaxLength is not null)
                .Where(p => p.Item1.StartsWith('^') && p.Item1.EndsWith('$') || node.PatternSyntax == "xsd" || shape.Patterns.Contains(p.Item1))
                .ToList();
            if (sizes.Count == 0) return null;
            var smallest = sizes.MinBy(p => p.Shape!.DomainSize!.Value);
            return (smallest.Shape!.DomainSize!.Value, $"the strings pattern '{smallest.Item1}' can match");
        }
        return null;
    }

    /// <summary>The inclusive range the rule and the schema leave, as ordinals (numbers, day numbers).</summary>
    private static (decimal? Min, decimal? Max) Range(SchemaNode node, ScalarShape shape)
    {
        var min = NodeValues.SchemaMinimum(node);
        var max = NodeValues.SchemaMaximum(node);
        var tick = node.Kind is NodeKind.Integer or NodeKind.Date ? 1m : node.MultipleOf ?? 0m;
        if (min is not null && node.ExclusiveMinimum) min += tick;
        if (max is not null && node.ExclusiveMaximum) max -= tick;
        if (shape.Min is { } rmin && NodeValues.Ordinal(rmin, node) is { } a && (min is null || a > min)) min = a;
        if (shape.Max is { } rmax && NodeValues.Ordinal(rmax, node) is { } b && (max is null || b < max)) max = b;
        return (min, max);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++) result = exponent < 0 ? result / 10 : result * 10;
        return result;
    }

    public static string Count(BigInteger size) => size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
