using Tdmp.Generation.Values;

namespace Tdmp.Generation.Engine;

/// <summary>
/// GENERATION.md §2, coherent records: in a record that names its currency (a currency field, or a currency list in
/// the schema), every decimal amount (a price, total, cost, fee, balance or salary) has that currency's minor units at
/// most: whole yen, cents for euros. The schema's step and bounds still hold (a step of 0.01 allows whole yen; an
/// amount that must stay below one yen keeps its cents).
/// </summary>
internal static class CurrencyAmounts
{
    public static void Link(PlanNode record)
    {
        var nodes = new List<PlanNode>();
        Collect(record, nodes);
        RecordCurrency? currency = null;
        foreach (var n in nodes)
        {
            currency = n.Behavior.Generator switch
            {
                RecordCurrencyValueGenerator listed => listed.Currency,
                SemanticValueGenerator { Kind: SemanticKind.CurrencyCode }
                    or CheckedValueGenerator { Preferred: SemanticValueGenerator { Kind: SemanticKind.CurrencyCode } } => new RecordCurrency(null),
                _ => null,
            };
            if (currency is not null) break;
        }
        if (currency is null) return;
        foreach (var n in nodes)
        {
            if (n.Kind != PlanNodeKind.Scalar || !IsAmount(n)) continue;
            foreach (var behavior in n.Variants is { } variants ? variants.Select(v => v.Behavior).Prepend(n.Behavior) : [n.Behavior])
            {
                switch (behavior.Generator)
                {
                    case NumberValueGenerator { Scale: > 0 } number: number.Currency = currency; break;
                    case FormulaValueGenerator { Scale: > 0 } formula: formula.Currency = currency; break;
                }
            }
        }
    }

    private static void Collect(PlanNode node, List<PlanNode> into)
    {
        into.Add(node);
        foreach (var c in node.Children) Collect(c, into);
        if (node.PrefixItems is { } prefix) foreach (var p in prefix) Collect(p, into);
    }

    /// <summary>Named like money (<c>unit_price</c>, <c>Total</c>, the text of an XSD <c>&lt;Total currency="…"&gt;</c>), not like a rate or a
    /// count.</summary>
    private static bool IsAmount(PlanNode node)
    {
        var name = node.Name is "#text" or "value" && node.Parent is { } parent ? parent.Name : node.Name;
        var n = name.ToLowerInvariant().Replace("_", "").Replace("-", "");
        if (n.Contains("pct") || n.Contains("percent") || n.Contains("rate") || n.Contains("count") || n.Contains("qty")
            || n.Contains("quantity")) return false;
        return n.Contains("price") || n.Contains("amount") || n.Contains("total") || n.Contains("cost") || n.Contains("fee")
            || n.Contains("charge") || n.Contains("balance") || n.Contains("salary");
    }
}
