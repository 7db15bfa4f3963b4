using Tdmp.Generation.Constraints;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Constraints;

/// <summary>Each kind of problem the checker reports, on the shared schemas: the key and what the message points at.</summary>
public class ConstraintCheckerTests
{
    private static readonly SchemaRepr Order = SharedSchemas.Read("order.schema.json");
    private static readonly SchemaRepr Employee = SharedSchemas.Read("employee.schema.json");
    private static readonly SchemaRepr Invoice = SharedSchemas.Read("invoice.xsd");
    private static readonly SchemaRepr Library = SharedSchemas.Read("library.xsd");

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Rules as the API receives them (snake_case JSON).</summary>
    private static List<ConstraintRule> Rules(string json) => JsonSerializer.Deserialize<List<ConstraintRule>>(json, Json)!;

    private static IReadOnlyDictionary<string, string[]> Check(SchemaRepr repr, string json) => ConstraintChecker.Check(repr, Rules(json));

    private static string Only(IReadOnlyDictionary<string, string[]> errors, string key)
    {
        Assert.True(errors.ContainsKey(key),
            $"no error at {key}; got: {string.Join(" | ", errors.Select(e => e.Key + ": " + string.Join("; ", e.Value)))}");
        Assert.Equal([key], errors.Keys);
        return Assert.Single(errors[key]);
    }

    [Fact]
    public void A_valid_set_has_no_errors()
    {
        var errors = Check(Order, """
            [
              {"field": "total", "min": 10, "max": 500, "distribution": {"kind": "normal", "mean": 100, "stddev": 20}},
              {"field": "status", "values": ["paid", "shipped"], "weights": [3, 1]},
              {"field": "order_id", "sequence": {"start": 1000, "step": 1}, "unique": true},
              {"field": "customer.email", "template": "{first_name}.{last_name}@example.com"},
              {"field": "customer.first_name", "generator": "first_name"},
              {"field": "items", "items": {"min": 2, "max": 4}},
              {"field": "items[].quantity", "min": 1, "max": 10},
              {"field": "delivery_date", "null_rate": 0.3, "min": "2024-01-01", "max": "2024-12-31"},
              {"field": "notes", "max_length": 100, "pattern": "^[a-z ]{5,50}$"},
              {"field": "payment.method", "values": ["card"]},
              {"field": "currency", "values": ["EUR"], "when": {"field": "status", "equals": "paid"}}
            ]
            """);
        Assert.Empty(errors);
    }

    [Fact]
    public void Unknown_path_suggests_the_nearest_one()
    {
        var message = Only(Check(Order, """[{"field": "customer.emial", "max_length": 10}]"""), "rules[0].field");
        Assert.Contains("'customer.emial' is not a field", message);
        Assert.Contains("did you mean 'customer.email'?", message);
    }

    [Fact]
    public void Xsd_path_without_its_root_suggests_the_full_path()
    {
        var message = Only(Check(Invoice, """[{"field": "Invoice[].Line[].@lineNo", "min": 1}]"""), "rules[0].field");
        Assert.Contains("did you mean 'InvoiceBatch.Invoice[].Line[].@lineNo'?", message);
    }

    [Fact]
    public void Missing_field_is_reported()
    {
        Assert.Contains("field is missing", Only(Check(Order, """[{"min": 1}]"""), "rules[0].field"));
    }

    [Fact]
    public void Min_on_a_string_is_not_applicable()
    {
        var message = Only(Check(Order, """[{"field": "notes", "min": 3}]"""), "rules[0].min");
        Assert.Contains("'notes' is a string", message);
        Assert.Contains("min_length", message);
    }

    [Fact]
    public void Pattern_on_an_integer_is_not_applicable()
    {
        Assert.Contains("'order_id' is a integer", Only(Check(Order, """[{"field": "order_id", "pattern": "^[0-9]+$"}]"""), "rules[0].pattern"));
    }

    [Fact]
    public void Min_greater_than_max_is_reported()
    {
        Assert.Contains("min 80 is greater than max 20",
            Only(Check(Order, """[{"field": "items[].quantity", "min": 80, "max": 20}]"""), "rules[0].min"));
    }

