using System.Numerics;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// What can be told about a regex without running it: the shortest and longest string it matches as a whole
/// and how many distinct strings that is. Used to spot a pattern that contradicts length bounds, and a
/// <c>unique</c> field whose pattern cannot give enough distinct values. Unknown constructs give <c>null</c>.
/// </summary>
public sealed record RegexShape(int MinLength, int? MaxLength, BigInteger? DomainSize)
{
    /// <summary>Anything above this is "plenty" for counting purposes; keeps the arithmetic bounded.</summary>
    private static readonly BigInteger Cap = BigInteger.Pow(10, 30);

    /// <summary>The shape of whole-value matches, ignoring <c>^</c>/<c>$</c> anchors; null where the pattern uses
    /// constructs this does not model (look-arounds, back-references) or does not parse.</summary>
    public static RegexShape? Analyze(string pattern, RegexDialect dialect)
    {
        try
        {
            return Of(RegexTree.Parse(pattern, dialect));
        }
        catch (UnsupportedPatternException)
        {
            return null; // the pattern's own check (SafeRegex) says what is wrong with it
        }
    }

    public static RegexShape? Of(RegexTree tree) => Of(tree.Root, tree.Dialect);

    private static RegexShape? Of(RegexNode node, RegexDialect dialect)
    {
        switch (node)
        {
            case EmptyNode or AnchorNode:
                return new RegexShape(0, 0, 1);
            case CharNode:
                return new RegexShape(1, 1, 1);
            case ClassNode cls:
                return new RegexShape(1, 1, CharSets.Of(cls.Class, dialect).Count);
            case AnyCharNode:
                return new RegexShape(1, 1, CharSets.AnyChar(dialect).Count);
            case GroupNode { Inner: LookaroundNode }:
                return null;
            case GroupNode group:
                return Of(group.Inner, dialect);
            case SequenceNode sequence:
                {
                    var shape = new RegexShape(0, 0, 1);
                    foreach (var item in sequence.Items)
                    {
                        // One item this does not model (a look-ahead) leaves the whole sequence unmodelled.
                        if (Of(item, dialect) is not { } next) return null;
                        shape = Sequence(shape, next);
                    }
                    return shape;
                }
            case AlternationNode alternation:
                {
                    RegexShape? shape = null;
                    foreach (var branch in alternation.Branches)
                    {
                        if (Of(branch, dialect) is not { } next) return null;
                        shape = shape is null ? next : Alternative(shape, next);
                    }
                    return shape;
                }
            case RepeatNode repeat:
                return Of(repeat.Inner, dialect) is { } inner ? Repeat(inner, repeat.Min, repeat.Max) : null;
            default:
                return null; // back-references: the language is not regular
        }
    }

    private static BigInteger? Times(BigInteger? a, BigInteger? b) =>
        a is null || b is null ? null : BigInteger.Min(a.Value * b.Value, Cap);

    private static BigInteger? Plus(BigInteger? a, BigInteger? b) =>
        a is null || b is null ? null : BigInteger.Min(a.Value + b.Value, Cap);

    private static RegexShape Sequence(RegexShape a, RegexShape b) =>
        new(a.MinLength + b.MinLength, a.MaxLength + b.MaxLength, Times(a.DomainSize, b.DomainSize));

    private static RegexShape Alternative(RegexShape a, RegexShape b) =>
        new(Math.Min(a.MinLength, b.MinLength),
            a.MaxLength is null || b.MaxLength is null ? null : Math.Max(a.MaxLength.Value, b.MaxLength.Value),
            Plus(a.DomainSize, b.DomainSize));

    private static RegexShape Repeat(RegexShape a, int min, int? max)
    {
        int? maxLength = max is null || a.MaxLength is null ? (a.MaxLength == 0 ? 0 : null) : a.MaxLength * max;
        BigInteger? domain = null;
        if (max is not null && a.DomainSize is not null)
        {
            BigInteger sum = 0, power = BigInteger.Pow(a.DomainSize.Value, Math.Min(min, 200));
            for (var k = min; k <= max && sum < Cap; k++)
            {
                sum += power;
                power = BigInteger.Min(power * a.DomainSize.Value, Cap);
            }
            domain = BigInteger.Min(sum, Cap);
        }
        return new RegexShape(a.MinLength * min, maxLength, domain);
    }
}
