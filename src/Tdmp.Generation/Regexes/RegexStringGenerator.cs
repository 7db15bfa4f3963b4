using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// Makes strings that match a regular expression: the pattern's <see cref="RegexTree"/> is turned once into parts
/// (character sets, literals, sequences, alternations, repeats), and each string is drawn by walking them with a
/// length budget, so length facets are met by construction instead of by retrying. Every character it draws is in
/// what the validator (<see cref="SafeRegex.Validator(string, RegexDialect)"/>) matches: each class's realistic choice is checked against
/// <see cref="CharSets"/>.
/// </summary>
public sealed class RegexStringGenerator : ValueGenerator
{
    /// <summary>How many strings of the relaxed pattern are tried at plan time for one that matches the whole pattern.</summary>
    private const int SampleTries = 2048;

    private readonly RegexPart _root;
    private readonly int _lo, _hi;
    private readonly Regex[] _alsoMatch;
    /// <summary>For a pattern with assertions the parts leave out (look-arounds, <c>\b</c>): a value found at plan time
    /// that matches it whole, written when a record's draws find none, so no record carries a non-matching value.</summary>
    private readonly string? _sample;
    private readonly Lazy<string[]?> _listed;
    private readonly RegexDialect _dialect;

    /// <summary>Look-arounds and word boundaries are not drawn from: the parts are made from the pattern without them (a
    /// look-around matches the empty string) and every value is checked against the whole pattern by its validator
    /// and redrawn from the record's stream. Throws <see cref="UnsupportedPatternException"/> when no value is found.</summary>
    public RegexStringGenerator(string pattern, RegexDialect dialect, int minLength, int maxLength, Regex[] alsoMatch)
    {
        _dialect = dialect;
        var builder = new PartBuilder(dialect);
        _root = builder.BuildPattern(RegexTree.Parse(pattern, dialect).Root);
        _lo = Math.Max(minLength, _root.Min);
        _hi = Math.Min(maxLength, _root.Max);
        _alsoMatch = alsoMatch;
        Pattern = pattern;
        _listed = new(ListAll);
        if (!builder.Relaxed || !Satisfiable) return;
        _alsoMatch = [SafeRegex.Validator(pattern, dialect), .. alsoMatch];
        _sample = FindSample() ?? throw new UnsupportedPatternException(
            $"no string of length {_lo}..{(_hi >= RegexPart.Unbounded ? "∞" : _hi)} was found that matches pattern '{pattern}' "
            + $"with its look-around assertions ({SampleTries} tries)");
    }

    /// <summary>A deterministic search (the stream depends only on the pattern) for a value that passes every check.</summary>
    private string? FindSample()
    {
        var rng = new RecordRandom((long)RecordRandom.PathHash(Pattern), 0, 0x5A3F1E);
        var buffer = new RecordBuffer();
        for (var attempt = 0; attempt < SampleTries; attempt++)
        {
            buffer.ResetTo(0);
            _root.Generate(ref rng, buffer, _lo, _hi);
            if (MatchesAll(buffer.Since(0))) return buffer.Since(0).ToString();
        }
        return null;
    }

    public string Pattern { get; }

    /// <summary>False when no string of the pattern fits the length facets.</summary>
    public bool Satisfiable => _lo <= _hi && _root.CanMake(_lo, _hi);

