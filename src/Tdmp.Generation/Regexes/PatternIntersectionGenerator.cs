using Tdmp.Generation.Engine;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// A string under several patterns that draws of one pattern never meet: SDMX's URN attributes are restricted at each
/// step of a derivation chain, seven patterns in all (<c>.+\.base\.AgencyScheme=.+:AGENCIES\(1\.0\)</c> beside
/// <c>.+=([A-Za-z][A-Za-z0-9_\-]*(\.[A-Za-z][A-Za-z0-9_\-]*)*):[^:]+</c> and five more). Where every pattern is a regular
/// language (no look-around or back-reference; ECMA-262 anchors only at its ends) the intersection is built exactly, as
/// the product of the patterns' automata over the characters they tell apart, so it either makes values or proves
/// there are none. A value is a random walk through the product that keeps to states from which a match can still end
/// within the length facets, and heads for the nearest end once it has the length it drew.
/// </summary>
public sealed class PatternIntersectionGenerator : ValueGenerator
{
    /// <summary>Product states explored for values: enough for every part of the patterns to vary (each explored state
    /// costs a row of transitions).</summary>
    private const int ValueStates = 4_000;
    /// <summary>Product states explored for a proof that the patterns contradict each other.</summary>
    private const int ProofStates = 20_000;
    private const int MaxNfaStates = 20_000;
    /// <summary>Patterns whose automata are kept (a derivation chain's steps recur in every type below them).</summary>
    private const int CachedPatterns = 256;
    private const int Unreachable = int.MaxValue;
    /// <summary>How far past the shortest match a value's drawn length may go.</summary>
    private const int LengthSpread = 16;
    private const int Attempts = 16;

    private readonly char[][] _classes;
    private readonly int _classCount;
    private readonly int[] _next; // state * _classCount + class → state, -1 where some pattern fails
    private readonly bool[] _accepts;
    private readonly int[] _distance; // fewest characters to an accepting state
    private readonly int _minLength, _maxLength;
    private readonly string? _sample;

    private PatternIntersectionGenerator(char[][] classes, int[] next, bool[] accepts, int[] distance, int minLength, int maxLength)
    {
        (_classes, _classCount, _next, _accepts, _distance, _minLength, _maxLength) =
            (classes, classes.Length, next, accepts, distance, minLength, maxLength);
        _sample = FindSample();
    }

    /// <summary>False when no string matches every pattern within the lengths: the patterns contradict each other.</summary>
    public bool Satisfiable => _sample is not null;

    /// <summary>The exact intersection of <paramref name="patterns"/>, or null when one is not a regular language this
    /// builds (look-arounds, back-references, anchors inside) or no value turned up in the part of the product explored.</summary>
    public static PatternIntersectionGenerator? TryBuild(IReadOnlyList<(string Pattern, RegexDialect Dialect)> patterns, int minLength, int maxLength)
    {
        var key = (string.Join('\n', patterns.Select(p => $"{p.Dialect}:{p.Pattern}")), minLength, maxLength);
        if (Built.TryGetValue(key, out var known)) return known;
        if (Built.Count >= CachedPatterns) Built.Clear();
        return Built[key] = Build(patterns, minLength, maxLength);
    }

    /// <summary>Generators of pattern lists already built: a derivation chain's list recurs in every field of its type.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int, int), PatternIntersectionGenerator?> Built = new();

    private static PatternIntersectionGenerator? Build(IReadOnlyList<(string Pattern, RegexDialect Dialect)> patterns, int minLength, int maxLength)
    {
        if (Product.Of(patterns, completeAlphabet: false) is not { } product) return null;
        var explored = product.Explore([.. Enumerable.Range(0, patterns.Count)], stopAtMatch: false, ValueStates);
        var generator = new PatternIntersectionGenerator(product.Classes, explored.Next, explored.Accepts,
            Distances(explored.Next, explored.Accepts, product.Classes.Length), minLength, maxLength);
        return generator.Satisfiable || explored.Whole ? generator : null;
    }