    [Fact]
    public void Bound_outside_the_schema_range_would_widen_it()
    {
        var errors = Check(Order, """[{"field": "items[].quantity", "min": 0, "max": 100}]""");
        Assert.Contains("below the schema's minimum 1", Assert.Single(errors["rules[0].min"]));
        Assert.Contains("above the schema's maximum 99", Assert.Single(errors["rules[0].max"]));
    }

    [Fact]
    public void Exclusive_schema_minimum_refuses_the_bound_itself()
    {
        Assert.Contains("exclusive minimum 0", Only(Check(Order, """[{"field": "items[].unit_price", "min": 0}]"""), "rules[0].min"));
    }

    [Fact]
    public void Date_bounds_are_checked_as_dates()
    {
        Assert.Contains("'yesterday' is not a date-time value",
            Only(Check(Order, """[{"field": "placed_at", "min": "yesterday"}]"""), "rules[0].min"));
        Assert.Empty(Check(Order, """[{"field": "placed_at", "min": "2024-01-01T00:00:00Z"}]"""));
    }

    [Fact]
    public void Value_a_not_of_the_schema_excludes_is_named()
    {
        var repr = SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes("""
            {"type":"object","properties":{"code":{"type":"string","not":{"enum":["none"]}},"tag":{"type":"string","not":{"pattern":"^x"}}}}
            """), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        Assert.Contains("'none' is a value the schema's 'not' excludes",
            Only(Check(repr, """[{"field": "code", "values": ["ok", "none"]}]"""), "rules[0].values"));
        Assert.Contains("'xy' matches the pattern '^x' the schema's 'not' excludes",
            Only(Check(repr, """[{"field": "tag", "values": ["ab", "xy"]}]"""), "rules[0].values"));
        Assert.Empty(Check(repr, """[{"field": "code", "values": ["ok"]}, {"field": "tag", "values": ["ab"]}]"""));
    }

    [Fact]
    public void Value_not_in_the_schema_enum_is_named_with_the_allowed_ones()
    {
        var message = Only(Check(Order, """[{"field": "status", "values": ["paid", "lost"]}]"""), "rules[0].values");
        Assert.Contains("'lost' is not one of the schema's values", message);
        Assert.Contains("pending, paid, shipped", message);
    }

    [Fact]
    public void Value_of_the_wrong_type_is_reported()
    {
        Assert.Contains("is not an integer", Only(Check(Order, """[{"field": "order_id", "values": ["one"]}]"""), "rules[0].values"));
    }

    [Fact]
    public void Value_against_the_schema_pattern_is_reported()
    {
        Assert.Contains("does not match the schema's pattern 'INV-[0-9]{4}-[0-9]{6}'",
            Only(Check(Invoice, """[{"field": "InvoiceBatch.Invoice[].@number", "values": ["INV-1"]}]"""), "rules[0].values"));
    }

    [Fact]
    public void Weights_count_must_match_values()
    {
        Assert.Contains("weights has 1 entries but values has 2",
            Only(Check(Order, """[{"field": "status", "values": ["paid", "shipped"], "weights": [1]}]"""), "rules[0].weights"));
    }

    [Fact]
    public void Negative_weights_are_refused()
    {
        Assert.Contains("must not be negative",
            Only(Check(Order, """[{"field": "status", "values": ["paid", "shipped"], "weights": [1, -1]}]"""), "rules[0].weights"));
    }

    [Fact]
    public void Regex_that_does_not_compile_is_reported()
    {
        Assert.Contains("not a valid regex", Only(Check(Order, """[{"field": "notes", "pattern": "([a-z]"}]"""), "rules[0].pattern"));
    }

    [Fact]
    public void Catastrophic_regex_is_reported()
    {
        Assert.Contains("exponential", Only(Check(Order, """[{"field": "notes", "pattern": "^(a+)+\\1$"}]"""), "rules[0].pattern"));
    }

    [Fact]
    public void Pattern_longer_than_the_schema_allows_is_reported()
    {
        var message = Only(Check(Order, """[{"field": "customer.first_name", "pattern": "^[A-Z][a-z]{60,70}$"}]"""), "rules[0].pattern");
        Assert.Contains("at least 61 characters", message);
        Assert.Contains("at most 50", message);
    }

