namespace Tdmp.Generation.Regexes;

/// <summary>A pattern this library cannot use: the message is a sentence a tester can act on, naming the pattern.</summary>
public sealed class UnsupportedPatternException(string message) : Exception(message);

/// <summary>One node of a parsed pattern. The tree is the one reading of a pattern that analysis (<see cref="RegexShape"/>),
/// generation (<see cref="RegexStringGenerator"/>) and validation (<see cref="SafeRegex"/>) all work from.</summary>
public abstract record RegexNode;

/// <summary>Matches the empty string (an empty branch or group).</summary>
public sealed record EmptyNode : RegexNode
{
    public static readonly EmptyNode Instance = new();
}

/// <summary>One literal character (escaped or not).</summary>
public sealed record CharNode(char Value) : RegexNode;

/// <summary>A character class: <c>[...]</c>, or a class escape such as <c>\d</c> or <c>\p{L}</c> on its own.</summary>
public sealed record ClassNode(CharClass Class) : RegexNode;

/// <summary><c>.</c>: any character but the line terminators of the dialect.</summary>
public sealed record AnyCharNode : RegexNode
{
    public static readonly AnyCharNode Instance = new();
}

/// <summary>A zero-width assertion of ECMA-262: <c>^</c>, <c>$</c>, <c>\b</c> (as 'b'), <c>\B</c> (as 'B').</summary>
public sealed record AnchorNode(char Kind) : RegexNode;

public sealed record SequenceNode(IReadOnlyList<RegexNode> Items) : RegexNode;

public sealed record AlternationNode(IReadOnlyList<RegexNode> Branches) : RegexNode;

/// <summary>A group; capturing ones are numbered left to right, named or not, as ECMA-262 numbers them.</summary>
public sealed record GroupNode(RegexNode Inner, bool Capturing, string? Name) : RegexNode;

/// <summary><c>*</c>, <c>+</c>, <c>?</c>, <c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c>; <see cref="Max"/> null is unbounded.</summary>
public sealed record RepeatNode(RegexNode Inner, int Min, int? Max, bool Lazy) : RegexNode;

/// <summary>ECMA-262 look-ahead and look-behind.</summary>
public sealed record LookaroundNode(RegexNode Inner, bool Behind, bool Negative) : RegexNode;

/// <summary>ECMA-262 <c>\1</c> or <c>\k&lt;name&gt;</c>, resolved to the group's number.</summary>
public sealed record BackreferenceNode(int Group) : RegexNode;

/// <summary>One member of a class: a range of characters (a single character is a range of one) or a class escape.</summary>
public abstract record ClassItem;

public sealed record RangeItem(char Low, char High) : ClassItem;

/// <summary><c>\d \D \w \W \s \S</c>, XSD's <c>\i \I \c \C</c>, or <c>\p{Name}</c>/<c>\P{Name}</c> (with <see cref="Property"/>).
/// What each admits depends on the dialect: <see cref="CharSets"/>.</summary>
public sealed record EscapeItem(char Letter, string? Property = null) : ClassItem;

/// <summary>A class with its negation and, in XSD, the class subtracted from it (<c>[a-z-[aeiou]]</c>): the
/// subtraction applies after the negation, as XSD defines it.</summary>
public sealed record CharClass(bool Negated, IReadOnlyList<ClassItem> Items, CharClass? Subtracted);

/// <summary>A parsed pattern: the tree, and whether it needs the backtracking engine (look-arounds, back-references).</summary>
public sealed record RegexTree(string Pattern, RegexDialect Dialect, RegexNode Root, int CaptureCount, bool NeedsBacktracking)
{
    /// <summary>Parses <paramref name="pattern"/> as <paramref name="dialect"/> has it, or throws
    /// <see cref="UnsupportedPatternException"/> naming the pattern and what is wrong with it.</summary>
    public static RegexTree Parse(string pattern, RegexDialect dialect) => new RegexParser(pattern, dialect).Parse();
}

/// <summary>
/// The one regex parser. XSD (<see cref="RegexDialect.Xsd"/>): <c>^</c> and <c>$</c> are plain characters, no groups
/// with <c>(?</c>, no lazy quantifiers, no back-references or <c>\b</c>; <c>\i \c</c> name classes and class subtraction.
/// ECMA-262 (<see cref="RegexDialect.Ecma262"/>, as JSON Schema uses it): anchors, <c>\b</c>, look-arounds,
/// back-references, lazy quantifiers, named groups, <c>[]</c> and <c>[^]</c>, <c>\cX</c>. Syntax of neither (the .NET
/// extensions <c>(?&gt;</c>, <c>\A</c>, inline options...) is refused, so a pattern means the same here as to the schema's
/// other consumers.
/// </summary>
internal sealed class RegexParser(string pattern, RegexDialect dialect)
{
    private static readonly (string Token, string What)[] ForeignGroups =
    [
        ("(?>", "atomic groups"), ("(?(", "conditionals"), ("(?#", "inline comments"), ("(?i", "inline options"),
        ("(?m", "inline options"), ("(?s", "inline options"), ("(?x", "inline options"), ("(?n", "inline options"),
        ("(?-", "inline options"),
    ];

