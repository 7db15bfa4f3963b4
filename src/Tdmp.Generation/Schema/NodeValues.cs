using System.Globalization;
using System.Text.Json;
using Tdmp.Generation.Regexes;

namespace Tdmp.Generation.Schema;

/// <summary>How JSON values (rule bounds and values, property names) relate to a repr node: what they mean there, and
/// whether the schema allows them.</summary>
internal static class NodeValues
{
    public static bool IsNumeric(SchemaNode node) => node.Kind is NodeKind.Integer or NodeKind.Number;
    public static bool IsTemporal(SchemaNode node) => node.Kind is NodeKind.Date or NodeKind.DateTime or NodeKind.Time;
    public static bool IsText(SchemaNode node) => node.Kind is NodeKind.String or NodeKind.Binary or NodeKind.Any;
    public static bool IsSingleValue(SchemaNode node) =>
        node.Kind is not (NodeKind.Object or NodeKind.Array or NodeKind.Choice) && !node.IsGroup;

    /// <summary>The node's kind in words, for messages.</summary>
    public static string KindName(SchemaNode node) => node.IsGroup ? "group of elements" : node.Kind switch
    {
        NodeKind.DateTime => "date-time",
        NodeKind.Object => node.IsAttribute ? "attribute" : "object",
        _ => node.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>A number to compare bounds by: numbers as they are, dates as day numbers, date-times as UTC ticks,
    /// times as ticks, gYear as the year; null when the value does not read as one of the node's values.</summary>
    public static decimal? Ordinal(JsonElement value, SchemaNode node) =>
        IsNumeric(node)
            ? value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) ? number : null
            : value.ValueKind == JsonValueKind.String ? Ordinal(value.GetString()!, node) : null;

