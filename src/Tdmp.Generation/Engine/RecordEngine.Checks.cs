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

    /// <summary>
    /// Generate-and-check: makes the node, checks the value against the node's schemas (<see cref="PlanNode.Checks"/>),
    /// and redraws it while one fails. An optional value that never passes is left out; a required one fails the
    /// dataset naming the node, rather than writing a value the schema rejects. A value with a deferred part is
    /// checked once that part is made (<see cref="ResolveDeferredChecked"/>).
    /// </summary>
    private void EmitChecked(PlanNode node, ref RecordRandom rng, bool forcePresent, bool content = false)
    {
        for (var attempt = 0; attempt < CheckAttempts; attempt++)
        {
            var tokenMark = Buffer.TokenCount;
            var charMark = Buffer.Mark;
            var deferredMark = _deferred.Count;
            var pendingMark = _pending.Count;
            EmitUnchecked(node, ref rng, forcePresent, content);
            if (Buffer.TokenCount == tokenMark) return;
            if (HasUnmade(tokenMark, Buffer.TokenCount))
            {
                _pending.Add(new PendingCheck(PendingKind.Checks, node, tokenMark, Buffer.TokenCount, null, false, 0));
                return;
            }
            if (PassesChecks(node, tokenMark, Buffer.TokenCount)) return;
            Redraws++;
            Rollback(tokenMark, charMark, deferredMark, pendingMark);
        }
        if (!node.Required && !forcePresent) return;
        throw new UnsatisfiableSchemaException(node.Path,
            $"no value made in {CheckAttempts} draws satisfies the schema's 'not' or if/then/else here; narrow it with a rule (values, pattern) or " +
            "simplify the schema");
    }

    private void Rollback(int tokenMark, int charMark, int deferredMark, int pendingMark)
    {
        Buffer.ResetTo(charMark);
        TrimTokens(tokenMark);
        _deferred.RemoveRange(deferredMark, _deferred.Count - deferredMark);
        _pending.RemoveRange(pendingMark, _pending.Count - pendingMark);
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

    private PendingCheck? FirstFailing()
    {
        foreach (var p in _pending)
        {
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