    private int _pos;
    private int _captures;
    private bool _backtracking;
    private readonly Dictionary<string, int> _names = [];
    private readonly List<(string Name, int At)> _namedReferences = [];
    private readonly List<int> _numberedReferences = [];

    private bool Xsd => dialect == RegexDialect.Xsd;
    private bool AtEnd => _pos >= pattern.Length;
    private char Peek => pattern[_pos];
    private string DialectName => Xsd ? "XSD" : "JSON Schema (ECMA-262)";

    public RegexTree Parse()
    {
        RegexNode root;
        try
        {
            root = ParseAlternation();
            if (!AtEnd) throw Invalid($"unmatched ')' at {_pos}");
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException or OverflowException)
        {
            throw Invalid("it ends in the middle of a construct");
        }
        foreach (var number in _numberedReferences)
            if (number > _captures) throw Invalid($"'\\{number}' refers to group {number}, which the pattern does not have");
        foreach (var (name, _) in _namedReferences)
            if (!_names.ContainsKey(name)) throw Invalid($"'\\k<{name}>' refers to a group the pattern does not name");
        return new RegexTree(pattern, dialect, _namedReferences.Count == 0 ? root : ResolveNames(root), _captures, _backtracking);
    }

    private UnsupportedPatternException Invalid(string why) => new($"pattern '{pattern}' is not a valid regex: {why}");

    private UnsupportedPatternException Foreign(string what, string token) =>
        new($"pattern '{pattern}' uses {what} ('{token}'), which {DialectName} regexes do not have");

    private UnsupportedPatternException NotXsd(string token) => new($"pattern '{pattern}' uses '{token}', which XSD regexes do not have");

    private RegexNode ParseAlternation()
    {
        var first = ParseSequence();
        if (AtEnd || Peek != '|') return first;
        var branches = new List<RegexNode> { first };
        while (!AtEnd && Peek == '|')
        {
            _pos++;
            branches.Add(ParseSequence());
        }
        return new AlternationNode(branches);
    }

    private SequenceNode ParseSequence()
    {
        var items = new List<RegexNode>();
        while (!AtEnd && Peek != '|' && Peek != ')')
        {
            var atom = ParseAtom();
            var quantified = false;
            while (!AtEnd && TryQuantifier(out var min, out var max, out var token))
            {
                if (quantified) throw Invalid($"'{token}' repeats a repetition; put it in a group");
                var lazy = false;
                if (!AtEnd && Peek == '?')
                {
                    if (Xsd) throw NotXsd(token + "?");
                    lazy = true;
                    _pos++;
                }
                atom = new RepeatNode(atom, min, max, lazy);
                quantified = true;
            }
            items.Add(atom);
        }
        return new SequenceNode(items);
    }

    /// <summary>Reads a quantifier at the position; a <c>{</c> that does not form one is left as a literal.</summary>
    private bool TryQuantifier(out int min, out int? max, out string token)
    {
        min = 0;
        max = null;
        token = Peek.ToString();
        switch (Peek)
        {
            case '*': _pos++; return true;
            case '+': _pos++; min = 1; return true;
            case '?': _pos++; max = 1; return true;
            case '{':
                var close = pattern.IndexOf('}', _pos);
                if (close < 0) return false;
                var body = pattern.AsSpan(_pos + 1, close - _pos - 1);
                var comma = body.IndexOf(',');
                var low = comma < 0 ? body : body[..comma];
                var high = comma < 0 ? body : body[(comma + 1)..];
                if (!AllDigits(low) || low.Length == 0 || (comma >= 0 && high.Length > 0 && !AllDigits(high))) return false;
                token = pattern[_pos..(close + 1)];
                if (!int.TryParse(low, out min)) throw Invalid($"'{token}' counts beyond {int.MaxValue}");
                if (comma < 0) max = min;
                else if (high.Length > 0) max = int.TryParse(high, out var upper) ? upper : throw Invalid($"'{token}' counts beyond {int.MaxValue}");
                if (max < min) throw Invalid($"'{token}' has its bounds out of order");
                _pos = close + 1;
                return true;
            default:
                return false;
        }
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (c is < '0' or > '9') return false;
        return true;
    }

