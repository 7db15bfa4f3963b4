namespace Tdmp.Generation.Engine;

public sealed partial class RecordEngine
{
    /// <summary>How many draws a checked value gets; the draws come from the record's stream, so they are the same on
    /// every run of the same seed and record.</summary>
    public const int CheckAttempts = 64;

    /// <summary>How many times the deferred values of a record are made again when a check on them fails.</summary>
    public const int DeferredAttempts = 4;

    /// <summary>How many times a whole record is drawn anew when its deferred values cannot pass its checks.</summary>
    public const int RecordRounds = 32;

    private const ulong RoundStream = 0xC4EC_0000_0000UL;

    private enum PendingKind : byte { Checks, Exclusion, Condition }

    /// <summary>A check whose value had a part made later (deferred): evaluated once that part is made. For a
    /// condition, <paramref name="First"/> is the object's first member token, and <paramref name="Holds"/> the side
    /// taken.</summary>
    private readonly record struct PendingCheck(PendingKind Kind, PlanNode Node, int First, int End, ObjectConditional? Condition,
        bool Holds, int Ordinal);

    private readonly List<PendingCheck> _pending = [];
    // Which round of MakeRecord is running, and what the previous round learned of the if-tests it could not decide
    // (by their order in the record): the side the final values took.
    private int _round;
    private int _undecidedOrdinal;
    private readonly Dictionary<int, bool> _forced = [];
    private readonly bool[] _remadeElsewhere;
    // Nodes some keyref takes its values from: content holding one is never left out.
    private readonly bool[] _keyTargets;

    /// <summary>
    /// Generate-and-check: makes the node, checks the value against the node's schemas (<see cref="PlanNode.Checks"/>),
    /// and redraws it while one fails. An optional value that never passes is left out; a required one fails the
    /// dataset naming the node, rather than writing a value the schema rejects. A value with a deferred part is
    /// checked once that part is made (<see cref="ResolveDeferredChecked"/>).
    /// The draws are a redraw loop like the others: loops inside the value count as nested, and the draws of a check
    /// nested in another loop's value count against <see cref="RedrawBudget"/>. Past it a failing check gets no more
    /// draws. A value that fails all its draws is never written: an optional one is left out; a required one inside
    /// another loop's value (or past the budget) writes nothing and marks the record spent (<see cref="_spent"/>): the
    /// enclosing loop that draws its value again clears that, else the record is drawn anew (<see cref="MakeRecord"/>),
    /// and the last round fails the dataset naming the node. The second half of the draws makes optional members sparser
    /// (<see cref="_sparse"/>).
    /// </summary>
    private void EmitChecked(PlanNode node, ref RecordRandom rng, bool forcePresent, bool content = false)
    {
        var sparse = _sparse;
        try
        {
            EmitCheckedDraws(node, ref rng, forcePresent, content);
        }
        finally
        {
            _sparse = sparse;
        }
    }

    /// <summary>Whether optional members are made at <see cref="SparsePresentRate"/> instead of the default rate: in the
    /// second half of a checked value's draws. Checks that limit which optional members appear together (prometheus's
    /// remote_write: at most one of six authentication settings, each an if/then on the others) pass rarely at the
    /// default rate of 0.8, and a value that failed its first draws is then drawn sparser.</summary>
    private bool _sparse;

    private const double SparsePresentRate = 0.4;

    private void EmitCheckedDraws(PlanNode node, ref RecordRandom rng, bool forcePresent, bool content)
    {
        for (var attempt = 0; attempt < CheckAttempts; attempt++)
        {
            if (attempt == CheckAttempts / 2) _sparse = true;
            var mark = Mark();
            var tokenMark = mark.Tokens;
            _redrawNesting++;
            EmitUnchecked(node, ref rng, forcePresent, content);
            _redrawNesting--;
            // A required value inside this one that ran out of draws leaves this value incomplete: it fails as a whole.
            if (_spent is not { } spent || spent.At < tokenMark)
            {
                if (Buffer.TokenCount == tokenMark) return;
                if (HasUnmade(tokenMark, Buffer.TokenCount))
                {
                    _pending.Add(new PendingCheck(PendingKind.Checks, node, tokenMark, Buffer.TokenCount, null, false, 0));
                    return;
                }
                if (PassesChecks(node, tokenMark, Buffer.TokenCount)) return;
            }
            Count();
            Rollback(mark);
            if (OverBudget) break;
        }
        if (!node.Required && !forcePresent) return;
        // Inside another loop's value, that loop draws its value anew (or, past it, the record is drawn anew).
        if (_redrawNesting > 0 || NestedRedraws >= RedrawBudget)
        {
            _spent ??= (node, Buffer.TokenCount);
            return;
        }
        throw new UnsatisfiableSchemaException(node.Path,
            $"no value made in {CheckAttempts} draws satisfies the schema's 'not' or if/then/else here; narrow it with a rule (values, pattern) or " +
            "simplify the schema");
    }

