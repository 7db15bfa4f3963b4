using System.Text.Json.Nodes;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>Issue 17, point 5: the <c>formula</c> rule computes a field from others of the record, and is refused when it can break the
/// schema's bounds.</summary>
public class FormulaTests
{
    private static readonly DateOnly Reference = new(2026, 12, 2);

    private static List<JsonObject> Orders(long count, params ConstraintRule[] rules)
    {
        var plan = GenerationPlan.Create(SharedSchemas.Read("order.schema.json"), rules, null, referenceDate: Reference);
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 31, RecordCount = count, Types = [OutputFormat.Json] });
        return [.. JsonNode.Parse(sink.Bytes(Assert.Single(result.Files).Name))!.AsArray().Select(n => n!.AsObject())];
    }

    [Fact]
    public void A_total_is_exactly_the_sum_of_its_lines_and_passes_floating_point_multiple_of()
    {
        var orders = Orders(6000, new ConstraintRule { Field = "total", Formula = "sum(items[].quantity * items[].unit_price)" });
        var off = 0;
        var failsFloatCheck = 0;
        foreach (var r in orders)
        {
            var lines = r["items"]!.AsArray().Sum(i => i!["quantity"]!.GetValue<decimal>() * i["unit_price"]!.GetValue<decimal>());
            var total = r["total"]!.GetValue<decimal>();
            if (total != lines) off++;
            // ajv's multipleOf: the JavaScript quotient of the two doubles must be a whole number.
            foreach (var amount in r["items"]!.AsArray().Select(i => i!["unit_price"]!.GetValue<double>()).Append(r["total"]!.GetValue<double>()))
                if (amount / 0.01 != Math.Truncate(amount / 0.01)) failsFloatCheck++;
        }
        Assert.Equal(0, off);
        Assert.Equal(0, failsFloatCheck);

        var dir = EngineFixtures.TempDirectory("formula-ajv");
        var data = Path.Combine(dir, "records.json");
        File.WriteAllText(data, new JsonArray([.. orders.Take(2000).Select(o => o.DeepClone())]).ToJsonString());
        ExternalValidators.AssertAjvValidArray(EngineFixtures.SchemaPath("order.schema.json"), data, "draft2020");
    }

    [Fact]
    public void Aggregates_and_arithmetic_combine()
    {
        var orders = Orders(1000, new ConstraintRule { Field = "total",
            Formula = "count(items[].quantity) * 10 + max(items[].quantity) - min(items[].quantity) / 2" });
        foreach (var r in orders)
        {
            var q = r["items"]!.AsArray().Select(i => i!["quantity"]!.GetValue<decimal>()).ToList();
            // A total is an amount: in yen (a record in Japan) it is rounded to whole yen, elsewhere to the cent.
            var country = r["currency"]?.GetValue<string>() ?? r["shipping_address"]?["country"]?.GetValue<string>();
            var yen = Math.Round(q.Count * 10 + q.Max() - q.Min() / 2, 0, MidpointRounding.AwayFromZero);
            var cents = Math.Round(q.Count * 10 + q.Max() - q.Min() / 2, 2, MidpointRounding.AwayFromZero);
            var total = r["total"]!.GetValue<decimal>();
            if (country is "JPY" or "JP") Assert.Equal(yen, total);
            else if (country is not null) Assert.InRange(total - cents, -0.01m, 0.01m);
            else Assert.True(total == yen || Math.Abs(total - cents) <= 0.01m, $"{total}");
        }
    }

    [Fact]
    public void A_formula_that_can_break_the_schemas_bounds_is_refused_when_the_plan_is_made()
    {
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(SharedSchemas.Read("order.schema.json"),
            [new ConstraintRule { Field = "total", Formula = "sum(items[].quantity * items[].unit_price) * 100" }], null, referenceDate: Reference));
        Assert.Contains("above the schema's maximum 100000", e.Message);
        var negative = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(SharedSchemas.Read("order.schema.json"),
            [new ConstraintRule { Field = "total", Formula = "0 - sum(items[].quantity)" }], null, referenceDate: Reference));
        Assert.Contains("below the schema's minimum 0", negative.Message);
    }

    [Fact]
    public void The_checker_names_unknown_fields_and_syntax_errors()
    {
        var repr = SharedSchemas.Read("order.schema.json");
        var errors = ConstraintChecker.Check(repr, [
            new ConstraintRule { Field = "total", Formula = "sum(items[].qty * items[].unit_price)" },
            new ConstraintRule { Field = "total", Formula = "sum(items[].quantity * " },
            new ConstraintRule { Field = "status", Formula = "1 + 1" },
        ]);
        Assert.Contains("items[].qty", Assert.Single(errors["rules[0].formula"]));
        Assert.Contains("formula:", Assert.Single(errors["rules[1].formula"]));
        Assert.Contains("computes a number", Assert.Single(errors["rules[2].formula"]));
    }

    /// <summary>
    /// Every example in GENERATION.md's formula block, run on the order schema with the three fields the examples
    /// name that it lacks (<c>shipping</c>, <c>line_count</c>, <c>average_price</c>) added as optional properties.
    /// </summary>
    [Fact]
    public void Every_formula_example_of_the_generation_docs_compiles_and_gives_its_documented_value()
    {
        var doc = File.ReadAllText(Path.Combine(SharedSchemas.Directory, "..", "..", "..", "docs", "GENERATION.md"));
        var examples = System.Text.RegularExpressions.Regex.Matches(doc, "^\\{\"field\": \"[^\"]+\", \"formula\": \"[^\"]+\"\\}$",
            System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => JsonSerializer.Deserialize<ConstraintRule>(m.Value, JsonSerializerOptions.Web)!).ToList();
        Assert.Equal(["total", "total", "line_count", "average_price"], examples.Select(r => r.Field));

        var schema = JsonNode.Parse(SharedSchemas.Bytes("order.schema.json"))!.AsObject();
        var properties = schema["properties"]!.AsObject();
        properties["shipping"] = JsonNode.Parse("""{"type": "number", "minimum": 0, "maximum": 40, "multipleOf": 0.01}""");
        properties["line_count"] = JsonNode.Parse("""{"type": "integer", "minimum": 0, "maximum": 100}""");
        properties["average_price"] = JsonNode.Parse("""{"type": "number", "minimum": 0, "maximum": 5000, "multipleOf": 0.01}""");
        var repr = Tdmp.Tests.Generation.Schema.SchemaText.ReadJson(schema.ToJsonString());

        foreach (var rule in examples)
        {
            var plan = GenerationPlan.Create(repr, [rule], null, referenceDate: Reference);
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 5, RecordCount = 2000, Types = [OutputFormat.Json] });
            var records = JsonNode.Parse(sink.Bytes(Assert.Single(result.Files).Name))!.AsArray().Select(n => n!.AsObject()).ToList();
            var written = 0;
            foreach (var r in records)
            {
                if (r[rule.Field] is not { } value) continue;
                written++;
                var items = r["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
                decimal Number(JsonObject o, string name) => o[name]?.GetValue<decimal>() ?? 0;
                var expected = rule.Field switch
                {
                    "line_count" => items.Count,
                    "average_price" => items.Average(i => Number(i, "unit_price")),
                    _ when rule.Formula!.Contains("shipping") =>
                        items.Sum(i => Number(i, "quantity") * Number(i, "unit_price") * (100 - Number(i, "discount_pct")) / 100)
                            + Number(r, "shipping"),
                    _ => items.Sum(i => Number(i, "quantity") * Number(i, "unit_price")),
                };
                // Rounded to the field's step (whole yen for an amount in JPY, else the cent): never more than half a step off.
                var actual = value.GetValue<decimal>();
                Assert.True(Math.Abs(actual - expected) <= (rule.Field == "line_count" ? 0 : 0.5m), $"{rule.Formula}: {actual} for {expected}");
            }
            Assert.True(written > 1500, $"{rule.Formula}: written in {written} of 2000");
        }
    }

    [Fact]
    public void A_formula_that_can_reach_an_exclusive_minimum_is_refused_in_plain_words()
    {
        var repr = Tdmp.Tests.Generation.Schema.SchemaText.ReadJson("""
            {"type": "object", "required": ["items", "total"], "properties": {
              "items": {"type": "array", "minItems": 1, "maxItems": 4, "items": {"type": "object",
                "properties": {"amount": {"type": "integer", "minimum": 1, "maximum": 1000}}}},
              "total": {"type": "number", "exclusiveMinimum": 0, "maximum": 100000}}}
            """);
        // An item's amount is optional, and an absent one counts 0: the sum can be 0.
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(repr,
            [new ConstraintRule { Field = "total", Formula = "sum(items[].amount)" }], null, referenceDate: Reference));
        Assert.Contains("can be 0, which the schema's exclusive minimum 0 does not allow", e.Message);
        Assert.DoesNotContain("below", e.Message);
    }
}