    public static decimal? Ordinal(string text, SchemaNode node)
    {
        if (IsNumeric(node))
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
        return node.XsdType switch
        {
            "gYear" => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var year) ? year : null,
            "gYearMonth" or "gMonth" or "gMonthDay" or "gDay" => null,
            _ => node.Kind switch
            {
                NodeKind.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d.DayNumber : null,
                // A date-time needs its time part: "2024-05-31" alone is a date, and a generator would read it as midnight.
                NodeKind.DateTime => text.Contains('T')
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt) ? dt.UtcTicks : null,
                NodeKind.Time => TimeOnly.TryParse(WithoutZone(text), CultureInfo.InvariantCulture, out var t) ? t.Ticks : null,
                _ => null,
            },
        };
    }

    /// <summary>Times may carry a zone (<c>12:00:00Z</c>, <c>12:00:00+02:00</c>); bounds compare the wall-clock part.</summary>
    private static string WithoutZone(string time) =>
        time.EndsWith('Z') ? time[..^1]
        : time.Length > 6 && time[^6] is '+' or '-' && time[^3] == ':' ? time[..^6]
        : time;

    public static decimal? SchemaMinimum(SchemaNode node) =>
        IsNumeric(node) ? node.Minimum : node.MinValue is null ? null : Ordinal(node.MinValue, node);

    public static decimal? SchemaMaximum(SchemaNode node) =>
        IsNumeric(node) ? node.Maximum : node.MaxValue is null ? null : Ordinal(node.MaxValue, node);

    public static string Show(JsonElement value) => value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : value.GetRawText();

    /// <summary>Why this value can never be a value of the node (kind, enum, const, a not's values or patterns, bounds, length,
    /// pattern), or null.</summary>
    public static string? Misfit(JsonElement value, SchemaNode node, TimeSpan regexTimeout)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return node.Nullable ? null : $"null is not allowed: '{node.Path}' is not nullable";
        if (node.Kind == NodeKind.Any) return null;
        // A choice (biome's propertyNames: a $ref to a oneOf of consts) admits what one of its alternatives does.
        if (node.Kind == NodeKind.Choice)
            return node.Children.Count == 0 || node.Children.Any(c => Misfit(value, c, regexTimeout) is null) ? null
                : $"{Show(value)} is none of the alternatives the schema offers for '{node.Path}'";
        var kindProblem = node.Kind switch
        {
            NodeKind.Boolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => "a boolean (true or false)",
            NodeKind.Integer when !(value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var i) && i == decimal.Truncate(i))
                => "an integer",
            NodeKind.Number when value.ValueKind != JsonValueKind.Number => "a number",
            NodeKind.String or NodeKind.Binary or NodeKind.Duration when value.ValueKind != JsonValueKind.String => "a string",
            NodeKind.Date or NodeKind.DateTime or NodeKind.Time when value.ValueKind != JsonValueKind.String
                || (Ordinal(value, node) is null && node.XsdType is not ("gYearMonth" or "gMonth" or "gMonthDay" or "gDay")) =>
                node.Kind switch { NodeKind.Date => "a date like \"2024-05-31\"", NodeKind.DateTime => "a date-time like \"2024-05-31T12:00:00Z\"",
                    _ => "a time like \"12:30:00\"" },
            _ => null,
        };
        if (kindProblem is not null) return $"{Show(value)} is not {kindProblem}, which '{node.Path}' needs";

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (node.Enum is { } allowed && !allowed.Any(a => SameValue(a, text, node)))
            return $"{Show(value)} is not one of the schema's values for '{node.Path}': {string.Join(", ", allowed.Select(a => a ?? "null"))}";
        if ((node.Const ?? node.Fixed) is { } constant && !SameValue(constant, text, node))
            return $"{Show(value)} differs from the only value the schema allows for '{node.Path}': {constant}";
        if (node.NotValues is { } excluded && excluded.Any(a => a is not null && SameValue(a, text, node)))
            return $"{Show(value)} is a value the schema's 'not' excludes for '{node.Path}'";

        if (Ordinal(value, node) is { } ordinal)
        {
            var min = SchemaMinimum(node);
            var max = SchemaMaximum(node);
            if (min is not null && (ordinal < min || (node.ExclusiveMinimum && ordinal == min)))
                return $"{Show(value)} is below the schema's {(node.ExclusiveMinimum ? "exclusive " : "")}minimum {node.MinValue ?? min.ToString()} "
                    + $"for '{node.Path}'";
            if (max is not null && (ordinal > max || (node.ExclusiveMaximum && ordinal == max)))
                return $"{Show(value)} is above the schema's {(node.ExclusiveMaximum ? "exclusive " : "")}maximum {node.MaxValue ?? max.ToString()} "
                    + $"for '{node.Path}'";
        }
        if (value.ValueKind == JsonValueKind.String && IsText(node))
        {
            if (text.Length < node.MinLength) return $"{Show(value)} is shorter than the schema's min_length {node.MinLength} for '{node.Path}'";
            if (text.Length > node.MaxLength) return $"{Show(value)} is longer than the schema's max_length {node.MaxLength} for '{node.Path}'";
        }
        if (value.ValueKind == JsonValueKind.String && node.Patterns is { } patterns)
        {
            var dialect = node.PatternSyntax == "xsd" ? RegexDialect.Xsd : RegexDialect.Ecma262;
            foreach (var pattern in patterns)
                if (SafeRegex.TryCompile(pattern, dialect, regexTimeout, out var regex, out _) && !regex.IsMatch(text))
                    return $"{Show(value)} does not match the schema's pattern '{pattern}' for '{node.Path}'";
        }
        if (value.ValueKind == JsonValueKind.String && node.NotPatterns is { } notPatterns)
            foreach (var pattern in notPatterns)
                if (SafeRegex.TryCompile(pattern, RegexDialect.Ecma262, regexTimeout, out var regex, out _) && regex.IsMatch(text))
                    return $"{Show(value)} matches the pattern '{pattern}' the schema's 'not' excludes for '{node.Path}'";
        return null;
    }

    private static bool SameValue(string? schemaValue, string text, SchemaNode node) =>
        IsNumeric(node) && decimal.TryParse(schemaValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) &&
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            ? a == b
            : schemaValue == text;
}
