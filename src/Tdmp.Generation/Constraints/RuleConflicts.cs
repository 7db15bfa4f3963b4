using Tdmp.Generation.Schema;

namespace Tdmp.Generation.Constraints;

/// <summary>
/// Rules on the same field under the same condition all apply at once; this finds pairs that no value can satisfy
/// together, or that set one thing two ways. What conflicts within one kind is that kind's <see cref="RuleKind.CheckPair"/>.
/// </summary>
internal static class RuleConflicts
{
    public static void Check(IReadOnlyList<ConstraintRule> rules, SchemaNode?[] targets, RuleErrors errors)
    {
        var groups = Enumerable.Range(0, rules.Count)
            .Where(i => targets[i] is not null)
            .GroupBy(i => (rules[i].Field, RuleKinds.ConditionKey(rules[i])));
        foreach (var group in groups)
        {
            var members = group.ToList();
            for (var a = 0; a < members.Count; a++)
                for (var b = a + 1; b < members.Count; b++)
                    Compare(new RulePair(rules[members[a]], rules[members[b]], members[a], members[b], targets[members[b]]!, errors));
        }
    }

    private static void Compare(RulePair pair)
    {
        foreach (var kind in RuleKinds.All) kind.CheckPair?.Invoke(pair);
        // Across kinds: the value of one field comes from one place.
        var (sources1, sources2) = (RuleKinds.ValueSources(pair.First), RuleKinds.ValueSources(pair.Second));
        if (sources1.Count > 0 && sources2.Count > 0 && sources1[0] != sources2[0])
            pair.Add(sources2[0],
                $"the value comes from {sources1[0]} there and from {sources2[0]} here; one field's value can come from one place.");
    }
}
