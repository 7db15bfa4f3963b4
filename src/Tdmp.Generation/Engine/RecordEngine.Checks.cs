namespace Tdmp.Generation.Engine;

public sealed partial class RecordEngine
{
    /// <summary>How many draws a checked value gets; the draws come from the record's stream, so they are the same on
    /// every run of the same seed and record.</summary>
    public const int CheckAttempts = 64;

    /// <summary>
    /// Generate-and-check: makes the node, checks the value against the node's schemas (<see cref="PlanNode.Checks"/>),
    /// and redraws it while one fails. An optional value that never passes is left out; a required one fails the
    /// dataset naming the node, rather than writing a value the schema rejects.
    /// </summary>
    private void EmitChecked(PlanNode node, ref RecordRandom rng, bool forcePresent, bool content = false)
    {
        for (var attempt = 0; attempt < CheckAttempts; attempt++)
        {
            var tokenMark = Buffer.TokenCount;
            var charMark = Buffer.Mark;
            var deferredMark = _deferred.Count;
            EmitUnchecked(node, ref rng, forcePresent, content);
            if (Buffer.TokenCount == tokenMark || PassesChecks(node, tokenMark)) return;
            Buffer.ResetTo(charMark);
            TrimTokens(tokenMark);
            _deferred.RemoveRange(deferredMark, _deferred.Count - deferredMark);
        }
        if (!node.Required && !forcePresent) return;
        throw new UnsatisfiableSchemaException(node.Path,
            $"no value made in {CheckAttempts} draws satisfies the schema's 'not' or if/then/else here; narrow it with a rule (values, pattern) or " +
            "simplify the schema");
    }

    private bool PassesChecks(PlanNode node, int first)
    {
        foreach (var check in node.Checks!)
            if (!check.Passes(Buffer, first, Buffer.TokenCount, _plan.Nodes)) return false;
        return true;
    }
}