    [Fact]
    public void Length_outside_the_schema_bounds_is_reported()
    {
        var errors = Check(Order, """[{"field": "customer.first_name", "min_length": 0, "max_length": 80}]""");
        Assert.Contains("below the schema's min_length 1", Assert.Single(errors["rules[0].min_length"]));
        Assert.Contains("above the schema's max_length 50", Assert.Single(errors["rules[0].max_length"]));
    }

    [Fact]
    public void Null_rate_outside_zero_to_one_is_reported()
    {
        Assert.Contains("from 0 to 1", Only(Check(Order, """[{"field": "notes", "null_rate": 1.5}]"""), "rules[0].null_rate"));
    }

    [Fact]
    public void Null_rate_on_a_required_non_nullable_field_is_reported()
    {
        Assert.Contains("'order_number' is required and not nullable",
            Only(Check(Order, """[{"field": "order_number", "null_rate": 0.1}]"""), "rules[0].null_rate"));
        Assert.Empty(Check(Library, """[{"field": "Library.Book[].Published", "null_rate": 0.1}]"""));
    }

    [Fact]
    public void Template_naming_a_missing_field_is_reported_with_a_suggestion()
    {
        var message = Only(Check(Order, """[{"field": "customer.email", "template": "{first_name}.{lastname}@example.com"}]"""), "rules[0].template");
        Assert.Contains("{lastname}", message);
        Assert.Contains("did you mean 'last_name'?", message);
    }

    [Fact]
    public void After_a_missing_field_is_reported()
    {
        Assert.Contains("'shipped_at' is not a field",
            Only(Check(Order, """[{"field": "delivery_date", "after": "shipped_at"}]"""), "rules[0].after"));
    }

    [Fact]
    public void Before_a_field_of_another_kind_is_reported()
    {
        Assert.Contains("'status' is a string", Only(Check(Order, """[{"field": "delivery_date", "before": "status"}]"""), "rules[0].before"));
    }

    [Fact]
    public void After_between_dates_of_one_record_is_fine()
    {
        Assert.Empty(Check(Employee, """[{"field": "left_on", "after": "hired_on"}]"""));
    }

    [Fact]
    public void Reference_to_a_missing_field_is_reported()
    {
        Assert.Contains("did you mean 'Library.Author[].@id'?",
            Only(Check(Library, """[{"field": "Library.Book[].@authorRef", "reference": "Library.Author[].@ID"}]"""), "rules[0].reference"));
    }

    [Fact]
    public void Reference_to_a_field_of_another_kind_is_reported()
    {
        Assert.Contains("'Library.Book[].Pages' is a integer",
            Only(Check(Library, """[{"field": "Library.Book[].@authorRef", "reference": "Library.Book[].Pages"}]"""), "rules[0].reference"));
        Assert.Empty(Check(Library, """[{"field": "Library.Book[].@authorRef", "reference": "Library.Author[].@id"}]"""));
    }

    [Fact]
    public void Items_on_a_field_that_does_not_repeat_is_reported()
    {
        Assert.Contains("occurs at most once", Only(Check(Order, """[{"field": "customer", "items": {"min": 1, "max": 2}}]"""), "rules[0].items"));
    }

    [Fact]
    public void Items_outside_the_schema_occurrences_is_reported()
    {
        var message = Only(Check(Invoice, """[{"field": "InvoiceBatch.Invoice[].Line", "items": {"min": 1, "max": 25}}]"""), "rules[0].items");
        Assert.Contains("above the schema's maximum of 20", message);
    }

    [Fact]
    public void When_on_a_missing_field_is_reported()
    {
        Assert.Contains("did you mean 'status'?",
            Only(Check(Order, """[{"field": "currency", "values": ["EUR"], "when": {"field": "statu", "equals": "paid"}}]"""), "rules[0].when"));
    }

    [Fact]
    public void When_equals_an_impossible_value_is_reported()
    {
        Assert.Contains("'lost' is not one of the schema's values",
            Only(Check(Order, """[{"field": "currency", "values": ["EUR"], "when": {"field": "status", "equals": "lost"}}]"""), "rules[0].when"));
    }

    [Fact]
    public void Unknown_generator_is_reported_with_a_suggestion()
    {
        var message = Only(Check(Order, """[{"field": "customer.first_name", "generator": "firstname"}]"""), "rules[0].generator");
        Assert.Contains("did you mean 'first_name'?", message);
    }