    /// <summary>
    /// Whether no string matches all of <paramref name="patterns"/> (XSD's, each a regular language): true only when that
    /// is proven, by a product explored whole, of all of them or of two or three (SDMX's MetadataSet reference: one
    /// derivation step asks for <c>.+\.metadatastructure\.MetadataSet=.+</c>, another for a structure's URN, and a third
    /// allows one '='). The alphabet has a character of every class the patterns tell apart, so nothing is missed.
    /// </summary>
    public static bool Contradict(IReadOnlyList<string> patterns)
    {
        if (patterns.Count < 2) return false;
        try
        {
            if (Product.Of([.. patterns.Select(p => (p, RegexDialect.Xsd))], completeAlphabet: true) is not { } product) return false;
            var all = Enumerable.Range(0, patterns.Count).ToArray();
            var explored = product.Explore(all, stopAtMatch: true, ProofStates);
            if (explored.Matched) return false;
            if (explored.Whole) return true;
            var groups = all.SelectMany(a => all.Where(b => b > a).Select(b => new[] { a, b }));
            if (patterns.Count > 3)
                groups = groups.Concat(all.SelectMany(a => all.Where(b => b > a).SelectMany(b => all.Where(c => c > b).Select(c => new[] { a, b, c }))));
            return groups.Any(g => product.Explore(g, stopAtMatch: true, ProofStates) is { Matched: false, Whole: true });
        }
        catch (UnsupportedPatternException)
        {
            return false;
        }
    }

    /// <summary>Fewest characters from each state to an accepting one (reverse breadth-first search).</summary>
    private static int[] Distances(int[] next, bool[] accepts, int classCount)
    {
        var count = accepts.Length;
        var reverse = new List<int>[count];
        for (var s = 0; s < count; s++) reverse[s] = [];
        for (var i = 0; i < next.Length; i++)
            if (next[i] >= 0) reverse[next[i]].Add(i / classCount);
        var distance = Enumerable.Repeat(Unreachable, count).ToArray();
        var queue = new Queue<int>();
        for (var s = 0; s < count; s++)
            if (accepts[s]) { distance[s] = 0; queue.Enqueue(s); }
        while (queue.TryDequeue(out var s))
            foreach (var from in reverse[s])
                if (distance[from] == Unreachable)
                {
                    distance[from] = distance[s] + 1;
                    queue.Enqueue(from);
                }
        return distance;
    }

