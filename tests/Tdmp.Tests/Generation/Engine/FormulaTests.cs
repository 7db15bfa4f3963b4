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
}
