namespace Tdmp.Generation.Regexes;

/// <summary>
/// How much work a backtracking engine does to match a parsed pattern against an input, counted in steps (one per
/// node tried) by a plain backtracking matcher over the <see cref="RegexTree"/>: the same count on every machine and
/// under any load, unlike the time a real engine takes. <see cref="SafeRegex"/> decides "catastrophic" from it.
/// </summary>
internal sealed class BacktrackCount
{
    /// <summary>How deep the matcher may nest (one level per node entered along one path): a pattern and input deeper
    /// than this count as too costly. Fits the stack <see cref="Steps"/> runs on.</summary>
    private const int MaxDepth = 20_000;

    private const int StackBytes = 64 * 1024 * 1024;

    private readonly RegexTree _tree;
    private readonly Dictionary<RegexNode, CharSet> _sets = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<RegexNode, int> _groupNumbers = new(ReferenceEqualityComparer.Instance);
    private readonly (int Start, int End)[] _captures;
    private string _input = "";
    private long _steps;
    private long _limit;
    private int _depth;

    private BacktrackCount(RegexTree tree)
    {
        _tree = tree;
        _captures = new (int, int)[tree.CaptureCount + 1];
        NumberGroups(tree.Root);
    }

    private sealed class Stop : Exception;

    /// <summary>The steps matching <paramref name="inputs"/> one after the other takes, as a search (ECMA-262) or a
    /// whole-value match (XSD) the way the validator runs; stops just past <paramref name="limit"/>. Runs on a thread
    /// of its own with a fixed stack, so how deep a match may go is the same wherever it runs.</summary>
    public static long Steps(RegexTree tree, IEnumerable<string> inputs, long limit)
    {
        var counter = new BacktrackCount(tree) { _limit = limit };
        var thread = new Thread(() =>
        {
            try
            {
                foreach (var input in inputs) counter.Run(input);
            }
            catch (Stop)
            {
                counter._steps = Math.Max(counter._steps, limit + 1);
            }
        }, StackBytes);
        thread.Start();
        thread.Join();
        return counter._steps;
    }

    private void Run(string input)
    {
        _input = input;
        var starts = _tree.Dialect == RegexDialect.Xsd ? 0 : input.Length;
        for (var start = 0; start <= starts; start++)
        {
            Array.Clear(_captures);
            if (Match(_tree.Root, start, static _ => true)) return;
        }
    }

    private void NumberGroups(RegexNode node)
    {
        switch (node)
        {
            case GroupNode group:
                if (group.Capturing) _groupNumbers[group] = _groupNumbers.Count + 1;
                NumberGroups(group.Inner);
                break;
            case LookaroundNode look: NumberGroups(look.Inner); break;
            case RepeatNode repeat: NumberGroups(repeat.Inner); break;
            case SequenceNode sequence: foreach (var item in sequence.Items) NumberGroups(item); break;
            case AlternationNode alternation: foreach (var branch in alternation.Branches) NumberGroups(branch); break;
        }
    }

    private bool Match(RegexNode node, int pos, Func<int, bool> next)
    {
        if (++_steps > _limit || _depth >= MaxDepth) throw new Stop();
        _depth++;
        try
        {
            return MatchNode(node, pos, next);
        }
        finally
        {
            _depth--;
        }
    }

    private bool MatchNode(RegexNode node, int pos, Func<int, bool> next)
    {
        switch (node)
        {
            case EmptyNode:
                return next(pos);
            case CharNode c:
                return pos < _input.Length && _input[pos] == c.Value && next(pos + 1);
            case ClassNode or AnyCharNode:
                return pos < _input.Length && Set(node).Contains(_input[pos]) && next(pos + 1);
            case AnchorNode anchor:
                return anchor.Kind switch
                {
                    '^' => pos == 0,
                    '$' => pos == _input.Length,
                    _ => (IsWord(pos - 1) != IsWord(pos)) == (anchor.Kind == 'b'),
                } && next(pos);
            case SequenceNode sequence:
                return Sequence(sequence.Items, 0, pos, next);
            case AlternationNode alternation:
                foreach (var branch in alternation.Branches)
                    if (Match(branch, pos, next)) return true;
                return false;
            case GroupNode { Inner: LookaroundNode look }:
                {
                    var found = look.Behind
                        ? Enumerable.Range(0, pos + 1).Reverse().Any(from => Match(look.Inner, from, end => end == pos))
                        : Match(look.Inner, pos, static _ => true);
                    return found != look.Negative && next(pos);
                }
            case GroupNode group when _groupNumbers.TryGetValue(group, out var number):
                return Match(group.Inner, pos, end =>
                {
                    var before = _captures[number];
                    _captures[number] = (pos, end + 1);
                    if (next(end)) return true;
                    _captures[number] = before;
                    return false;
                });
            case GroupNode group:
                return Match(group.Inner, pos, next);
            case RepeatNode repeat:
                return Repeat(repeat, 0, pos, next);
            case BackreferenceNode reference:
                {
                    // Captures are stored with End + 1 so that the default (0, 0) means "not set": matches empty.
                    var (start, end) = _captures[reference.Group];
                    var length = end == 0 ? 0 : end - 1 - start;
                    return pos + length <= _input.Length
                        && string.CompareOrdinal(_input, start, _input, pos, length) == 0
                        && next(pos + length);
                }
            default:
                throw new InvalidOperationException($"no matcher for {node.GetType().Name}");
        }
    }

    private bool Sequence(IReadOnlyList<RegexNode> items, int index, int pos, Func<int, bool> next) =>
        index == items.Count ? next(pos) : Match(items[index], pos, end => Sequence(items, index + 1, end, next));

    /// <summary>Greedy: one more repetition first, then stopping; lazy the other way round. A repetition past the
    /// minimum that matches nothing ends the loop (as ECMA-262 and .NET do).</summary>
    private bool Repeat(RepeatNode repeat, int count, int pos, Func<int, bool> next)
    {
        bool More() => (repeat.Max is null || count < repeat.Max)
            && Match(repeat.Inner, pos, end => !(end == pos && count >= repeat.Min) && Repeat(repeat, count + 1, end, next));
        bool Enough() => count >= repeat.Min && next(pos);
        return repeat.Lazy ? Enough() || More() : More() || Enough();
    }

    private CharSet Set(RegexNode node)
    {
        if (!_sets.TryGetValue(node, out var set))
            _sets[node] = set = node is ClassNode cls ? CharSets.Of(cls.Class, _tree.Dialect) : CharSets.AnyChar(_tree.Dialect);
        return set;
    }

    private bool IsWord(int pos) => pos >= 0 && pos < _input.Length && (char.IsAsciiLetterOrDigit(_input[pos]) || _input[pos] == '_');
}