    private string? FindSample()
    {
        if (_distance[0] == Unreachable || _distance[0] > _maxLength) return null;
        var rng = new RecordRandom(0x1A7E85, 0, 0x5A3F20);
        var buffer = new RecordBuffer();
        for (var attempt = 0; attempt < 256; attempt++)
        {
            buffer.Clear();
            if (TryWalk(ref rng, buffer)) return buffer.Since(0).ToString();
        }
        return null;
    }

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var mark = buffer.Mark;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (TryWalk(ref rng, buffer)) return;
            buffer.ResetTo(mark);
        }
        buffer.Append(_sample!);
    }

    /// <summary>One walk from the start: random characters (each character of the live classes equally likely) until the
    /// drawn length, then the shortest way to an end. False when the lengths left no way on (a minimum past a finite part).</summary>
    private bool TryWalk(ref RecordRandom rng, RecordBuffer buffer)
    {
        var shortest = Math.Max(_minLength, _distance[0]);
        var target = (int)Math.Min(_maxLength, (long)shortest + rng.NextInt(LengthSpread + 1));
        Span<int> live = stackalloc int[_classCount];
        var state = 0;
        for (var length = 0; ; length++)
        {
            if (_accepts[state] && length >= target) return true;
            var count = 0;
            var weight = 0;
            var nearest = Unreachable;
            for (var k = 0; k < _classCount; k++)
            {
                var to = _next[state * _classCount + k];
                if (to < 0 || _distance[to] == Unreachable || (long)length + 1 + _distance[to] > _maxLength) continue;
                if (length >= target)
                {
                    // Heading for the end: only the classes that come nearest to it.
                    if (_distance[to] > nearest) continue;
                    if (_distance[to] < nearest) { nearest = _distance[to]; count = 0; weight = 0; }
                }
                live[count++] = k;
                weight += _classes[k].Length;
            }
            if (count == 0) return _accepts[state] && length >= _minLength;
            var pick = rng.NextInt(weight);
            var chosen = 0;
            while (pick >= _classes[live[chosen]].Length) pick -= _classes[live[chosen++]].Length;
            var chars = _classes[live[chosen]];
            buffer.Append(chars[pick]);
            state = _next[state * _classCount + live[chosen]];
        }
    }

    public override (int Min, int Max) LengthRange => (Math.Max(_minLength, _distance[0]), _maxLength);

    // ---- automata ----

    /// <summary>Compares state sets and product tuples by their elements.</summary>
    private sealed class Tuples : IEqualityComparer<int[]>
    {
        public static readonly Tuples Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] tuple)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tuple.AsSpan()));
            return hash.ToHashCode();
        }
    }

    /// <summary>Whether XML allows the character in text (a lone surrogate or a control character it does not).</summary>
    private static bool XmlChar(int c) => c is >= 0x20 and < 0xFFFE and (< 0xD800 or > 0xDFFF) or '\t' or '\n' or '\r';

    /// <summary>Several patterns' automata over the classes of characters they tell apart: each class is one tuple of the
    /// patterns' own classes, so one character of it stands for all.</summary>
    private sealed class Product
    {
        private readonly PatternAutomaton[] _patterns;
        /// <summary>Per pattern, its own class of each class of the product.</summary>
        private readonly int[][] _own;

        public char[][] Classes { get; }

        private Product(PatternAutomaton[] patterns, char[][] classes)
        {
            (_patterns, Classes) = (patterns, classes);
            _own = [.. patterns.Select(p => classes.Select(c => (int)p.ClassOf[c[0]]).ToArray())];
        }

        /// <summary>The product over the characters values are made of (every pattern's realistic ones); with
        /// <paramref name="completeAlphabet"/> one of every class XML text can hold besides. Null when a pattern is not regular.</summary>
        public static Product? Of(IReadOnlyList<(string Pattern, RegexDialect Dialect)> patterns, bool completeAlphabet)
        {
            var automata = new PatternAutomaton[patterns.Count];
            for (var i = 0; i < patterns.Count; i++)
                if (PatternAutomaton.Of(patterns[i].Pattern, patterns[i].Dialect) is { } automaton) automata[i] = automaton;
                else return null;
            var realistic = new SortedSet<char>(automata.SelectMany(a => a.Realistic));
            var groups = new Dictionary<int[], List<char>>(Tuples.Instance);
            void Add(char c)
            {
                var key = automata.Select(a => (int)a.ClassOf[c]).ToArray();
                if (groups.TryGetValue(key, out var group)) group.Add(c);
                else groups[key] = [c];
            }
            foreach (var c in realistic) Add(c);
            if (completeAlphabet)
                for (var c = 0; c < 0x10000; c++)
                    if (XmlChar(c) && !realistic.Contains((char)c))
                    {
                        var key = automata.Select(a => (int)a.ClassOf[c]).ToArray();
                        groups.TryAdd(key, [(char)c]);
                    }
            return new Product(automata, [.. groups.Values.Select(g => g.ToArray())]);
        }

        /// <summary>
        /// The product of the members' automata, its states tuples of their DFA states. Every pattern tracking its own
        /// partial matches (SDMX's seven) makes far more tuples than values need, so they are explored nearest-first: by
        /// the characters read plus the most any one pattern still needs (A*), up to <paramref name="maxStates"/>. A state
        /// left unexpanded leads nowhere, so a walk stays where its way on is known.
        /// </summary>
        public Explored Explore(int[] members, bool stopAtMatch, int maxStates)
        {
            var dfas = members.Select(m => _patterns[m].Dfa).ToArray();
            var own = members.Select(m => _own[m]).ToArray();
            int Estimate(int[] tuple)
            {
                var most = 0;
                for (var p = 0; p < tuple.Length; p++) most = Math.Max(most, dfas[p].Distance[tuple[p]]);
                return most;
            }
            var ids = new Dictionary<int[], int>(Tuples.Instance);
            var states = new List<int[]>();
            var depth = new List<int>();
            var rows = new List<int[]?>(); // a state's successors by class, once expanded
            var queue = new PriorityQueue<int, int>();
            void Add(int[] tuple, int at)
            {
                ids[tuple] = states.Count;
                states.Add(tuple);
                depth.Add(at);
                rows.Add(null);
                queue.Enqueue(states.Count - 1, at + Estimate(tuple));
            }
            var start = new int[dfas.Length]; // every pattern's Dfa.Start
            if (Estimate(start) != Unreachable) Add(start, 0);
            bool Accepts(int[] tuple) => tuple.Select((d, p) => dfas[p].Accepts[d]).All(a => a);
            var matched = false;
            for (var expanded = 0; expanded < maxStates && queue.TryDequeue(out var s, out _); expanded++)
            {
                if (Accepts(states[s]))
                {
                    matched = true;
                    if (stopAtMatch) break;
                }
                var row = new int[Classes.Length];
                for (var k = 0; k < Classes.Length; k++)
                {
                    var tuple = new int[dfas.Length];
                    var dead = false;
                    for (var p = 0; p < dfas.Length && !dead; p++)
                        dead = (tuple[p] = dfas[p].Step(states[s][p], own[p][k])) < 0 || dfas[p].Distance[tuple[p]] == Unreachable;
                    if (dead) row[k] = -1;
                    else if (ids.TryGetValue(tuple, out var known)) row[k] = known;
                    else
                    {
                        row[k] = states.Count;
                        Add(tuple, depth[s] + 1);
                    }
                }
                rows[s] = row;
            }
            var next = new int[Math.Max(1, states.Count) * Classes.Length];
            Array.Fill(next, -1);
            for (var s = 0; s < states.Count; s++)
                if (rows[s] is { } row) row.CopyTo(next, s * Classes.Length);
            bool[] accepts = states.Count == 0 ? [false] : [.. states.Select(Accepts)];
            return new Explored(next, accepts, Whole: queue.Count == 0, matched);
        }
    }

    private sealed record Explored(int[] Next, bool[] Accepts, bool Whole, bool Matched);

    /// <summary>One pattern's automaton over the classes of characters it tells apart (every character has one), made
    /// once per pattern: the steps of a derivation chain recur in every type derived below them.</summary>
    private sealed class PatternAutomaton
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, RegexDialect), PatternAutomaton?> Cache = new();

        /// <summary>The pattern's own class of each character.</summary>
        public ushort[] ClassOf { get; }
        /// <summary>The characters its values are made of: each class's realistic choice and every literal character.</summary>
        public char[] Realistic { get; }
        public Dfa Dfa { get; }

        private PatternAutomaton(ushort[] classOf, char[] realistic, Dfa dfa) => (ClassOf, Realistic, Dfa) = (classOf, realistic, dfa);

        public static PatternAutomaton? Of(string pattern, RegexDialect dialect)
        {
            if (Cache.TryGetValue((pattern, dialect), out var known)) return known;
            if (Cache.Count >= CachedPatterns) Cache.Clear();
            return Cache[(pattern, dialect)] = Build(pattern, dialect);
        }

        private static PatternAutomaton? Build(string pattern, RegexDialect dialect)
        {
            var labels = new Labels();
            if (Nfa.TryBuild(RegexTree.Parse(pattern, dialect), labels) is not { } nfa) return null;
            var (classOf, count) = labels.Partition();
            var representatives = new char[count];
            var found = new bool[count];
            for (var c = 0; c < 0x10000; c++)
                if (!found[classOf[c]] && XmlChar(c))
                {
                    found[classOf[c]] = true;
                    representatives[classOf[c]] = (char)c;
                }
            var reads = new bool[labels.Count, count];
            for (var label = 0; label < labels.Count; label++)
                for (var k = 0; k < count; k++) reads[label, k] = found[k] && labels.Matches(label, representatives[k]);
            return new PatternAutomaton(classOf, labels.Alphabet, new Dfa(nfa, reads, count));
        }
    }

    /// <summary>What a pattern's transitions read: one character, or a class (<see cref="CharSets"/> decides membership exactly).</summary>
    private sealed class Labels
    {
        private readonly List<CharSet?> _sets = [];
        private readonly List<char> _singles = [];
        private readonly Dictionary<char, int> _singleIds = [];
        private readonly SortedSet<char> _alphabet = [];

        public int Count => _sets.Count;

        public char[] Alphabet => [.. _alphabet];

        public int Single(char c)
        {
            _alphabet.Add(c);
            if (_singleIds.TryGetValue(c, out var id)) return id;
            _sets.Add(null);
            _singles.Add(c);
            return _singleIds[c] = _sets.Count - 1;
        }

        public int Set(CharSet set, IEnumerable<char> realistic)
        {
            _alphabet.UnionWith(realistic);
            _sets.Add(set);
            _singles.Add('\0');
            return _sets.Count - 1;
        }

        public bool Matches(int label, char c) => _sets[label] is { } set ? set.Contains(c) : _singles[label] == c;

        /// <summary>Every character's class: characters every label treats alike share one. Each class label splits the
        /// classes it cuts through; each literal character then gets a class of its own.</summary>
        public (ushort[] ClassOf, int Count) Partition()
        {
            var classOf = new int[0x10000];
            var count = 1;
            foreach (var set in _sets.OfType<CharSet>())
            {
                var split = new Dictionary<int, int>();
                for (var c = 0; c < 0x10000; c++)
                {
                    if (!set.Contains((char)c)) continue;
                    if (!split.TryGetValue(classOf[c], out var inside)) split[classOf[c]] = inside = count++;
                    classOf[c] = inside;
                }
            }
            foreach (var c in _singles.Where((_, label) => _sets[label] is null)) classOf[c] = count++;
            // Numbered densely (at most one class per character): a class a later label took whole left its number unused.
            var dense = new Dictionary<int, ushort>();
            var result = new ushort[0x10000];
            for (var c = 0; c < 0x10000; c++)
            {
                if (!dense.TryGetValue(classOf[c], out var id)) dense[classOf[c]] = id = (ushort)dense.Count;
                result[c] = id;
            }
            return (result, dense.Count);
        }
    }

    /// <summary>A Thompson automaton of one pattern: transitions on labels, and empty moves.</summary>
    private sealed class Nfa
    {
        public readonly List<List<int>> Empty = [];
        public readonly List<List<(int Label, int To)>> Moves = [];
        public int Start, End;
        private readonly Labels _labels;
        private readonly RegexDialect _dialect;
        /// <summary>The one label of '.', however often the pattern has it.</summary>
        private int? _anyChar;

        private Nfa(Labels labels, RegexDialect dialect) => (_labels, _dialect) = (labels, dialect);

        private sealed class NotRegular : Exception;

        public static Nfa? TryBuild(RegexTree tree, Labels labels)
        {
            if (tree.NeedsBacktracking) return null;
            var nfa = new Nfa(labels, tree.Dialect);
            try
            {
                (nfa.Start, nfa.End) = tree.Dialect == RegexDialect.Xsd ? nfa.Build(tree.Root) : nfa.Search(tree.Root);
                return nfa;
            }
            catch (NotRegular)
            {
                return null;
            }
        }

        /// <summary>An ECMA-262 pattern matches anywhere unless anchored: <c>^a</c> is a prefix, <c>a$</c> a suffix.</summary>
        private (int, int) Search(RegexNode root)
        {
            var items = root is SequenceNode sequence ? sequence.Items.ToList() : [root];
            var anchoredStart = items.Count > 0 && items[0] is AnchorNode { Kind: '^' };
            if (anchoredStart) items.RemoveAt(0);
            var anchoredEnd = items.Count > 0 && items[^1] is AnchorNode { Kind: '$' };
            if (anchoredEnd) items.RemoveAt(items.Count - 1);
            var (start, end) = Build(new SequenceNode(items));
            if (!anchoredStart)
            {
                var before = Anything();
                Empty[before].Add(start);
                start = before;
            }
            if (!anchoredEnd)
            {
                var after = Anything();
                Empty[end].Add(after);
                end = after;
            }
            return (start, end);
        }

        /// <summary>A state that reads any character and stays: <c>[\s\S]*</c>, the text around an unanchored match.</summary>
        private int Anything()
        {
            var all = new CharSet();
            all.Complement();
            var state = NewState();
            Moves[state].Add((_labels.Set(all, RegexStringGenerator.PartBuilder.Realistic), state));
            return state;
        }

        private int NewState()
        {
            if (Empty.Count >= MaxNfaStates) throw new NotRegular();
            Empty.Add([]);
            Moves.Add([]);
            return Empty.Count - 1;
        }

        private (int Start, int End) Read(int label)
        {
            var (start, end) = (NewState(), NewState());
            Moves[start].Add((label, end));
            return (start, end);
        }

        private (int Start, int End) Build(RegexNode node)
        {
            switch (node)
            {
                case EmptyNode:
                    {
                        var s = NewState();
                        return (s, s);
                    }
                case CharNode c: return Read(_labels.Single(c.Value));
                case ClassNode cls: return Read(_labels.Set(CharSets.Of(cls.Class, _dialect), RegexStringGenerator.PartBuilder.Alphabet(cls.Class, _dialect)));
                case AnyCharNode: return Read(_anyChar ??= _labels.Set(CharSets.AnyChar(_dialect), RegexStringGenerator.PartBuilder.Realistic));
                case GroupNode { Inner: not LookaroundNode } group: return Build(group.Inner);
                case SequenceNode sequence:
                    {
                        var start = NewState();
                        var end = start;
                        foreach (var item in sequence.Items)
                        {
                            var (s, e) = Build(item);
                            Empty[end].Add(s);
                            end = e;
                        }
                        return (start, end);
                    }
                case AlternationNode alternation:
                    {
                        var (start, end) = (NewState(), NewState());
                        foreach (var branch in alternation.Branches)
                        {
                            var (s, e) = Build(branch);
                            Empty[start].Add(s);
                            Empty[e].Add(end);
                        }
                        return (start, end);
                    }
                case RepeatNode repeat:
                    {
                        var start = NewState();
                        var end = start;
                        for (var i = 0; i < repeat.Min; i++)
                        {
                            var (s, e) = Build(repeat.Inner);
                            Empty[end].Add(s);
                            end = e;
                        }
                        if (repeat.Max is null)
                        {
                            var (s, e) = Build(repeat.Inner);
                            Empty[end].Add(s);
                            Empty[e].Add(s);
                            Empty[e].Add(end);
                            return (start, end);
                        }
                        var last = NewState();
                        Empty[end].Add(last);
                        for (var i = repeat.Min; i < repeat.Max; i++)
                        {
                            var (s, e) = Build(repeat.Inner);
                            Empty[end].Add(s);
                            Empty[e].Add(last);
                            end = e;
                        }
                        return (start, last);
                    }
                default: throw new NotRegular(); // anchors inside, look-arounds, back-references
            }
        }
    }

    /// <summary>One pattern's automaton made deterministic (a state is a set of its NFA states), with each state's
    /// fewest characters to a match of this pattern alone: a product tuple where one pattern can no longer match is
    /// left out, and the most any pattern still needs orders the product's exploration.</summary>
    private sealed class Dfa
    {
        public const int Start = 0;
        private readonly int _classCount;
        private readonly int[] _next;

        public int Step(int state, int k) => _next[state * _classCount + k];

        public bool[] Accepts { get; }

        public int[] Distance { get; }

        public Dfa(Nfa nfa, bool[,] reads, int classCount)
        {
            _classCount = classCount;
            var count = nfa.Empty.Count;
            var closures = new int[count][];
            for (var u = 0; u < count; u++) closures[u] = Closure(nfa, [u]);
            var universal = UniversalStates(nfa, reads, closures);

            var ids = new Dictionary<int[], int>(Tuples.Instance);
            var sets = new List<int[]>();
            var next = new List<int>();
            var accepts = new List<bool>();
            int[] universalKey = [-1];
            int Id(int[] set)
            {
                var key = Array.Exists(set, s => universal[s]) ? universalKey : set;
                if (ids.TryGetValue(key, out var id)) return id;
                ids[key] = sets.Count;
                sets.Add(set);
                accepts.Add(Array.BinarySearch(set, nfa.End) >= 0);
                return sets.Count - 1;
            }
            Id(closures[nfa.Start]);
            var targets = new List<int>();
            var seen = new int[count];
            var stamp = 0;
            for (var state = 0; state < sets.Count; state++)
                for (var k = 0; k < classCount; k++)
                {
                    targets.Clear();
                    stamp++;
                    foreach (var s in sets[state])
                        foreach (var (label, to) in nfa.Moves[s])
                            if (reads[label, k])
                                foreach (var t in closures[to])
                                    if (seen[t] != stamp)
                                    {
                                        seen[t] = stamp;
                                        targets.Add(t);
                                    }
                    targets.Sort();
                    next.Add(targets.Count == 0 ? -1 : Id([.. targets]));
                }
            (_next, Accepts) = ([.. next], [.. accepts]);
            Distance = Distances(_next, Accepts, classCount);
        }

        /// <summary>NFA states from which every string of the pattern's characters ends in a match (inside a trailing <c>.*</c>). A set
        /// holding one accepts everything, whatever else it holds, so all such sets are one state: without this, an
        /// alternation of 70 <c>(.+\.base\.X=.+)</c> kept apart every combination of branches that had matched.</summary>
        private static bool[] UniversalStates(Nfa nfa, bool[,] reads, int[][] closures)
        {
            // Every string of the pattern is made of the characters some label reads; a state that accepts all strings of
            // those accepts all a set of states can (the line breaks XSD's '.' leaves out need not be read).
            var usable = Enumerable.Range(0, reads.GetLength(1))
                .Select(k => Enumerable.Range(0, reads.GetLength(0)).Any(label => reads[label, k])).ToArray();
            var universal = closures.Select(c => Array.BinarySearch(c, nfa.End) >= 0).ToArray();
            // The greatest set where every character leads from each member to a member.
            for (var changed = true; changed;)
            {
                changed = false;
                for (var u = 0; u < universal.Length; u++)
                {
                    if (!universal[u]) continue;
                    for (var k = 0; k < reads.GetLength(1) && universal[u]; k++)
                    {
                        if (!usable[k]) continue;
                        var stays = closures[u].Any(s => nfa.Moves[s].Any(m => reads[m.Label, k] && closures[m.To].Any(t => universal[t])));
                        if (stays) continue;
                        universal[u] = false;
                        changed = true;
                    }
                }
            }
            return universal;
        }

        private static int[] Closure(Nfa nfa, IEnumerable<int> from)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(from);
            while (stack.TryPop(out var s))
                if (seen.Add(s))
                    foreach (var t in nfa.Empty[s]) stack.Push(t);
            var set = seen.ToArray();
            Array.Sort(set);
            return set;
        }
    }
}
