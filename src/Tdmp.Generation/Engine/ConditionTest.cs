using System.Globalization;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Regexes;

namespace Tdmp.Generation.Engine;

/// <summary>Checks a made value against the facts of an if-schema's property test (const, enum, bounds, lengths, patterns).</summary>
internal static class ConditionTest
{
    public static bool Matches(SchemaNode test, ReadOnlySpan<char> value, RegexDialect dialect = RegexDialect.Ecma262)
    {
        if (test.Const is { } c && !value.SequenceEqual(c)) return false;
        if (test.Enum is { } e)
        {
            var any = false;
            foreach (var option in e)
                if (option is not null && value.SequenceEqual(option)) { any = true; break; }
            if (!any) return false;
        }
        if (test.MinLength is { } minLength && value.Length < minLength) return false;
        if (test.MaxLength is { } maxLength && value.Length > maxLength) return false;
        if (test.Minimum is not null || test.Maximum is not null)
        {
            if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return false;
            if (test.Minimum is { } min && (d < min || test.ExclusiveMinimum && d == min)) return false;
            if (test.Maximum is { } max && (d > max || test.ExclusiveMaximum && d == max)) return false;
        }
        if (test.Patterns is { } patterns)
            foreach (var p in patterns)
                if (!SafeRegex.Validator(p, dialect).IsMatch(value)) return false;
        return true;
    }
}