    [Fact]
    public void Known_generators_match_the_design()
    {
        foreach (var name in new[] { "first_name", "last_name", "full_name", "email", "phone", "street", "city", "postal_code",
                     "country_code", "company", "iban", "uuid", "url", "ipv4", "sentence" })
            Assert.Contains(name, KnownGenerators.All);
    }

    [Fact]
    public void Sequence_on_a_non_integer_is_reported()
    {
        Assert.Contains("consecutive integers",
            Only(Check(Order, """[{"field": "total", "sequence": {"start": 1, "step": 1}}]"""), "rules[0].sequence"));
    }

    [Fact]
    public void Unique_on_a_single_valued_field_is_reported()
    {
        Assert.Contains("can take only 1 value (the schema's fixed value)",
            Only(Check(Invoice, """[{"field": "InvoiceBatch.@version", "unique": true}]"""), "rules[0].unique"));
    }

    [Fact]
    public void Two_rules_with_disjoint_ranges_contradict()
    {
        var message = Only(Check(Order, """[{"field": "total", "min": 10, "max": 20}, {"field": "total", "min": 30}]"""), "rules[1].min");
        Assert.Contains("contradicts rules[0]", message);
        Assert.Contains("[10, 20]", message);
    }

    [Fact]
    public void Duplicate_rules_with_conflicting_generators_contradict()
    {
        Assert.Contains("contradicts rules[0]",
            Only(Check(Order, """[{"field": "notes", "generator": "sentence"}, {"field": "notes", "generator": "word"}]"""), "rules[1].generator"));
    }

    [Fact]
    public void Rules_under_different_conditions_do_not_contradict()
    {
        Assert.Empty(Check(Order, """
            [{"field": "total", "min": 10, "max": 20, "when": {"field": "status", "equals": "paid"}},
             {"field": "total", "min": 30, "when": {"field": "status", "equals": "shipped"}}]
            """));
    }

    [Fact]
    public void Every_problem_of_every_rule_is_reported_at_once()
    {
        var errors = Check(Order, """
            [{"field": "nope", "null_rate": 2}, {"field": "status", "values": ["lost"]}, {"field": "items[].quantity", "min": 5, "max": 1}]
            """);
        Assert.Equal(["rules[0].null_rate", "rules[0].field", "rules[1].values", "rules[2].min"], errors.Keys);
    }

    [Fact]
    public void A_rule_on_a_shared_choice_path_fits_the_alternative_that_allows_it()
    {
        Assert.Empty(Check(Order, """[{"field": "payment.method", "values": ["bank_transfer"]}]"""));
        Assert.Contains("'cash'", Only(Check(Order, """[{"field": "payment.method", "values": ["cash"]}]"""), "rules[0].values"));
    }

    [Fact]
    public void Unique_enum_smaller_than_the_record_count_is_reported()
    {
        var rules = Rules("""[{"field": "status", "unique": true}]""");
        Assert.Empty(ConstraintChecker.CheckForRecordCount(Order, rules, 6));
        var message = Only(ConstraintChecker.CheckForRecordCount(Order, rules, 7), "rules[0].unique");
        Assert.Contains("only 6 distinct values (the schema's enum)", message);
    }

    [Fact]
    public void Unique_integer_range_smaller_than_the_record_count_is_reported()
    {
        var rules = Rules("""[{"field": "items[].discount_pct", "unique": true}]""");
        Assert.Contains("only 11 distinct values", Only(ConstraintChecker.CheckForRecordCount(Order, rules, 100), "rules[0].unique"));
        var narrowed = Rules("""[{"field": "items[].quantity", "unique": true, "min": 10, "max": 19}]""");
        Assert.Contains("only 10 distinct values", Only(ConstraintChecker.CheckForRecordCount(Order, narrowed, 11), "rules[0].unique"));
    }

    [Fact]
    public void Unique_pattern_domain_smaller_than_the_record_count_is_reported()
    {
        var rules = Rules("""[{"field": "shipping_address.country", "unique": true}]""");
        Assert.Empty(ConstraintChecker.CheckForRecordCount(Order, rules, 676));
        Assert.Contains("only 676 distinct values (the strings pattern '^[A-Z]{2}$' can match)",
            Only(ConstraintChecker.CheckForRecordCount(Order, rules, 677), "rules[0].unique"));
    }