    public override (int Min, int Max) LengthRange => (_lo, _hi);

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var mark = buffer.Mark;
        for (var attempt = 0; ; attempt++)
        {
            _root.Generate(ref rng, buffer, _lo, _hi);
            if (_alsoMatch.Length == 0 || MatchesAll(buffer.Since(mark))) return;
            buffer.ResetTo(mark);
            if (attempt < 63) continue;
            if (_sample is not null) buffer.Append(_sample);
            else _root.Generate(ref rng, buffer, _lo, _hi);
            return;
        }
    }

    private bool MatchesAll(ReadOnlySpan<char> value) => CheckedValueGenerator.Fits(value, 0, int.MaxValue, _alsoMatch);

    /// <summary>How many strings a small finite pattern has within the lengths and checks (<see cref="ListAll"/>); else the
    /// number of distinct strings when every choice is fixed in count; otherwise 2^64 (distinct keys then give distinct
    /// choices, not always distinct strings).</summary>
    public override UInt128 UniqueDomain
    {
        get
        {
            if (_sample is not null) return 0; // a checked pattern: a redraw would break the key's distinctness
            if (_listed.Value is { } listed) return (UInt128)listed.Length;
            var d = _root.FixedDomain;
            return d == 0 ? (UInt128)ulong.MaxValue : d;
        }
    }

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        if (_listed.Value is { } listed)
        {
            buffer.Append(listed[(int)(key % (UInt128)listed.Length)]);
            return;
        }
        var digits = RecordRandom.FromDigits(key, scope.Seed, scope.RecordIndex);
        _root.Generate(ref digits, buffer, _lo, _hi);
    }

    /// <summary>Past this many strings a finite pattern's keys are decoded from digits instead of listed.</summary>
    private const int ListedStrings = 1 << 16;

    /// <summary>
    /// Every string of a finite pattern with at most <see cref="ListedStrings"/> of them, or null. A key's digits decode to
    /// each string exactly once only where every choice has a fixed count: xs:language's
    /// <c>(en|de|fr|es|it)(-(US|GB|DE|AT|CH))?</c> has 30 strings, but an optional part made its domain "any", so unique
    /// keys drew from 30 values at random and repeated within a CDISC ODM symbol.
    /// </summary>
    private string[]? ListAll()
    {
        var key = string.Join('\n', [Pattern, _dialect.ToString(), _lo.ToString(CultureInfo.InvariantCulture),
            _hi.ToString(CultureInfo.InvariantCulture), .. _alsoMatch.Select(r => r.Options + " " + r)]);
        if (Listed.TryGetValue(key, out var known)) return known;
        string[]? listed = null;
        if (_root.Strings(ListedStrings) is { } all)
        {
            listed = all.Where(v => v.Length >= _lo && v.Length <= _hi && MatchesAll(v)).Distinct(StringComparer.Ordinal).ToArray();
            if (listed.Length == 0) listed = null;
        }
        if (Interlocked.Add(ref _listedCached, listed?.Length ?? 1) <= MaxListedCached) Listed.TryAdd(key, listed);
        return listed;
    }

    /// <summary>What <see cref="ListAll"/> found, by pattern, lengths and checks: a type's pattern is listed once however many
    /// key fields use it (IP-XACT's 2,000 listed each of theirs again, half its plan's time). Shared by every plan, bounded
    /// by the strings it holds.</summary>
    private static readonly ConcurrentDictionary<string, string[]?> Listed = new(StringComparer.Ordinal);
    private static long _listedCached;
    private const long MaxListedCached = 1 << 18;

    // ---- the pattern tree ----

    internal abstract class RegexPart
    {
        /// <summary>Unbounded repeats report this as their maximum length.</summary>
        public const int Unbounded = 1 << 24;
        /// <summary>How far past its minimum an unbounded repeat goes when nothing asks for more.</summary>
        public const int SoftExtra = 8;

        public int Min { get; protected set; }
        public int Max { get; protected set; }
        /// <summary>The count of distinct strings if the structure is fixed, else 0.</summary>
        public UInt128 FixedDomain { get; protected set; }

        public bool CanMake(int lo, int hi) => Min <= hi && Max >= lo;

        /// <summary>Every string this part can make, when they are at most <paramref name="limit"/>; else null.</summary>
        public abstract List<string>? Strings(int limit);

        /// <summary>Each string of <paramref name="heads"/> followed by each of <paramref name="tails"/>, or null past the limit.</summary>
        protected static List<string>? Concat(List<string>? heads, List<string>? tails, int limit) =>
            heads is null || tails is null || (long)heads.Count * tails.Count > limit ? null
                : [.. heads.SelectMany(h => tails.Select(t => h + t))];

        /// <summary>Appends a string whose length is within [lo, hi] (the caller has checked that is possible); returns its length.</summary>
        public abstract int Generate(ref RecordRandom rng, RecordBuffer buffer, int lo, int hi);

        protected static int Add(int a, int b) => Math.Min(Unbounded, a + b);
        protected static UInt128 Mul(UInt128 a, UInt128 b) => a == 0 || b == 0 ? 0 : a > UInt128.MaxValue / b ? UInt128.MaxValue : a * b;
    }

    internal sealed class EmptyPart : RegexPart
    {
        public EmptyPart() => FixedDomain = 1;
        public override int Generate(ref RecordRandom rng, RecordBuffer buffer, int lo, int hi) => 0;
        public override List<string>? Strings(int limit) => [""];
    }

    internal sealed class CharSetPart : RegexPart
    {
        private readonly char[] _chars;
        public char[] Chars => _chars;
        public CharSetPart(char[] chars)
        {
            _chars = chars;
            Min = Max = 1;
            FixedDomain = (UInt128)chars.Length;
        }
        public override int Generate(ref RecordRandom rng, RecordBuffer buffer, int lo, int hi)
        {
            buffer.Append(_chars[rng.NextInt(_chars.Length)]);
            return 1;
        }
        public override List<string>? Strings(int limit) => _chars.Length > limit ? null : [.. _chars.Select(c => c.ToString())];
    }

    /// <summary>A run of fixed characters (merged from single-character atoms).</summary>
    internal sealed class LiteralPart : RegexPart
    {
        private readonly string _text;
        public LiteralPart(string text)
        {
            _text = text;
            Min = Max = text.Length;
            FixedDomain = 1;
        }
        public string Text => _text;
        public override List<string>? Strings(int limit) => [_text];
        public override int Generate(ref RecordRandom rng, RecordBuffer buffer, int lo, int hi)
        {
            buffer.Append(_text);
            return _text.Length;
        }
    }

    internal sealed class SequencePart : RegexPart
    {
        private readonly RegexPart[] _parts;
        private readonly int[] _restMin, _restMax;

        public SequencePart(RegexPart[] parts)
        {
            _parts = parts;
            _restMin = new int[parts.Length + 1];
            _restMax = new int[parts.Length + 1];
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                _restMin[i] = Add(_restMin[i + 1], parts[i].Min);
                _restMax[i] = Add(_restMax[i + 1], parts[i].Max);
            }
            Min = _restMin[0];
            Max = _restMax[0];
            UInt128 d = 1;
            foreach (var p in parts) d = Mul(d, p.FixedDomain);
            FixedDomain = d;
        }

        public override List<string>? Strings(int limit) =>
            _parts.Aggregate((List<string>?)[""], (made, part) => Concat(made, made is null ? null : part.Strings(limit), limit));

        public override int Generate(ref RecordRandom rng, RecordBuffer buffer, int lo, int hi)
        {
            var used = 0;
            for (var i = 0; i < _parts.Length; i++)
            {
                var part = _parts[i];
                var a = Math.Max(part.Min, lo - used - _restMax[i + 1]);
                var b = Math.Min(part.Max, hi - used - _restMin[i + 1]);
                if (b < a) b = a;
                used += part.Generate(ref rng, buffer, a, b);
            }
            return used;
        }
    }

    internal sealed class AlternationPart : RegexPart
    {
        private readonly RegexPart[] _branches;

        public AlternationPart(RegexPart[] branches)
        {
            _branches = branches;
            Min = int.MaxValue;
            Max = 0;
            UInt128 d = 0;
            var fixedAll = true;
            foreach (var b in branches)
            {
                Min = Math.Min(Min, b.Min);
                Max = Math.Max(Max, b.Max);
                if (b.FixedDomain == 0) fixedAll = false;
                else d = d > UInt128.MaxValue - b.FixedDomain ? UInt128.MaxValue : d + b.FixedDomain;
            }
            FixedDomain = fixedAll ? d : 0;
        }

        public override List<string>? Strings(int limit)
        {
            var all = new List<string>();
            foreach (var b in _branches)
            {
                if (b.Strings(limit) is not { } some || all.Count + some.Count > limit) return null;
                all.AddRange(some);
            }
            return all;
        }

        public override int Generate(ref RecordRandom rng, RecordBuffer buffer, int lo, int hi)
        {
            var feasible = 0;
            foreach (var b in _branches) if (b.CanMake(lo, hi)) feasible++;
            if (feasible == 0) return _branches[0].Generate(ref rng, buffer, lo, hi);
            var pick = rng.NextInt(feasible);
            foreach (var b in _branches)
            {
                if (!b.CanMake(lo, hi)) continue;
                if (pick-- == 0) return b.Generate(ref rng, buffer, lo, hi);
            }
            return 0;
        }
    }

    internal sealed class RepeatPart : RegexPart
    {
        private readonly RegexPart _child;
        private readonly int _min, _max;

        public RepeatPart(RegexPart child, int min, int max)
        {
            _child = child;
            _min = min;
            _max = max;
            Min = (int)Math.Min(Unbounded, (long)child.Min * min);
            Max = max >= Unbounded ? (child.Max == 0 ? 0 : Unbounded) : (int)Math.Min(Unbounded, (long)child.Max * max);
            UInt128 d = 1;
            if (min == max)
                for (var i = 0; i < min && d != UInt128.MaxValue; i++) d = Mul(d, child.FixedDomain);
            else d = 0;
            FixedDomain = d;
        }

        public override List<string>? Strings(int limit)
        {
            if (_max >= Unbounded || _child.Strings(limit) is not { } one) return null;
            var all = new List<string>();
            List<string>? run = [""];
            for (var count = 0; count <= _max; count++)
            {
                if (count >= _min)
                {
                    if (all.Count + run!.Count > limit) return null;
                    all.AddRange(run);
                }
                if (count < _max && (run = Concat(run, one, limit)) is null) return null;
            }
            return all;
        }

        public override int Generate(ref RecordRandom rng, RecordBuffer buffer, int lo, int hi)
        {
            if (_child is CharSetPart set)
            {
                // The common case ([A-Z]{3}, \d+): one character per step, drawn straight into the buffer.
                var countLo = Math.Max(_min, lo);
                var countHi = Math.Min(_max, hi);
                if (countHi < countLo) countHi = countLo;
                var softest = Math.Max(countLo, _min + SoftExtra);
                if (countHi > softest) countHi = softest;
                var chars = set.Chars;
                if (_max >= Unbounded && chars.Length > 1 && rng.DigitsLeft)
                    return WriteWholeKey(ref rng, buffer, chars, countLo, Math.Max(countLo, Math.Min(_max, hi)));
                var n = countLo == countHi ? countLo : rng.NextInt(countLo, countHi);
                var span = buffer.Reserve(n);
                if (chars.Length == 1) span[..n].Fill(chars[0]);
                else for (var i = 0; i < n; i++) span[i] = chars[rng.NextInt(chars.Length)];
                buffer.Commit(n);
                return n;
            }
            int cm = _child.Min, cM = _child.Max;
            var cLo = _min;
            if (cM > 0 && lo > 0) cLo = Math.Max(cLo, (lo + cM - 1) / cM);
            var cHi = _max;
            if (cm > 0) cHi = Math.Min(cHi, hi / cm);
            if (cHi < cLo) cHi = cLo;
            // Realistic lengths: an open-ended repeat goes a few steps past what it must.
            var soft = Math.Max(cLo, _min + SoftExtra);
            if (cHi > soft) cHi = soft;
            var used = 0;
            if (_max >= Unbounded && rng.DigitsLeft)
            {
                // A unique value (see WriteWholeKey): the child repeats while the key has digits left.
                for (var i = 0; i < cLo || rng.DigitsLeft; i++)
                {
                    var rest = Math.Max(0, cLo - i - 1);
                    var a = Math.Max(cm, lo - used - (int)Math.Min(Unbounded, (long)rest * cM));
                    var b = Math.Min(cM, hi - used - rest * cm);
                    if (b < a)
                    {
                        if (i >= cLo) break;
                        b = a;
                    }
                    var (unread, mark) = (rng.UnreadDigits, buffer.Mark);
                    var made = _child.Generate(ref rng, buffer, a, b);
                    if (i >= cLo && rng.UnreadDigits == unread)
                    {
                        buffer.ResetTo(mark); // a child with one way to be made reads no digit: repeating it writes nothing new
                        break;
                    }
                    used += made;
                }
                return used;
            }
            var count = cLo == cHi ? cLo : rng.NextInt(cLo, cHi);
            for (var i = 0; i < count; i++)
            {
                var rest = count - i - 1;
                var a = Math.Max(cm, lo - used - (int)Math.Min(Unbounded, (long)rest * cM));
                var b = Math.Min(cM, hi - used - rest * cm);
                if (b < a) b = a;
                used += _child.Generate(ref rng, buffer, a, b);
            }
            return used;
        }
    }

    /// <summary>
    /// An open-ended repeat of a unique value (<see cref="GenerateUnique"/>): its characters go on while the key has digits
    /// left, up to <paramref name="max"/>, instead of a length drawn from them. A drawn length left most of a random 64-bit
    /// key unread, so <c>[a-z]+</c> gave one-letter keys that repeated within a hundred records. With every digit written,
    /// distinct keys give distinct strings (the last character drawn is never the class's first, only padding up to
    /// <paramref name="min"/> is).
    /// </summary>
    private static int WriteWholeKey(ref RecordRandom rng, RecordBuffer buffer, char[] chars, int min, int max)
    {
        var n = 0;
        for (; n < max && (n < min || rng.DigitsLeft); n++) buffer.Append(chars[rng.NextInt(chars.Length)]);
        return n;
    }

    // ---- from the syntax tree ----

    internal sealed class PartBuilder(RegexDialect dialect)
    {
        /// <summary>Whether an assertion was left out, so values must be checked against the whole pattern.</summary>
        public bool Relaxed { get; private set; }

        // What negated classes and '.' draw from: letters and digits read as realistic values; the
        // full printable range is used only when a class leaves none of them.
        internal static readonly char[] Realistic = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray();

        public RegexPart Build(RegexNode node) => node switch
        {
            EmptyNode or AnchorNode { Kind: '^' or '$' } => new EmptyPart(),
            AnchorNode or LookaroundNode or GroupNode { Inner: LookaroundNode } => Relax(),
            CharNode c => new CharSetPart([c.Value]),
            ClassNode cls => new CharSetPart(Alphabet(cls.Class, dialect)),
            AnyCharNode => new CharSetPart(Realistic),
            GroupNode group => Build(group.Inner),
            SequenceNode sequence => Sequence(sequence),
            AlternationNode alternation => new AlternationPart([.. alternation.Branches.Select(Build)]),
            RepeatNode repeat => new RepeatPart(Build(repeat.Inner), repeat.Min, repeat.Max ?? RegexPart.Unbounded),
            BackreferenceNode reference => BackReference(reference.Group),
            _ => throw new UnsupportedPatternException($"{node.GetType().Name} is not supported"),
        };

        /// <summary>Capturing groups in ECMA-262's numbering (left to right by opening parenthesis), for back-references.</summary>
        private readonly List<GroupNode> _groups = [];
        /// <summary>The groups whose back-references are being built: one inside its own group matches the empty string.</summary>
        private readonly HashSet<GroupNode> _building = new(ReferenceEqualityComparer.Instance);

        /// <summary>The parts of a whole pattern (a back-reference needs the pattern's groups numbered first).</summary>
        public RegexPart BuildPattern(RegexNode root)
        {
            NumberGroups(root);
            return Build(root);
        }

        private void NumberGroups(RegexNode node)
        {
            switch (node)
            {
                case GroupNode group:
                    if (group.Capturing) _groups.Add(group);
                    NumberGroups(group.Inner);
                    break;
                case SequenceNode sequence: foreach (var item in sequence.Items) NumberGroups(item); break;
                case AlternationNode alternation: foreach (var branch in alternation.Branches) NumberGroups(branch); break;
                case RepeatNode repeat: NumberGroups(repeat.Inner); break;
                case LookaroundNode around: NumberGroups(around.Inner); break;
            }
        }

        /// <summary>A back-reference (the ISO 8601 pattern's <c>(-?)…\3</c>, the same separator again) is drawn like its
        /// group, and the value checked against the whole pattern: draws whose two parts differ are redrawn. A group
        /// inside itself or never defined matches the empty string, as in ECMA-262.</summary>
        private RegexPart BackReference(int number)
        {
            Relaxed = true;
            if (number < 1 || number > _groups.Count || _building.Contains(_groups[number - 1])) return new EmptyPart();
            var group = _groups[number - 1];
            _building.Add(group);
            try { return Build(group.Inner); }
            finally { _building.Remove(group); }
        }

        private EmptyPart Relax()
        {
            Relaxed = true;
            return new EmptyPart();
        }

        private RegexPart Sequence(SequenceNode sequence)
        {
            // Runs of single fixed characters ("ORD-") become one literal.
            var merged = new List<RegexPart>();
            var run = new System.Text.StringBuilder();
            foreach (var item in sequence.Items)
            {
                var part = Build(item);
                if (part is EmptyPart) continue;
                if (part is CharSetPart { Chars.Length: 1 } single) { run.Append(single.Chars[0]); continue; }
                if (run.Length > 0) { merged.Add(new LiteralPart(run.ToString())); run.Clear(); }
                merged.Add(part);
            }
            if (run.Length > 0) merged.Add(new LiteralPart(run.ToString()));
            return merged.Count switch { 0 => new EmptyPart(), 1 => merged[0], _ => new SequencePart([.. merged]) };
        }

        /// <summary>The characters a class draws from: a realistic choice (ASCII stand-ins for Unicode classes), kept to
        /// what the class matches; where none of the choice is left, printable characters the class matches.</summary>
        internal static char[] Alphabet(CharClass cls, RegexDialect dialect)
        {
            var matches = CharSets.Of(cls, dialect);
            var realistic = new bool[65536];
            foreach (var item in cls.Items)
            {
                if (item is RangeItem range) AddRange(realistic, range.Low, range.High);
                else Approximate(realistic, (EscapeItem)item);
            }
            var chosen = Array.FindAll(Choose(realistic, cls.Negated), matches.Contains);
            if (chosen.Length == 0)
            {
                var printable = new bool[65536];
                foreach (var (low, high) in matches.Ranges()) AddRange(printable, low, high);
                chosen = Choose(printable, false);
            }
            if (chosen.Length == 0) throw new UnsupportedPatternException("a character class matches no character");
            return chosen;
        }

        /// <summary>Realistic stand-ins for a class escape: ASCII letters for \p{L}, a space for \s, and so on.</summary>
        private static void Approximate(bool[] set, EscapeItem escape)
        {
            switch (escape.Letter)
            {
                case 'd': AddRange(set, '0', '9'); break;
                case 'w': AddRange(set, 'a', 'z'); AddRange(set, 'A', 'Z'); AddRange(set, '0', '9'); set['_'] = true; break;
                case 's': set[' '] = true; break;
                case 'i': AddRange(set, 'a', 'z'); AddRange(set, 'A', 'Z'); set['_'] = true; break;
                case 'c': AddRange(set, 'a', 'z'); AddRange(set, 'A', 'Z'); AddRange(set, '0', '9'); set['_'] = set['-'] = set['.'] = true; break;
                case 'D' or 'W' or 'S' or 'I' or 'C':
                    {
                        var inner = new bool[65536];
                        Named(inner, char.ToLowerInvariant(escape.Letter));
                        for (var ch = 0x20; ch < 0x7F; ch++) if (!inner[ch]) set[ch] = true;
                        break;
                    }
                case 'p' or 'P':
                    {
                        var name = escape.Property!;
                        var inner = new bool[65536];
                        if (name.StartsWith("Lu", StringComparison.Ordinal)) AddRange(inner, 'A', 'Z');
                        else if (name.StartsWith("Ll", StringComparison.Ordinal)) AddRange(inner, 'a', 'z');
                        else if (name.StartsWith('N')) AddRange(inner, '0', '9');
                        else if (name.StartsWith('P')) { foreach (var ch in ".,;:!?-") inner[ch] = true; }
                        else if (name.StartsWith('Z')) inner[' '] = true;
                        else if (name.StartsWith("IsBasicLatin", StringComparison.Ordinal)) AddRange(inner, ' ', '~');
                        else { AddRange(inner, 'a', 'z'); AddRange(inner, 'A', 'Z'); }
                        if (escape.Letter == 'p') { for (var ch = 0; ch < 65536; ch++) if (inner[ch]) set[ch] = true; }
                        else for (var ch = 0x20; ch < 0x7F; ch++) if (!inner[ch]) set[ch] = true;
                        break;
                    }
            }
        }

        private static void Named(bool[] set, char lower)
        {
            switch (lower)
            {
                case 'd': AddRange(set, '0', '9'); break;
                case 'w': AddRange(set, 'a', 'z'); AddRange(set, 'A', 'Z'); AddRange(set, '0', '9'); set['_'] = true; break;
                case 's': set[' '] = set['\t'] = set['\n'] = set['\r'] = true; break;
                case 'i': AddRange(set, 'a', 'z'); AddRange(set, 'A', 'Z'); set['_'] = set[':'] = true; break;
                case 'c':
                    AddRange(set, 'a', 'z'); AddRange(set, 'A', 'Z'); AddRange(set, '0', '9');
                    set['_'] = set['-'] = set['.'] = set[':'] = true; break;
            }
        }

        private static char[] Choose(bool[] set, bool negate)
        {
            if (negate)
            {
                var realistic = new List<char>();
                foreach (var ch in Realistic) if (!set[ch]) realistic.Add(ch);
                if (realistic.Count > 0) return [.. realistic];
                var printable = new List<char>();
                for (var ch = 0x21; ch < 0x7F; ch++) if (!set[ch]) printable.Add((char)ch);
                return [.. printable];
            }
            var all = new List<char>();
            for (var ch = 0; ch < 65536 && all.Count <= 4096; ch++)
                if (set[ch] && !char.IsSurrogate((char)ch) && (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r')) all.Add((char)ch);
            if (all.Count <= 256) return [.. all];
            // A huge class (e.g. any BMP character): keep the realistic and printable part.
            var printableOnly = all.FindAll(ch => ch >= 0x20 && ch < 0x7F);
            return printableOnly.Count > 0 ? [.. printableOnly] : [.. all.GetRange(0, 256)];
        }

        private static void AddRange(bool[] set, char low, char high)
        {
            for (int ch = low; ch <= high; ch++) set[ch] = true;
        }
    }
}
