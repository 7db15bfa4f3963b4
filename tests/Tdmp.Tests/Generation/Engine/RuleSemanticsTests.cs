using System.Text.Json.Nodes;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Values;
using Tdmp.Tests.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// Issue 17: rules mean exactly what they say, measured on thousands of records (proportions and
/// bounds): ranges replace default windows, references point at other records, null_rate is applied
/// once, identifiers never collide, fields draw from independent streams.
/// </summary>
public class RuleSemanticsTests
{
    private static readonly DateOnly Reference = new(2026, 12, 2);

    private static JsonElement J(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static List<JsonObject> Records(SchemaRepr repr, long count, long seed, params ConstraintRule[] rules)
    {
        var plan = GenerationPlan.Create(repr, rules, null, referenceDate: Reference);
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = seed, RecordCount = count, Types = [OutputFormat.Json] });
        return [.. JsonNode.Parse(sink.Bytes(Assert.Single(result.Files).Name))!.AsArray().Select(n => n!.AsObject())];
    }

    private static List<JsonObject> Records(string schemaFile, long count, params ConstraintRule[] rules) =>
        Records(SharedSchemas.Read(schemaFile), count, 17, rules);

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString();

    // ---- 1. a rule's range replaces the default window ----

    [Fact]
    public void A_date_rule_range_replaces_the_default_window_instead_of_narrowing_it()
    {
        var records = Records("employee.schema.json", 4000,
            new ConstraintRule { Field = "hired_on", Min = J("\"2000-01-01\""), Max = J("\"2025-12-31\"") });
        var hired = records.Select(r => DateOnly.Parse(r["hired_on"]!.GetValue<string>())).ToList();
        Assert.All(hired, d => Assert.InRange(d, new DateOnly(2000, 1, 1), new DateOnly(2025, 12, 31)));
        // Uniform over 26 years: 18/26 ≈ 69 % before 2018 (the old window gave 0 %).
        Assert.InRange(hired.Count(d => d.Year < 2018) / (double)hired.Count, 0.64, 0.74);
        Assert.Contains(hired, d => d.Year == 2000);
    }

    [Fact]
    public void A_birth_date_rule_outside_the_default_window_is_honoured()
    {
        var records = Records("order.schema.json", 2000,
            new ConstraintRule { Field = "customer.birth_date", Min = J("\"1930-01-01\""), Max = J("\"1945-12-31\"") });
        var births = records.Select(r => r["customer"]!["birth_date"]).OfType<JsonNode>().Select(n => DateOnly.Parse(n.GetValue<string>())).ToList();
        Assert.NotEmpty(births);
        Assert.All(births, d => Assert.InRange(d.Year, 1930, 1945));
    }

    [Fact]
    public void A_number_rule_range_replaces_the_usual_range_of_the_name()
    {
        var repr = SchemaText.ReadJson(
            """{"type":"object","required":["pages","price"],"properties":{"pages":{"type":"integer"},"price":{"type":"number"}}}""");
        var records = Records(repr, 3000, 5, new ConstraintRule { Field = "pages", Min = J("100"), Max = J("900") },
            new ConstraintRule { Field = "price", Min = J("5000") });
        var pages = records.Select(r => r["pages"]!.GetValue<int>()).ToList();
        Assert.All(pages, p => Assert.InRange(p, 100, 900));
        Assert.InRange(pages.Average(), 470, 530);
        Assert.All(records, r => Assert.True(r["price"]!.GetValue<decimal>() >= 5000));
    }

    [Fact]
    public void Open_numbers_get_the_usual_magnitude_of_their_name_by_whole_words()
    {
        var repr = SchemaText.ReadJson("""
            {"type":"object","required":["pages","Pages","percentage","edition","customerAge","years_of_service","mileage"],
             "properties":{"pages":{"type":"integer"},"Pages":{"type":"integer","minimum":1},"percentage":{"type":"number"},
               "edition":{"type":"integer","minimum":1},"customerAge":{"type":"integer"},"years_of_service":{"type":"integer","minimum":0},
               "mileage":{"type":"integer"}}}
            """);
        var records = Records(repr, 3000, 9);
        List<decimal> Of(string name) => [.. records.Select(r => r[name]!.GetValue<decimal>())];
        // "pages" is no age (the old substring match gave 18–90): books of 40 to 900 pages, spread over that range.
        foreach (var name in new[] { "pages", "Pages" })
        {
            Assert.All(Of(name), p => Assert.InRange(p, 40, 900));
            Assert.True(Of(name).Max() > 800, name);
        }
        Assert.All(Of("percentage"), p => Assert.InRange(p, 0, 100));
        Assert.All(Of("edition"), e => Assert.InRange(e, 1, 12));
        Assert.All(Of("customerAge"), a => Assert.InRange(a, 18, 90));
        Assert.All(Of("years_of_service"), y => Assert.InRange(y, 0, 40));
        Assert.True(Of("mileage").Max() > 1000, "mileage is no age");
        // A rule's range replaces the usual magnitude.
        var ruled = Records(repr, 2000, 9, new ConstraintRule { Field = "edition", Min = J("20"), Max = J("30") });
        Assert.All(ruled, r => Assert.InRange(r["edition"]!.GetValue<int>(), 20, 30));
    }

    [Fact]
    public void Default_date_windows_end_at_the_reference_date_and_reach_it()
    {
        var records = Records("employee.schema.json", 4000);
        var hired = records.Select(r => DateOnly.Parse(r["hired_on"]!.GetValue<string>())).ToList();
        Assert.All(hired, d => Assert.InRange(d, Reference.AddYears(-8), Reference));
        // The last half year before the reference date is as likely as any other (about 1/16 of eight years).
        Assert.InRange(hired.Count(d => d > Reference.AddMonths(-6)) / (double)hired.Count, 0.04, 0.09);
    }

    [Fact]
    public void After_holds_in_every_record_even_at_the_window_edge_and_between_a_date_and_a_date_time()
    {
        var records = Records("order.schema.json", 5000,
            new ConstraintRule { Field = "placed_at", Min = J("\"2026-11-25T00:00:00Z\"") },
            new ConstraintRule { Field = "delivery_date", After = "placed_at" });
        var delivered = records.Where(r => r["delivery_date"] is not null).ToList();
        Assert.True(delivered.Count > 1000);
        Assert.All(delivered, r => Assert.True(DateOnly.Parse(r["delivery_date"]!.GetValue<string>())
            > DateOnly.FromDateTime(DateTimeOffset.Parse(r["placed_at"]!.GetValue<string>()).UtcDateTime)));
    }

    [Fact]
    public void After_between_a_date_and_a_date_time_is_accepted_by_the_checker()
    {
        var repr = SharedSchemas.Read("order.schema.json");
        var errors = ConstraintChecker.Check(repr, [new ConstraintRule { Field = "delivery_date", After = "placed_at" }]);
        Assert.Empty(errors);
    }

    // ---- 2. exact rule semantics ----

    [Fact]
    public void A_reference_to_a_field_of_the_same_schema_points_at_another_record_of_the_dataset()
    {
        var records = Records("employee.schema.json", 3000, new ConstraintRule { Field = "manager_id", Reference = "employee_id" });
        var ids = records.Select(r => r["employee_id"]!.GetValue<string>()).ToHashSet();
        var withManager = records.Where(r => r["manager_id"] is not null).ToList();
        Assert.True(withManager.Count > 1000);
        Assert.All(withManager, r => Assert.NotEqual(r["employee_id"]!.GetValue<string>(), r["manager_id"]!.GetValue<string>()));
        Assert.All(withManager, r => Assert.Contains(r["manager_id"]!.GetValue<string>(), ids));
    }

    [Fact]
    public void Null_rate_is_applied_once_on_a_referencing_field()
    {
        var repr = SchemaText.ReadJson("""
            {"type":"object","required":["employee_id","manager_id"],"properties":{
              "employee_id":{"type":"string","pattern":"^E[0-9]{7}$"},
              "manager_id":{"type":["string","null"],"pattern":"^E[0-9]{7}$"}}}
            """);
        var records = Records(repr, 6000, 3, new ConstraintRule { Field = "manager_id", Reference = "employee_id", NullRate = 0.1 });
        var nulls = records.Count(r => r["manager_id"] is null) / (double)records.Count;
        // 0.1 ± 4 standard errors (σ ≈ 0.004); applying it twice gave 0.19.
        Assert.InRange(nulls, 0.084, 0.116);
    }

    [Fact]
    public void Unique_holds_across_the_whole_dataset_inside_arrays()
    {
        var records = Records("order.schema.json", 2000, new ConstraintRule { Field = "items[].sku", Unique = true });
        var skus = records.SelectMany(r => r["items"]!.AsArray()).Select(i => i!["sku"]!.GetValue<string>()).ToList();
        Assert.True(skus.Count > 2000);
        Assert.Equal(skus.Count, skus.Distinct().Count());
    }

    [Fact]
    public void Unique_emails_still_spell_the_persons_name()
    {
        var records = Records("order.schema.json", 5000, new ConstraintRule { Field = "customer.email", Unique = true });
        var emails = records.Select(r => r["customer"]!["email"]!.GetValue<string>()).ToList();
        Assert.Equal(emails.Count, emails.Distinct().Count());
        Assert.All(records, r =>
        {
            var c = r["customer"]!;
            Assert.True(EngineFixtures.SpellsName(c["email"]!.GetValue<string>(), c["first_name"]!.GetValue<string>(),
                c["last_name"]!.GetValue<string>()), c["email"]!.GetValue<string>());
        });
    }

    [Fact]
    public void Weights_on_an_optional_xsd_attribute_with_a_default_count_the_default()
    {
        var repr = SchemaText.ReadXsd("""
            <xs:element name="list"><xs:complexType><xs:sequence><xs:element name="item" maxOccurs="unbounded"><xs:complexType>
              <xs:attribute name="kind" default="a"><xs:simpleType><xs:restriction base="xs:string">
                <xs:enumeration value="a"/><xs:enumeration value="b"/></xs:restriction></xs:simpleType></xs:attribute>
            </xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
            """);
        var plan = GenerationPlan.Create(repr,
            [new ConstraintRule { Field = "list.item[].@kind", Values = [J("\"a\""), J("\"b\"")], Weights = [1, 3] }], null,
            referenceDate: Reference);
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 9, RecordCount = 4000, Types = [OutputFormat.Json] });
        var items = JsonNode.Parse(sink.Bytes(result.Files[0].Name))!.AsArray();
        // An absent attribute means its default "a": together a quarter of the items.
        var a = items.Count(i => (Text(i!["@kind"]) ?? "a") == "a") / (double)items.Count;
        Assert.InRange(a, 0.22, 0.28);
    }

    // ---- 3. identifiers do not collide ----

    [Fact]
    public void Identifiers_and_emails_have_no_duplicates()
    {
        var records = Records("order.schema.json", 20_000);
        Assert.Equal(records.Count, records.Select(r => r["order_id"]!.GetValue<long>()).Distinct().Count());
        Assert.Equal(records.Count, records.Select(r => r["order_number"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(records.Count, records.Select(r => r["customer"]!["email"]!.GetValue<string>()).Distinct().Count());
        var employees = Records("employee.schema.json", 20_000);
        Assert.Equal(employees.Count, employees.Select(r => r["employee_id"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public void A_million_identifiers_have_room_without_duplicates()
    {
        // The domains, not a sample: an integer id with no bounds and the order number's pattern hold far more than 10^6 values.
        var plan = GenerationPlan.Create(SharedSchemas.Read("order.schema.json"), [], null, referenceDate: Reference);
        foreach (var name in new[] { "order_id", "order_number", "email" })
        {
            var node = plan.Nodes.First(n => n.Name == name && n.Kind == PlanNodeKind.Scalar);
            Assert.True(node.Behavior.Unique, name);
            Assert.True(node.Behavior.Generator!.UniqueDomain >= 1_000_000, name);
        }
    }

    // ---- 7. independent streams ----

    [Fact]
    public void Fields_of_different_schemas_sharing_a_seed_are_not_correlated()
    {
        var orders = Records(SharedSchemas.Read("order.schema.json"), 2000, 42);
        var employees = Records(SharedSchemas.Read("employee.schema.json"), 2000, 42);
        static string Digits(string s) => new([.. s.Where(char.IsAsciiDigit)]);
        var equal = 0;
        for (var i = 0; i < 2000; i++)
            if (Digits(orders[i]["order_number"]!.GetValue<string>())
                .EndsWith(Digits(employees[i]["employee_id"]!.GetValue<string>())[^4..])) equal++;
        // Four equal digits by chance: about 1 in 10,000.
        Assert.True(equal < 10, $"{equal} of 2000 records share digits");
    }

    [Fact]
    public void A_rule_on_one_field_does_not_change_the_values_of_the_others()
    {
        var plain = Records("order.schema.json", 500);
        var ruled = Records("order.schema.json", 500, new ConstraintRule { Field = "notes", MinLength = 30, MaxLength = 40 });
        Assert.Equal(plain.Select(r => r["order_number"]!.GetValue<string>()), ruled.Select(r => r["order_number"]!.GetValue<string>()));
        Assert.Equal(plain.Select(r => r["placed_at"]!.GetValue<string>()), ruled.Select(r => r["placed_at"]!.GetValue<string>()));
    }

    [Fact]
    public void A_reference_from_a_field_to_itself_is_refused_when_the_plan_is_made()
    {
        // It compiled and then overflowed the stack while generating; only the API's checker stood in the way.
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(SharedSchemas.Read("order.schema.json"),
            [new ConstraintRule { Field = "customer.customer_id", Reference = "customer.customer_id" }], null, referenceDate: Reference));
        Assert.Contains("itself", e.Message);
    }

    // ---- issue 17 review: sub-points without a test of their own ----

    [Fact]
    public void Unique_on_a_small_domain_inside_arrays_holds_across_records()
    {
        // The case: unique items[].quantity (1..99) held only within one record. 10 orders have at most 80 lines.
        var records = Records("order.schema.json", 10, new ConstraintRule { Field = "items[].quantity", Unique = true });
        var quantities = records.SelectMany(r => r["items"]!.AsArray()).Select(i => i!["quantity"]!.GetValue<int>()).ToList();
        Assert.True(quantities.Count >= 10);
        Assert.All(quantities, q => Assert.InRange(q, 1, 99));
        Assert.Equal(quantities.Count, quantities.Distinct().Count());
    }

    [Fact]
    public void Unique_emails_are_not_numbered_by_the_record_index()
    {
        var records = Records("order.schema.json", 5000, new ConstraintRule { Field = "customer.email", Unique = true });
        var numbers = records.Select(r => r["customer"]!["email"]!.GetValue<string>().Split('@')[0])
            .Select(local => new string([.. local.Reverse().TakeWhile(char.IsAsciiDigit).Reverse()]))
            .Select(digits => digits.Length == 0 ? 0L : long.Parse(digits)).ToList();
        // Short numbers (donna.roberts17), not the index itself nor the index counted up in steps (index / 5 gave 0,0,0,0,0,1,1,…).
        Assert.All(numbers, n => Assert.InRange(n, 0, records.Count));
        var rising = 0;
        var same = 0;
        for (var i = 1; i < numbers.Count; i++)
        {
            if (numbers[i] > numbers[i - 1]) rising++;
            if (numbers[i] == numbers[i - 1]) same++;
        }
        Assert.InRange(rising / (double)(numbers.Count - 1), 0.2, 0.8);
        Assert.True(same < numbers.Count / 100, $"{same} neighbours share their number");
        Assert.True(Enumerable.Range(0, numbers.Count).Count(i => numbers[i] == i || numbers[i] == i / 5) < numbers.Count / 100);
    }

    [Fact]
    public void A_reference_between_records_takes_the_records_own_value_only_when_the_dataset_holds_no_other()
    {
        var rule = new ConstraintRule { Field = "manager_id", Reference = "employee_id" };
        // Two records: each one's manager is the other.
        var two = Records("employee.schema.json", 2, rule).Where(r => r["manager_id"] is not null).ToList();
        var ids = Records("employee.schema.json", 2, rule).Select(r => r["employee_id"]!.GetValue<string>()).ToList();
        Assert.All(two, r => Assert.NotEqual(r["employee_id"]!.GetValue<string>(), r["manager_id"]!.GetValue<string>()));
        Assert.All(two, r => Assert.Contains(r["manager_id"]!.GetValue<string>(), ids));
        // One record: the only value in the dataset is its own (the reference still resolves).
        var one = Records(SchemaText.ReadJson("""
            {"type":"object","required":["employee_id","manager_id"],"properties":{
              "employee_id":{"type":"string","pattern":"^E[0-9]{7}$"},"manager_id":{"type":"string","pattern":"^E[0-9]{7}$"}}}
            """), 1, 4, rule);
        Assert.Equal(one[0]["employee_id"]!.GetValue<string>(), one[0]["manager_id"]!.GetValue<string>());
    }

    [Fact]
    public void Identifier_domains_of_the_employee_schema_hold_a_million_values()
    {
        var plan = GenerationPlan.Create(SharedSchemas.Read("employee.schema.json"), [], null, referenceDate: Reference);
        var node = plan.Nodes.First(n => n.Name == "employee_id" && n.Kind == PlanNodeKind.Scalar);
        Assert.True(node.Behavior.Unique);
        Assert.True(node.Behavior.Generator!.UniqueDomain >= 1_000_000);
        var order = GenerationPlan.Create(SharedSchemas.Read("order.schema.json"), [], null, referenceDate: Reference);
        var customer = order.Nodes.First(n => n.Name == "customer_id" && n.Kind == PlanNodeKind.Scalar);
        Assert.True(customer.Behavior.Unique);
        Assert.True(customer.Behavior.Generator!.UniqueDomain >= 1_000_000);
    }

    [Theory]
    [InlineData("order.schema.json")]
    [InlineData("employee.schema.json")]
    public void Record_i_depends_only_on_the_seed_and_i(string schemaFile)
    {
        var plan = GenerationPlan.Create(SharedSchemas.Read(schemaFile), [], null, referenceDate: Reference);
        List<string> Lines(long count, int threads, int perFile)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions
            {
                Seed = 77, RecordCount = count, Types = [OutputFormat.Jsonl], MaxDegreeOfParallelism = threads, RecordsPerFile = perFile
            });
            return [.. result.Files.OrderBy(f => f.Name, StringComparer.Ordinal)
                .SelectMany(f => sink.Text(f.Name).Split('\n', StringSplitOptions.RemoveEmptyEntries))];
        }
        var small = Lines(1000, 1, 1000);
        var large = Lines(3000, 2, 700);
        Assert.Equal(1000, small.Count);
        Assert.Equal(3000, large.Count);
        // The first 1000 records of a 3000-record dataset, made on two threads in other files, are the 1000-record dataset's.
        Assert.Equal(small, large.Take(1000));
    }

    [Fact]
    public void Employees_are_adults_when_hired_and_customers_when_they_order()
    {
        var repr = SchemaText.ReadJson("""
            {"type":"object","required":["employee_id","birth_date","hired_on"],"properties":{
              "employee_id":{"type":"string","pattern":"^E[0-9]{7}$"},
              "birth_date":{"type":"string","format":"date"},"hired_on":{"type":"string","format":"date"}}}
            """);
        var records = Records(repr, 4000, 6);
        foreach (var r in records)
        {
            var born = DateOnly.Parse(r["birth_date"]!.GetValue<string>());
            var hired = DateOnly.Parse(r["hired_on"]!.GetValue<string>());
            Assert.InRange(born, Reference.AddYears(-80), Reference.AddYears(-18));
            Assert.True(born.AddYears(18) <= hired, $"born {born}, hired {hired}");
        }
        foreach (var order in Records("order.schema.json", 5000))
        {
            if (order["customer"]!["birth_date"] is not { } birth) continue;
            var placed = DateOnly.FromDateTime(DateTimeOffset.Parse(order["placed_at"]!.GetValue<string>()).UtcDateTime);
            Assert.True(DateOnly.Parse(birth.GetValue<string>()).AddYears(18) <= placed, $"born {birth}, ordered {placed}");
        }
    }

    [Fact]
    public void Cities_number_in_the_hundreds_and_spread_over_the_records()
    {
        Assert.True(Pools.Cities.Values.Sum(c => c.Length) >= 300, $"{Pools.Cities.Values.Sum(c => c.Length)} cities");
        Assert.True(Pools.Cities.Count >= 10, $"{Pools.Cities.Count} countries");
        var cities = Records("order.schema.json", 20_000).Select(r => r["shipping_address"]?["city"]).OfType<JsonNode>()
            .Select(n => n.GetValue<string>()).ToList();
        Assert.True(cities.Distinct().Count() >= 150, $"{cities.Distinct().Count()} distinct cities in {cities.Count} addresses");
    }

    [Fact]
    public void Two_fields_referencing_each_other_are_refused_when_the_plan_is_made()
    {
        // Neither has a source of values: generating them overflowed the stack and took the process down.
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(SharedSchemas.Read("employee.schema.json"),
            [new ConstraintRule { Field = "manager_id", Reference = "employee_id" },
                new ConstraintRule { Field = "employee_id", Reference = "manager_id" }],
            null, referenceDate: Reference));
        Assert.Contains("itself through other references", e.Message);
    }
}
