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
    private const int AnyCharCount = 1_112_064;

    /// <summary>The shape of whole-value matches, ignoring <c>^</c>/<c>$</c> anchors; null where the pattern uses
    /// constructs this does not model (look-arounds, back-references).</summary>
    public static RegexShape? Analyze(string pattern, RegexDialect dialect)
    {
        try
        {
            var parser = new Parser(pattern, dialect);
            var shape = parser.ParseAlternation();
            return parser.AtEnd ? shape : null;
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // a pattern this reader does not follow; the regex engine itself has the last word
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

    private sealed class Parser(string pattern, RegexDialect dialect)
    {
        private int _pos;

        public bool AtEnd => _pos >= pattern.Length;

        private char Peek => pattern[_pos];

        public RegexShape ParseAlternation()
        {
            var shape = ParseSequence();
            while (!AtEnd && Peek == '|')
            {
                _pos++;
                shape = Alternative(shape, ParseSequence());
            }
            return shape;
        }

        private RegexShape ParseSequence()
        {
            var shape = new RegexShape(0, 0, 1);
            while (!AtEnd && Peek != '|' && Peek != ')')
                shape = Sequence(shape, ParseQuantified());
            return shape;
        }

        private RegexShape ParseQuantified()
        {
            var atom = ParseAtom();
            while (!AtEnd)
            {
                var braces = Peek == '{';
                var (min, max, ok) = Peek switch
                {
                    '*' => (0, (int?)null, true),
                    '+' => (1, null, true),
                    '?' => (0, 1, true),
                    '{' => ParseBraces(),
                    _ => (0, null, false),
                };
                if (!ok) break;
                if (!braces) _pos++; // ParseBraces has already moved past the "}"

                if (dialect == RegexDialect.Ecma262 && !AtEnd && Peek == '?') _pos++; // lazy: same language
                atom = Repeat(atom, min, max);
            }
            return atom;
        }

        private (int, int?, bool) ParseBraces()
        {
            var close = pattern.IndexOf('}', _pos);
            if (close < 0) return (0, null, false);
            var body = pattern[(_pos + 1)..close].Split(',');
            if (body.Length is < 1 or > 2 || !int.TryParse(body[0], out var min)) return (0, null, false);
            int? max = min;
            if (body.Length == 2)
                max = body[1].Length == 0 ? null : int.TryParse(body[1], out var m) ? m : throw new FormatException();
            _pos = close + 1;
            return (min, max, true);
        }

        private RegexShape ParseAtom()
        {
            var c = pattern[_pos++];
            switch (c)
            {
                case '(':
                    if (!AtEnd && Peek == '?')
                    {
                        // Only non-capturing and named groups keep the language; look-arounds do not.
                        if (pattern.AsSpan(_pos).StartsWith("?:")) _pos += 2;
                        else if (pattern.AsSpan(_pos).StartsWith("?<") && _pos + 2 < pattern.Length && pattern[_pos + 2] is not ('=' or '!'))
                            _pos = pattern.IndexOf('>', _pos) + 1;
                        else throw new FormatException();
                    }
                    var inner = ParseAlternation();
                    if (AtEnd || pattern[_pos++] != ')') throw new FormatException();
                    return inner;
                case '[':
                    return new RegexShape(1, 1, ParseClass());
                case '.':
                    return new RegexShape(1, 1, AnyCharCount);
                case '^' or '$' when dialect == RegexDialect.Ecma262:
                    return new RegexShape(0, 0, 1);
                case '\\':
                    return ParseEscape(out var size) ? new RegexShape(1, 1, size) : new RegexShape(0, 0, 1);
                case ')' or '*' or '+' or '?':
                    throw new FormatException();
                default:
                    return new RegexShape(1, 1, 1);
            }
        }

        /// <summary>Reads an escape after the backslash; false for zero-width ones (\b).</summary>
        private bool ParseEscape(out BigInteger size)
        {
            if (AtEnd) throw new FormatException();
            var c = pattern[_pos++];
            size = c switch
            {
                'd' => 10,
                'w' => 63,
                's' => 4,
                'D' or 'W' or 'S' or 'i' or 'I' or 'c' or 'C' => AnyCharCount,
                'p' or 'P' => SkipBraces(),
                'u' => SkipHex(4),
                'x' => SkipHex(2),
                'b' or 'B' when dialect == RegexDialect.Ecma262 => -1,
                >= '1' and <= '9' => throw new FormatException(), // back-reference
                _ => 1,
            };
            return size >= 0;
        }

        private BigInteger SkipBraces()
        {
            var close = pattern.IndexOf('}', _pos);
            if (AtEnd || Peek != '{' || close < 0) throw new FormatException();
            _pos = close + 1;
            return AnyCharCount; // a Unicode category: "many"
        }

        private BigInteger SkipHex(int digits)
        {
            _pos = Math.Min(_pos + digits, pattern.Length);
            return 1;
        }

        /// <summary>Counts the characters a class admits (an upper bound where it cannot tell exactly).</summary>
        private BigInteger ParseClass()
        {
            var negated = !AtEnd && Peek == '^';
            if (negated) _pos++;
            BigInteger count = 0;
            var first = true;
            while (true)
            {
                if (AtEnd) throw new FormatException();
                var c = pattern[_pos];
                if (c == ']' && !first) { _pos++; break; }
                first = false;
                if (c == '-' && _pos + 1 < pattern.Length && pattern[_pos + 1] == '[')
                {
                    _pos++; // XSD subtraction: an upper bound ignores what is taken away
                    _pos++;
                    ParseClass();
                    continue;
                }
                _pos++;
                int low;
                if (c == '\\')
                {
                    _pos--;
                    _pos++;
                    if (!ParseEscape(out var size)) size = 1;
                    if (size != 1) { count += size; continue; }
                    low = pattern[_pos - 1];
                }
                else low = c;
                if (_pos + 1 < pattern.Length && Peek == '-' && pattern[_pos + 1] != ']' && pattern[_pos + 1] != '[')
                {
                    _pos++;
                    var high = pattern[_pos++];
                    if (high == '\\') { _pos++; high = pattern[_pos - 1]; }
                    count += Math.Max(1, high - low + 1);
                }
                else count += 1;
            }
            return negated ? AnyCharCount : BigInteger.Max(count, 1);
        }
    }
}