    private RegexNode ParseAtom()
    {
        var c = Peek;
        switch (c)
        {
            case '(':
                return ParseGroup();
            case '[':
                _pos++;
                return new ClassNode(ParseClass());
            case '.':
                _pos++;
                return AnyCharNode.Instance;
            case '^' or '$' when !Xsd:
                _pos++;
                return new AnchorNode(c);
            case '*' or '+' or '?':
                throw Invalid($"'{c}' at {_pos} has nothing to repeat");
            case '\\':
                _pos++;
                return ParseEscape(inClass: false) switch
                {
                    RegexNode node => node,
                    EscapeItem item => new ClassNode(new CharClass(false, [item], null)),
                    char literal => new CharNode(literal),
                    _ => throw new InvalidOperationException(),
                };
            default:
                _pos++;
                return new CharNode(c);
        }
    }

    private GroupNode ParseGroup()
    {
        _pos++; // '('
        var capturing = true;
        string? name = null;
        bool? behind = null, negative = null;
        if (!AtEnd && Peek == '?')
        {
            if (Xsd) throw NotXsd("(?");
            var rest = pattern.AsSpan(_pos - 1);
            if (rest.StartsWith("(?:")) { capturing = false; _pos += 2; }
            else if (rest.StartsWith("(?=") || rest.StartsWith("(?!")) { behind = false; negative = rest[2] == '!'; _pos += 2; }
            else if (rest.StartsWith("(?<=") || rest.StartsWith("(?<!")) { behind = true; negative = rest[3] == '!'; _pos += 3; }
            else if (rest.StartsWith("(?<"))
            {
                var close = pattern.IndexOf('>', _pos);
                name = close < 0 ? "" : pattern[(_pos + 2)..close];
                if (name.Length == 0 || !name.All(ch => char.IsLetterOrDigit(ch) || ch is '_' or '$') || char.IsDigit(name[0]))
                    throw Invalid("a group name must be a letter or underscore, then letters, digits or underscores");
                if (!_names.TryAdd(name, _captures + 1)) throw Invalid($"the group name '{name}' is used twice");
                _pos = close + 1;
            }
            else
            {
                foreach (var (token, what) in ForeignGroups)
                    if (rest.StartsWith(token)) throw Foreign(what, token);
                throw Foreign("a group syntax", rest[..Math.Min(3, rest.Length)].ToString());
            }
        }
        if (behind is not null) { capturing = false; _backtracking = true; }
        if (capturing) _captures++;
        var inner = ParseAlternation();
        if (AtEnd || Peek != ')') throw Invalid("a group is not closed");
        _pos++;
        return behind is { } b
            ? new GroupNode(new LookaroundNode(inner, b, negative!.Value), Capturing: false, null)
            : new GroupNode(inner, capturing, name);
    }

    /// <summary>After the backslash: a char (literal), an <see cref="EscapeItem"/> (class escape) or, outside classes,
    /// a node (anchors, back-references).</summary>
    private object ParseEscape(bool inClass)
    {
        if (AtEnd) throw Invalid("it ends in a backslash");
        var e = pattern[_pos++];
        switch (e)
        {
            case 'd' or 'D' or 'w' or 'W' or 's' or 'S':
                return new EscapeItem(e);
            case 'i' or 'I' or 'c' or 'C' when Xsd:
                return new EscapeItem(e);
            case 'c' when !AtEnd && char.IsAsciiLetter(Peek):
                return (char)(pattern[_pos++] % 32); // ECMA-262 control escape: \cJ is a line feed
            case 'p' or 'P':
                {
                    if (AtEnd || Peek != '{') throw Invalid($"'\\{e}' needs a property in braces, such as \\{e}{{L}}");
                    var close = pattern.IndexOf('}', _pos);
                    if (close < 0) throw Invalid($"'\\{e}{{' is not closed");
                    var property = pattern[(_pos + 1)..close];
                    _pos = close + 1;
                    if (!CharSets.IsKnownProperty(property)) throw Invalid(
                        $"'\\{e}{{{property}}}' names no Unicode category or block this service knows");
                    return new EscapeItem(e, property);
                }
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'f': return '\f';
            case 'v': return '\v';
            case 'b' when inClass && !Xsd: return '\b';
            case 'b' or 'B' when Xsd: throw NotXsd("\\" + e);
            case 'b' or 'B': return new AnchorNode(e);
            case 'u':
                if (!AtEnd && Peek == '{') throw Invalid("'\\u{...}' code points are not supported; write the character or \\uXXXX");
                return Hex(4);
            case 'x': return Hex(2);
            case '0' when AtEnd || !char.IsAsciiDigit(Peek): return '\0';
            case >= '1' and <= '9' when Xsd: throw NotXsd("\\" + e);
            case >= '1' and <= '9' when inClass: throw Invalid($"'\\{e}' inside a class");
            case >= '1' and <= '9':
                {
                    var start = _pos - 1;
                    while (!AtEnd && char.IsAsciiDigit(Peek)) _pos++;
                    var number = int.Parse(pattern.AsSpan(start, _pos - start));
                    _numberedReferences.Add(number);
                    _backtracking = true;
                    return new BackreferenceNode(number);
                }
            case 'k' when !Xsd && !inClass && !AtEnd && Peek == '<':
                {
                    var close = pattern.IndexOf('>', _pos);
                    if (close < 0) throw Invalid("'\\k<' is not closed");
                    var name = pattern[(_pos + 1)..close];
                    _pos = close + 1;
                    _namedReferences.Add((name, _namedReferences.Count));
                    _backtracking = true;
                    return new NamedReference(name);
                }
            case 'A' or 'Z' or 'z' or 'G':
                throw Foreign("\\" + e, "\\" + e);
            default:
                if (char.IsAsciiLetterOrDigit(e)) throw Invalid($"'\\{e}' is not an escape {DialectName} regexes have");
                return e; // \. \- \\ \/ ...: the character itself
        }
    }