    [Fact]
    public void Unique_sequence_is_never_too_small()
    {
        var rules = Rules("""[{"field": "order_id", "unique": true, "sequence": {"start": 1, "step": 1}}]""");
        Assert.Empty(ConstraintChecker.CheckForRecordCount(Order, rules, 10_000_000));
    }

    [Fact]
    public void Distribution_on_text_and_unknown_distribution_kinds_are_reported()
    {
        Assert.Contains("applies to numbers and dates",
            Only(Check(Order, """[{"field": "notes", "distribution": {"kind": "normal"}}]"""), "rules[0].distribution"));
        Assert.Contains("'poisson' is unknown",
            Only(Check(Order, """[{"field": "total", "distribution": {"kind": "poisson"}}]"""), "rules[0].distribution"));
    }

    [Fact]
    public void Duplicate_rules_whose_values_share_nothing_contradict()
    {
        Assert.Contains("no value in common",
            Only(Check(Order, """[{"field": "status", "values": ["paid"]}, {"field": "status", "values": ["shipped"]}]"""), "rules[1].values"));
    }

    [Fact]
    public void Values_outside_the_rules_own_range_are_reported()
    {
        Assert.Contains("outside this rule's own min/max",
            Only(Check(Order, """[{"field": "items[].quantity", "min": 5, "max": 10, "values": [3]}]"""), "rules[0].values"));
    }

    [Fact]
    public void Rules_that_only_fit_single_values_are_refused_on_objects()
    {
        var errors = Check(Order, """[{"field": "customer", "unique": true, "values": ["x"]}]""");
        Assert.Equal(["rules[0].values", "rules[0].unique"], errors.Keys);
        Assert.Contains("'customer' is a object", errors["rules[0].unique"][0]);
    }

    [Fact]
    public void Null_rate_on_a_required_xml_attribute_says_nillable()
    {
        Assert.Contains("required and not nillable",
            Only(Check(Invoice, """[{"field": "InvoiceBatch.Invoice[].@number", "null_rate": 0.2}]"""), "rules[0].null_rate"));
    }

    [Fact]
    public void Template_with_unbalanced_braces_is_reported()
    {
        Assert.Contains("unmatched", Only(Check(Order, """[{"field": "customer.email", "template": "{first_name@example.com"}]"""),
            "rules[0].template"));
    }

    [Fact]
    public void Xsd_gyear_bounds_are_compared_as_years()
    {
        Assert.Empty(Check(Library, """[{"field": "Library.Author[].Born", "min": "1900", "max": "1990"}]"""));
        Assert.Contains("min '1990' is greater than max '1900'",
            Only(Check(Library, """[{"field": "Library.Author[].Born", "min": "1990", "max": "1900"}]"""), "rules[0].min"));
    }

    [Fact]
    public void A_rule_with_two_value_sources_is_reported()
    {
        Assert.Contains("sets both values and generator",
            Only(Check(Order, """[{"field": "customer.first_name", "values": ["Ann"], "generator": "first_name"}]"""), "rules[0].generator"));
    }

    [Fact]
    public void Two_rules_taking_the_value_from_different_places_contradict()
    {
        Assert.Contains("from generator there and from template here",
            Only(Check(Order,
                """[{"field": "customer.email", "generator": "email"}, {"field": "customer.email", "template": "{first_name}@example.com"}]"""),
                "rules[1].template"));
    }

    [Fact]
    public void A_rule_through_a_recursion_marker_is_checked_against_the_node_it_repeats()
    {
        // Section[].Section is a marker for Section: paths below it are Section's own, at any depth.
        Assert.Empty(Check(Library, """[{"field": "Library.Book[].Chapter[].Section[].Section[].Section", "items": {"max": 1}}]"""));
        Assert.Empty(Check(Library, """[{"field": "Library.Book[].Chapter[].Section[].Section[].Section[].Heading", "max_length": 20}]"""));
        Assert.Contains("is not a field of this schema",
            Only(Check(Library, """[{"field": "Library.Book[].Chapter[].Section[].Section[].Sektion", "items": {"max": 1}}]"""), "rules[0].field"));
        Assert.Empty(Check(Library, """[{"field": "Library.Book[].Chapter[].Section[].Section[].@number", "min": 5, "max": 9}]"""));
    }
}
