using System.Text.Json;

namespace Tdmp.Generation.Schema.Json;

/// <summary>
/// Generate-and-check: what the repr cannot make true by construction is handed to the engine as a schema it checks
/// each made value against (<see cref="SchemaNode.Checks"/>, <see cref="SchemaNode.Exclusion"/>,
/// <see cref="SchemaConditional.IfCheck"/>), redrawing a bounded number of times. Only what is provably unsatisfiable
/// is refused here.
/// </summary>
internal sealed partial class JsonReprBuilder
{
    /// <summary>Keywords an exact property test of an <c>if</c> may use: what the engine's own test reads.</summary>
    private static readonly HashSet<string> ExactTestKeywords =
        ["const", "enum", "minLength", "maxLength", "minimum", "maximum", "pattern", "title", "description", "$comment",
         "markdownDescription", "examples", "default", "deprecated", "$ref", "allOf", "$id", "$anchor"];

    /// <summary><c>not</c> forms the facts cannot honour by construction become checks; a <c>not</c> of a schema this
    /// node is itself made of is refused, since no value satisfies both.</summary>
    private void AddNotChecks(SchemaNode node, JsonSchemaFacts facts)
    {
        foreach (var negated in facts.NotChecks)
        {
            if (facts.PartPointers.Contains(negated.Pointer))
                throw Unsatisfiable(
                    $"At '{Show(node.Path, node.Name)}' the 'not' at '{JsonSchemaDocument.Show(negated.Pointer)}' negates a schema the value must " +
                    "also satisfy: no value can.");
            AddCheck(node, Check(negated, negate: true));
        }
    }

    private static void AddCheck(SchemaNode node, string check)
    {
        node.Checks ??= [];
        if (!node.Checks.Contains(check)) node.Checks.Add(check);
    }

    /// <summary>A subschema as a check; a reference it makes outside the upload means nothing is known about it, which
    /// leaves an optional property out (like any other unsatisfiable one).</summary>
    private string Check(SchemaPart part, bool negate)
    {
        try
        {
            return JsonSubschema.Write(document, part, negate);
        }
        catch (SchemaReadException e)
        {
            throw Unsatisfiable(e.Message);
        }
    }

    private string ConditionalCheck(JsonConditional c)
    {
        try
        {
            return JsonSubschema.WriteConditional(document, c.If, c.PresentProperty, c.Then, c.Else);
        }
        catch (SchemaReadException e)
        {
            throw Unsatisfiable(e.Message);
        }
    }

    /// <summary>
    /// oneOf: a value made from one alternative must satisfy none of the others. Each alternative gets the others as its
    /// exclusion (checked only where the plan cannot tell the alternatives apart by their types and values). An alternative
    /// cut at the recursion limit is never made, and the choice drops it (<see cref="Choice"/>), but a value of another
    /// that it would take too still matches two: an alternative that may overlap a cut one checks on every value that it
    /// satisfies none of the others, which holds where it is left alone too (opspec's <c>dependencies</c>, whose array
    /// alternative a cut untyped alternative also takes, was written as the only alternative left, with no branch check).
    /// </summary>
    private void AddExclusions(List<SchemaNode> alternatives, List<int> madeFrom, JsonElement list, string key)
    {
        if (alternatives.Count < 2) return;
        // Alternatives told apart by their kinds or a required discriminator (FHIR's resources by resourceType) exclude
        // nothing: written out, each exclusion would copy every other alternative's schema.
        if (!alternatives.Any(a => a.Truncated)
            && Engine.BranchOverlap.AreDisjoint(alternatives, n => n.ReusedNode ?? n.RepeatedNode, oneOf: true))
        {
            foreach (var alternative in alternatives) alternative.Exclusion = """{"not":{}}"""; // a schema no value satisfies
            return;
        }
        var all = list.EnumerateArray().Select((a, i) => new SchemaPart(a, $"{key}/{i}")).ToList();
        for (var k = 0; k < alternatives.Count; k++)
            try
            {
                var others = all.Where((_, i) => i != madeFrom[k]).ToList();
                alternatives[k].Exclusion = JsonSubschema.WriteAnyOf(document, others);
                if (!alternatives[k].Truncated
                    && alternatives.Any(a => a.Truncated && !Engine.BranchOverlap.AreDisjoint([alternatives[k], a])))
                    AddCheck(alternatives[k], JsonSubschema.WriteAnyOf(document, others, negate: true));
            }
            catch (SchemaReadException)
            {
                // An alternative refers outside the upload: nothing can be checked against it, the heuristic stays.
            }
    }

    /// <summary>Whether the <c>if</c> only tests the object's own properties with what the engine's property test reads.</summary>
    private bool IsExactTest(SchemaPart test)
    {
        if (ConditionalFacts(test) is not { } facts) return false;
        if (facts.Types is { } types && !(types.Count == 1 && types.Contains("object"))) return false;
        foreach (var (_, parts) in facts.Properties)
            if (Flattened(parts).Any(p => p.Schema.ValueKind == JsonValueKind.Object && p.Schema.EnumerateObject().Any(k => !ExactTestKeywords.Contains(k.Name))))
                return false;
        return true;
    }

    /// <summary>Parts with their <c>$ref</c>s and <c>allOf</c>s flattened into one conjunction.</summary>
    private List<SchemaPart> Flattened(IEnumerable<SchemaPart> parts)
    {
        var flat = new List<SchemaPart>();
        foreach (var part in parts) Flatten(part, flat, [], [], []);
        return flat;
    }

    /// <summary>Every property name an <c>if</c> mentions (in properties and required, at any depth of not/anyOf/allOf/oneOf):
    /// made before the branches, so the <c>if</c> reads them.</summary>
    private static IEnumerable<string> NamesTested(SchemaPart test)
    {
        var names = new List<string>();
        Collect(test.Schema);
        return names.Distinct();

        void Collect(JsonElement schema)
        {
            if (schema.ValueKind != JsonValueKind.Object) return;
            if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                names.AddRange(properties.EnumerateObject().Select(p => p.Name));
            if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
                names.AddRange(required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!));
            foreach (var keyword in (ReadOnlySpan<string>)["not", "if", "then", "else"])
                if (schema.TryGetProperty(keyword, out var sub)) Collect(sub);
            foreach (var keyword in (ReadOnlySpan<string>)["allOf", "anyOf", "oneOf"])
                if (schema.TryGetProperty(keyword, out var list) && list.ValueKind == JsonValueKind.Array)
                    foreach (var item in list.EnumerateArray()) Collect(item);
        }
    }
}