    private char Hex(int digits)
    {
        if (_pos + digits > pattern.Length || !int.TryParse(pattern.AsSpan(_pos, digits), System.Globalization.NumberStyles.AllowHexSpecifier, null,
            out var code))
            throw Invalid($"a hexadecimal escape needs {digits} hex digits");
        _pos += digits;
        return (char)code;
    }

    /// <summary>Reads a class after its <c>[</c>, up to and including its <c>]</c>.</summary>
    private CharClass ParseClass()
    {
        var negated = !AtEnd && Peek == '^';
        if (negated) _pos++;
        var items = new List<ClassItem>();
        CharClass? subtracted = null;
        for (var first = true; ; first = false)
        {
            if (AtEnd) throw Invalid("a character class is not closed");
            var c = Peek;
            // ECMA-262 has empty classes ([] never matches, [^] matches anything); in XSD a leading ] is a character.
            if (c == ']' && (!first || !Xsd)) { _pos++; break; }
            if (Xsd && c == '-' && _pos + 1 < pattern.Length && pattern[_pos + 1] == '[')
            {
                _pos += 2;
                subtracted = ParseClass();
                if (AtEnd || Peek != ']') throw Invalid("a class subtraction '-[...]' must end its class");
                _pos++;
                break;
            }
            var low = ClassMember();
            if (low is EscapeItem escape) { items.Add(escape); continue; }
            var lowChar = (char)low;
            if (_pos + 1 < pattern.Length && Peek == '-' && pattern[_pos + 1] != ']' && !(Xsd && pattern[_pos + 1] == '['))
            {
                _pos++;
                if (ClassMember() is not char highChar) throw Invalid("a class escape cannot end a range");
                if (highChar < lowChar) throw Invalid($"the range '{lowChar}-{highChar}' is out of order");
                items.Add(new RangeItem(lowChar, highChar));
            }
            else items.Add(new RangeItem(lowChar, lowChar));
        }
        return new CharClass(negated, items, subtracted);
    }

    private object ClassMember()
    {
        var c = pattern[_pos++];
        if (c != '\\') return c;
        return ParseEscape(inClass: true) switch
        {
            char literal => literal,
            EscapeItem item => item,
            _ => throw Invalid("an assertion inside a class"),
        };
    }

    /// <summary>A <c>\k&lt;name&gt;</c> before every group is read; replaced by its number once they are.</summary>
    private sealed record NamedReference(string Name) : RegexNode;

    private RegexNode ResolveNames(RegexNode node) => node switch
    {
        NamedReference r => new BackreferenceNode(_names[r.Name]),
        SequenceNode s => new SequenceNode([.. s.Items.Select(ResolveNames)]),
        AlternationNode a => new AlternationNode([.. a.Branches.Select(ResolveNames)]),
        GroupNode g => g with { Inner = ResolveNames(g.Inner) },
        RepeatNode r => r with { Inner = ResolveNames(r.Inner) },
        LookaroundNode l => l with { Inner = ResolveNames(l.Inner) },
        _ => node,
    };
}