    /// <summary>The first required checked value of the record that ran out of the redraw budget and was not made (the
    /// token it would have started at): the record cannot be kept. Cleared when the tokens from there are rolled back.</summary>
    private (PlanNode Node, int At)? _spent;

    private static UnsatisfiableSchemaException BudgetSpent(PlanNode node) => new(node.Path,
        $"no value made here satisfies the schema's 'not' or if/then/else ({CheckAttempts} draws of it inside other redrawn values, " +
        $"within a record's budget of {RedrawBudget} such redraws, in {RecordRounds} draws of the record); narrow it with a rule " +
        "(values, pattern) or simplify the schema");

    /// <summary>Where the record stands before a value that may be taken back: its tokens, characters, deferred values
    /// and pending checks.</summary>
    private readonly record struct EmitMark(int Tokens, int Chars, int Deferred, int Pending);

    private EmitMark Mark() => new(Buffer.TokenCount, Buffer.Mark, _deferred.Count, _pending.Count);

    /// <summary>Takes back everything made since <paramref name="mark"/>.</summary>
    private void Rollback(EmitMark mark)
    {
        Buffer.ResetTo(mark.Chars);
        TrimTokens(mark.Tokens);
        _deferred.RemoveRange(mark.Deferred, _deferred.Count - mark.Deferred);
        _pending.RemoveRange(mark.Pending, _pending.Count - mark.Pending);
    }

    private bool PassesChecks(PlanNode node, int first, int end)
    {
        foreach (var check in node.Checks!)
            if (!check.Passes(Buffer, first, end, _plan.Nodes)) return false;
        return true;
    }

    /// <summary>Whether tokens [first, end) hold a value not made yet (a deferred one).</summary>
    private bool HasUnmade(int first, int end)
    {
        if (_deferred.Count == 0) return false;
        for (var i = first; i < end; i++)
        {
            ref readonly var t = ref Buffer.Token(i);
            if (t.Kind == TokenKind.Value && t.Offset < 0) return true;
        }
        return false;
    }

    /// <summary>Decides conditional <paramref name="c"/> of <paramref name="node"/> on the members made so far. When the
    /// if reads a member not made yet (deferred), the side is taken as if it were absent (or as the previous round of
    /// the record found it) and checked against the final value once it is made.</summary>
    private bool Decide(PlanNode node, int c, int objectStart)
    {
        var cond = node.Conditionals![c];
        var holds = ConditionHolds(cond, objectStart, Buffer.TokenCount, out var undecided);
        if (!undecided) return holds;
        var ordinal = _undecidedOrdinal++;
        if (_forced.TryGetValue(ordinal, out var forced)) holds = forced;
        _pending.Add(new PendingCheck(PendingKind.Condition, node, objectStart, -1, cond, holds, ordinal));
        return holds;
    }

    /// <summary>
    /// Makes the deferred values, then evaluates the checks that waited for them. While one fails, the deferred values
    /// are made again from their next draws (a bounded number of times); the check still failing is returned, and
    /// <see cref="MakeRecord"/> draws the whole record anew.
    /// </summary>
    private PendingCheck? ResolveDeferredChecked(ref RecordRandom rng)
    {
        var charMark = Buffer.Mark;
        ResolveDeferred(ref rng);
        if (_pending.Count == 0) return null;
        for (var attempt = 1; ; attempt++)
        {
            var failed = FirstFailing();
            if (failed is null) return null;
            if (attempt == DeferredAttempts)
            {
                // The next round takes the side each undecided if-test had on the final values.
                foreach (var p in _pending)
                    if (p.Kind == PendingKind.Condition) _forced[p.Ordinal] = ConditionHolds(p.Condition!, p.First, MembersEnd(p.First), out _);
                return failed;
            }
            Buffer.ResetTo(charMark);
            ResolveDeferred(ref rng);
        }
    }

    /// <summary>
    /// Leaves out, as <see cref="Omit"/> does, each value whose check on deferred parts still fails after the record's last
    /// round: the value when optional, else the nearest optional element around it. Beacon's optional <c>ageOfOnset</c> is
    /// a oneOf of open objects that nearly every value satisfies twice, which failed the dataset. Returns the check that
    /// still fails where nothing can be left out (a condition's, which decides between the sides of an object), else null.
    /// </summary>
    private PendingCheck? OmitFailing()
    {
        while (FirstFailing() is { } failed)
            if (failed.Kind == PendingKind.Condition || !Omit(failed.First)) return failed;
        return null;
    }

