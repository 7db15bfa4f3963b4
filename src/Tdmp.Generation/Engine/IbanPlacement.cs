using Tdmp.Generation.Values;

namespace Tdmp.Generation.Engine;

/// <summary>
/// GENERATION.md §2, coherent records: an IBAN belongs to a country that has IBANs, and it is the record's own
/// country. A record that always carries an IBAN (a bank customer) is placed only in the locale's IBAN countries
/// (GB, IE; DE, AT, CH); where an IBAN comes only with one branch of a choice (a payment by bank transfer rather than
/// by card), a record in a country without IBANs (US, CA, AU, NZ, JP) takes one of the other branches.
/// </summary>
internal sealed class IbanPlacement
{
    private readonly bool[]?[] _ibanBranches;

    private IbanPlacement(bool recordsNeedIban, bool[]?[] ibanBranches)
    {
        RecordsNeedIban = recordsNeedIban;
        _ibanBranches = ibanBranches;
    }

    /// <summary>Every record holds an IBAN: records are placed in IBAN countries only.</summary>
    public bool RecordsNeedIban { get; }

    /// <summary>The branch of <paramref name="choice"/> to make: <paramref name="pick"/>, or, in a country without IBANs, a branch without one where
    /// there is such a branch.</summary>
    public int Branch(PlanNode choice, int pick, Country country, ref RecordRandom rng)
    {
        if (country.IbanBban is not null || _ibanBranches[choice.Id] is not { } withIban || !withIban[pick]) return pick;
        var without = 0;
        foreach (var has in withIban) if (!has) without++;
        var k = rng.NextInt(without);
        for (var i = 0; i < withIban.Length; i++)
            if (!withIban[i] && k-- == 0) return i;
        return pick;
    }

    public static IbanPlacement Of(PlanNode record, IReadOnlyList<PlanNode> nodes)
    {
        var branches = new bool[]?[nodes.Count];
        foreach (var node in nodes)
        {
            if (node.Kind != PlanNodeKind.Choice || node.Children.Length < 2) continue;
            var has = node.Children.Select(HoldsIban).ToArray();
            if (has.Any(h => h) && has.Any(h => !h)) branches[node.Id] = has;
        }
        return new IbanPlacement(AlwaysHoldsIban(record), branches);
    }

    private static bool IsIban(PlanNode n) => n.Kind == PlanNodeKind.Scalar && n.Behavior.Generator is
        SemanticValueGenerator { Kind: SemanticKind.Iban } or CheckedValueGenerator { Preferred: SemanticValueGenerator { Kind: SemanticKind.Iban } };

    private static bool HoldsIban(PlanNode n) => IsIban(n) || n.Children.Any(HoldsIban);

    /// <summary>An IBAN field present in every record: required all the way down, outside any choice or optional array.</summary>
    private static bool AlwaysHoldsIban(PlanNode n)
    {
        if (IsIban(n)) return true;
        if (n.Kind is PlanNodeKind.Choice || n.Kind is PlanNodeKind.Array && n.Behavior.MinItems == 0) return false;
        return n.Children.Any(c => c.Required && !c.Nullable && c.Variants is null && AlwaysHoldsIban(c));
    }
}