    private PendingCheck? FirstFailing()
    {
        foreach (var p in _pending)
        {
            if (IsOmitted(p.First)) continue;
            var passes = p.Kind switch
            {
                PendingKind.Checks => PassesChecks(p.Node, p.First, p.End),
                PendingKind.Exclusion => !p.Node.Exclusion!.Passes(Buffer, p.First, p.End, _plan.Nodes),
                _ => ConditionHolds(p.Condition!, p.First, MembersEnd(p.First), out _) == p.Holds,
            };
            if (!passes) return p;
        }
        return null;
    }

    /// <summary>The end of the members of the object whose first member token is <paramref name="first"/> (its EndObject).</summary>
    private int MembersEnd(int first) => ItemEnd(first - 1) - 1;

    // Token ranges of the current record left out once it is made, and the keyref field that found no key value and
    // could not be left out (the record is then drawn again).
    private readonly List<(int Start, int End)> _omitted = [];
    private PlanNode? _unresolved;

    /// <summary>
    /// A keyref field with no key value it may take (<see cref="KeyrefScope"/>) is left out where the schema allows:
    /// the field when optional, else the nearest enclosing element that is optional, or an item of a repetition that has
    /// more than its minimum. Content holding a key value another reference may have copied, or the place of the
    /// records, is never left out. False when nothing can be (the record is drawn again).
    /// </summary>
    private bool Omit(int token)
    {
        var nodes = _plan.Nodes;
        for (var at = token; at >= 0; at = Buffer.Index.Parent(at))
        {
            ref readonly var t = ref Buffer.Token(at);
            var node = nodes[t.NodeId];
            if (ReferenceEquals(node, _plan.Record) || ReferenceEquals(node, _plan.Envelope)) return false;
            var end = Buffer.Index.End(at);
            // An item of a repetition may go while more than the minimum are left; anything else when it is optional.
            var optional = node.Parent is { Kind: PlanNodeKind.Array } array && ReferenceEquals(array.Item, node)
                ? ItemsAround(at) > array.Behavior.MinItems
                : !nodes[t.NameId].Required || node.Parent is { Kind: PlanNodeKind.Choice } choice && (choice.MinRepeat == 0 || !choice.Required);
            if (!optional) continue;
            for (var i = at; i < end; i++)
                if (Buffer.Token(i).NodeId == MarkerNodeId || Buffer.Token(i).Kind == TokenKind.Value && _keyTargets[Buffer.Token(i).NodeId])
                    return false;
            _omitted.Add((at, end));
            return true;
        }
        return false;
    }

    /// <summary>How many items the array around item token <paramref name="item"/> holds, less those already left out.</summary>
    private int ItemsAround(int item)
    {
        var index = Buffer.Index;
        var start = index.Parent(item);
        if (start < 0 || Buffer.Token(start).Kind != TokenKind.StartArray) return 0;
        var count = 0;
        for (var i = start + 1; i < Buffer.TokenCount && Buffer.Token(i).Kind != TokenKind.EndArray; i = index.End(i))
            if (!_omitted.Contains((i, index.End(i)))) count++;
        return count;
    }

    private bool IsOmitted(int token)
    {
        foreach (var (start, end) in _omitted)
            if (token >= start && token < end) return true;
        return false;
    }

    /// <summary>Drops what <see cref="Omit"/> left out, once the record is final.</summary>
    private void RemoveOmitted()
    {
        if (_omitted.Count == 0) return;
        _omitted.Sort();
        Buffer.RemoveTokens(_omitted);
        _omitted.Clear();
    }

    private static UnsatisfiableSchemaException UnresolvedKeyref(PlanNode node) => new(node.Path,
        $"no key value for this keyref field in {RecordRounds} draws of the record, and neither it nor an element around it can be " +
        "left out: the key it refers to has too few values in the element that declares the keyref");

    private static UnsatisfiableSchemaException Unsatisfied(PendingCheck failed) => new(failed.Node.Path, failed.Kind switch
    {
        PendingKind.Exclusion => $"no value made in {RecordRounds} draws of the record is one alternative of the oneOf here only: each value " +
            "made also satisfies another alternative (the alternatives overlap, or a field made after the rest of the record makes it so)",
        PendingKind.Condition => $"no value made in {RecordRounds} draws of the record satisfies the if/then/else here: its if reads a field made " +
            "after the rest of the record (template, formula, reference) that never takes the side the other fields need",
        _ => $"no value made in {RecordRounds} draws of the record satisfies the schema's 'not' or if/then/else here: a field made after the rest " +
            "of the record (template, formula, reference) never gives a value it accepts; change that rule or narrow the fields it reads",
    });
}
