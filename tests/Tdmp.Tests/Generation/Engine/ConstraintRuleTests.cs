using System.Globalization;
using System.Text.Json.Nodes;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>Each rule of GENERATION.md §2, asserted on the values generated for order.schema.json (and library.xsd for references).</summary>
public class ConstraintRuleTests
{
    private const string Order = "order.schema.json";

    private static JsonElement J(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static List<JsonObject> Records(long count, string locale, params ConstraintRule[] rules)
    {
        var plan = EngineFixtures.Plan(Order, rules);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 11, RecordCount = count, Types = [OutputFormat.Json], Locale = locale });
        return [.. JsonNode.Parse(sink.Bytes(Assert.Single(result.Files).Name))!.AsArray().Select(n => n!.AsObject())];
    }

    private static List<JsonObject> Records(long count, params ConstraintRule[] rules) => Records(count, "en", rules);

    [Fact]
    public void Min_and_max_bound_numbers()
    {
        var records = Records(300, new ConstraintRule { Field = "items[].quantity", Min = J("10"), Max = J("12") });
        Assert.All(records.SelectMany(r => r["items"]!.AsArray()), i => Assert.InRange(i!["quantity"]!.GetValue<int>(), 10, 12));
    }

    [Fact]
    public void Min_and_max_bound_dates()
    {
        var records = Records(300, new ConstraintRule { Field = "placed_at", Min = J("\"2024-03-01T00:00:00Z\""),
            Max = J("\"2024-03-31T23:59:59Z\"") });
        Assert.All(records, r => Assert.StartsWith("2024-03-", r["placed_at"]!.GetValue<string>()));
    }

    [Fact]
    public void Min_length_and_max_length_bound_strings()
    {
        var records = Records(300, new ConstraintRule { Field = "notes", MinLength = 30, MaxLength = 35 });
        Assert.All(records.Where(r => r["notes"] is not null), r => Assert.InRange(r["notes"]!.GetValue<string>().Length, 30, 35));
    }

    [Fact]
    public void Pattern_makes_matching_strings()
    {
        var records = Records(300, new ConstraintRule { Field = "notes", Pattern = "^(REF|ORD)-[0-9]{3}[a-f]{2}(x|yy)?$" });
        var regex = new System.Text.RegularExpressions.Regex("^(REF|ORD)-[0-9]{3}[a-f]{2}(x|yy)?$");
        var notes = records.Where(r => r["notes"] is not null).Select(r => r["notes"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.Matches(regex, n));
    }

    [Fact]
    public void Values_with_weights_pick_only_weighted_values()
    {
        var records = Records(400, new ConstraintRule { Field = "status", Values = [J("\"paid\""), J("\"shipped\""), J("\"refunded\"")],
            Weights = [3, 1, 0] });
        var statuses = records.Select(r => r["status"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("refunded", statuses);
        var paid = statuses.Count(s => s == "paid");
        Assert.InRange(paid, 240, 360); // about three in four
        Assert.All(statuses, s => Assert.Contains(s, new[] { "paid", "shipped" }));
    }

    [Fact]
    public void Normal_distribution_is_centred_on_its_mean_and_clipped_to_bounds()
    {
        var records = Records(1000, new ConstraintRule
        {
            Field = "total", Min = J("400"), Max = J("600"), Distribution = new Distribution { Kind = "normal", Mean = 500, Stddev = 20 },
        });
        var totals = records.Select(r => r["total"]!.GetValue<double>()).ToList();
        Assert.All(totals, t => Assert.InRange(t, 400, 600));
        Assert.InRange(totals.Average(), 495, 505);
        Assert.InRange(totals.Count(t => t is > 460 and < 540) / (double)totals.Count, 0.9, 1.0);
    }

    [Fact]
    public void Exponential_distribution_piles_up_at_the_lower_bound()
    {
        var records = Records(1000, new ConstraintRule { Field = "items[].quantity", Min = J("1"), Max = J("99"),
            Distribution = new Distribution { Kind = "exponential", Mean = 5 } });
        var quantities = records.SelectMany(r => r["items"]!.AsArray()).Select(i => i!["quantity"]!.GetValue<int>()).ToList();
        Assert.All(quantities, q => Assert.InRange(q, 1, 99));
        Assert.True(quantities.Count(q => q <= 10) > quantities.Count / 2);
    }

    [Fact]
    public void Null_rate_one_makes_a_nullable_field_null_and_an_optional_field_absent()
    {
        var records = Records(200,
            new ConstraintRule { Field = "delivery_date", NullRate = 1 },
            new ConstraintRule { Field = "gift", NullRate = 1 });
        Assert.All(records, r =>
        {
            Assert.True(r.ContainsKey("delivery_date"));
            Assert.Null(r["delivery_date"]);
            Assert.False(r.ContainsKey("gift"));
        });
        var none = Records(200, new ConstraintRule { Field = "delivery_date", NullRate = 0 });
        Assert.All(none, r => Assert.NotNull(r["delivery_date"]));
    }

    [Fact]
    public void Unique_values_do_not_repeat_across_records()
    {
        var records = Records(3000,
            new ConstraintRule { Field = "order_id", Unique = true, Min = J("1"), Max = J("5000") },
            new ConstraintRule { Field = "order_number", Unique = true },
            new ConstraintRule { Field = "customer.email", Unique = true },
            new ConstraintRule { Field = "notes", Unique = true, MaxLength = 12 });
        Assert.Equal(3000, records.Select(r => r["order_id"]!.GetValue<long>()).Distinct().Count());
        Assert.All(records, r => Assert.InRange(r["order_id"]!.GetValue<long>(), 1, 5000));
        Assert.Equal(3000, records.Select(r => r["order_number"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(3000, records.Select(r => r["customer"]!["email"]!.GetValue<string>()).Distinct().Count());
        var notes = records.Where(r => r["notes"] is not null).Select(r => r["notes"]!.GetValue<string>()).ToList();
        Assert.Equal(notes.Count, notes.Distinct().Count());
        Assert.All(notes, n => Assert.True(n.Length <= 12));
    }

    [Fact]
    public void Unique_field_with_a_domain_smaller_than_the_record_count_is_refused()
    {
        var plan2 = EngineFixtures.Plan(Order, new ConstraintRule { Field = "order_id", Unique = true, Min = J("1"), Max = J("10") });
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => EngineFixtures.Generate(plan2,
            new GenerationOptions { Seed = 1, RecordCount = 11 }));
        Assert.Contains("order_id", e.Message);
        Assert.Contains("10", e.Message);
    }

    [Fact]
    public void Sequence_counts_from_start_by_step_over_the_record_index()
    {
        var records = Records(1200, new ConstraintRule { Field = "order_id", Sequence = new SequenceRule { Start = 1000, Step = 5 } });
        for (var i = 0; i < records.Count; i++) Assert.Equal(1000 + 5 * i, records[i]["order_id"]!.GetValue<long>());
    }

    [Fact]
    public void Semantic_generators_follow_the_locale()
    {
        var records = Records(200, "de", new ConstraintRule { Field = "notes", Generator = "first_name" },
            new ConstraintRule { Field = "shipping_address.line1", Generator = "street" });
        var german = Tdmp.Generation.Values.WordLists.FirstNamesDe.ToHashSet();
        Assert.All(records.Where(r => r["notes"] is not null),
            r => Assert.True(EngineFixtures.InPool(r["notes"]!.GetValue<string>(), german), r["notes"]!.GetValue<string>()));
        Assert.Contains(records.Where(r => r["shipping_address"] is not null),
            r => r["shipping_address"]!["line1"]!.GetValue<string>().Contains("straße")
            || r["shipping_address"]!["line1"]!.GetValue<string>().Contains("weg"));
        var english = Records(100, "en", new ConstraintRule { Field = "notes", Generator = "last_name" });
        Assert.All(english.Where(r => r["notes"] is not null),
            r => Assert.True(EngineFixtures.InPool(r["notes"]!.GetValue<string>(), Tdmp.Generation.Values.WordLists.LastNamesEn),
            r["notes"]!.GetValue<string>()));
    }

    [Fact]
    public void Iban_generator_makes_ibans_with_valid_check_digits()
    {
        var records = Records(300, new ConstraintRule { Field = "notes", Generator = "iban" });
        foreach (var iban in records.Where(r => r["notes"] is not null).Select(r => r["notes"]!.GetValue<string>()))
        {
            var rearranged = iban[4..] + iban[..4];
            var remainder = 0;
            foreach (var c in rearranged)
                remainder = char.IsDigit(c) ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;
            Assert.Equal(1, remainder);
        }
    }

    [Fact]
    public void Template_builds_a_value_from_fields_of_the_same_record()
    {
        var records = Records(200, "de",
            new ConstraintRule { Field = "customer.email", Template = "{customer.first_name}.{customer.last_name}@example.com" });
        Assert.All(records, r =>
        {
            var c = r["customer"]!;
            var email = c["email"]!.GetValue<string>();
            Assert.Matches("^[a-z0-9.]+@example\\.com$", email);
            Assert.True(EngineFixtures.SpellsName(email, Ascii(c["first_name"]!.GetValue<string>()), Ascii(c["last_name"]!.GetValue<string>())),
                email);
        });
        static string Ascii(string s) => s.ToLowerInvariant().Replace("ä", "ae").Replace("ö", "oe").Replace("ü", "ue").Replace("ß", "ss");
    }

    [Fact]
    public void After_and_before_order_dates_within_a_record()
    {
        var records = Records(300,
            new ConstraintRule { Field = "delivery_date", After = "placed_at", NullRate = 0 },
            new ConstraintRule { Field = "customer.birth_date", Before = "placed_at" });
        Assert.All(records, r =>
        {
            var placed = DateTime.Parse(r["placed_at"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal).Date;
            Assert.True(DateTime.Parse(r["delivery_date"]!.GetValue<string>(), CultureInfo.InvariantCulture) > placed);
            if (r["customer"]!["birth_date"] is { } birth) Assert.True(
                DateTime.Parse(birth.GetValue<string>(), CultureInfo.InvariantCulture) < placed);
        });
    }

    [Fact]
    public void After_orders_numbers_within_an_array_item()
    {
        var records = Records(300, new ConstraintRule { Field = "items[].discount_pct", After = "items[].quantity", Max = J("50") });
        foreach (var item in records.SelectMany(r => r["items"]!.AsArray()))
            if (item!["discount_pct"] is { } d
                && item["quantity"]!.GetValue<int>() < 45) Assert.True(d.GetValue<int>() > item["quantity"]!.GetValue<int>());
    }

    [Fact]
    public void Items_rule_sets_array_lengths()
    {
        var records = Records(200, new ConstraintRule { Field = "items", Items = new ItemsRule { Min = 3, Max = 3 } });
        Assert.All(records, r => Assert.Equal(3, r["items"]!.AsArray().Count));
    }

    [Fact]
    public void When_applies_a_rule_only_where_the_condition_holds()
    {
        var records = Records(600,
            new ConstraintRule { Field = "delivery_date", NullRate = 1, When = new WhenRule { Field = "status", EqualsValue = J("\"cancelled\"") } },
            new ConstraintRule { Field = "delivery_date", NullRate = 0 });
        Assert.Contains(records, r => r["status"]!.GetValue<string>() == "cancelled");
        Assert.All(records, r =>
        {
            if (r["status"]!.GetValue<string>() == "cancelled") Assert.Null(r["delivery_date"]);
            else Assert.NotNull(r["delivery_date"]);
        });
    }

    [Fact]
    public void Reference_takes_values_of_another_field_in_the_record()
    {
        var records = Records(200, new ConstraintRule { Field = "items[].description", Reference = "order_number" });
        foreach (var r in records)
            foreach (var item in r["items"]!.AsArray())
                if (item!["description"] is { } d) Assert.Equal(r["order_number"]!.GetValue<string>(), d.GetValue<string>());
    }

    [Fact]
    public void Idrefs_point_to_ids_that_exist_in_the_same_file()
    {
        var plan = EngineFixtures.Plan("library.xsd", new ConstraintRule { Field = "Library.Book[].@authorRef", Reference = "Library.Author[].@id" });
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 5, RecordCount = 60, RecordsPerFile = 20, Types = [OutputFormat.Xml] });
        Assert.Equal(3, result.Files.Count);
        foreach (var f in result.Files)
        {
            var doc = System.Xml.Linq.XDocument.Parse(sink.Text(f.Name));
            var ids = doc.Root!.Elements("Author").Select(a => (string)a.Attribute("id")!).ToHashSet();
            var refs = doc.Root.Elements("Book").Select(b => (string)b.Attribute("authorRef")!).ToList();
            Assert.Equal(20, refs.Count);
            Assert.All(refs, r => Assert.Contains(r, ids));
        }
    }
}

/// <summary><c>when</c> on containers, whose tested field comes later in the schema.</summary>
public class WhenOnContainersTests
{
    [Fact]
    public void When_decides_an_object_and_an_array_by_a_field_declared_after_them()
    {
        var plan = EngineFixtures.Plan("order.schema.json",
            new ConstraintRule { Field = "shipping_address", NullRate = 1,
                When = new WhenRule { Field = "total", EqualsValue = JsonDocument.Parse("1").RootElement.Clone() } },
            new ConstraintRule { Field = "total",
                Values = [JsonDocument.Parse("1").RootElement.Clone(), JsonDocument.Parse("2").RootElement.Clone()] },
            new ConstraintRule { Field = "tags", Items = new ItemsRule { Min = 4, Max = 4 },
                When = new WhenRule { Field = "currency", EqualsValue = JsonDocument.Parse("\"EUR\"").RootElement.Clone() } },
            new ConstraintRule { Field = "currency",
                Values = [JsonDocument.Parse("\"EUR\"").RootElement.Clone(), JsonDocument.Parse("\"USD\"").RootElement.Clone()], NullRate = 0 });
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 3, RecordCount = 300, Types = [OutputFormat.Json] });
        var records = JsonNode.Parse(sink.Bytes(result.Files[0].Name))!.AsArray().Select(n => n!.AsObject()).ToList();
        Assert.Contains(records, r => r["total"]!.GetValue<double>() == 1);
        Assert.All(records.Where(r => r["total"]!.GetValue<double>() == 1), r => Assert.False(r.ContainsKey("shipping_address")));
        Assert.Contains(records, r => r["total"]!.GetValue<double>() == 2 && r.ContainsKey("shipping_address"));
        Assert.All(records.Where(r => r["currency"]?.GetValue<string>() == "EUR" && r["tags"] is not null),
            r => Assert.Equal(4, r["tags"]!.AsArray().Count));
    }
}

/// <summary>Distributions on dates: mean and spread in days after the lower bound.</summary>
public class DateDistributionTests
{
    [Fact]
    public void Normal_distribution_on_dates_centres_days_after_the_minimum()
    {
        var plan = EngineFixtures.Plan("order.schema.json", new ConstraintRule
        {
            Field = "customer.birth_date", Min = JsonDocument.Parse("\"1980-01-01\"").RootElement.Clone(),
            Max = JsonDocument.Parse("\"1999-12-31\"").RootElement.Clone(),
            Distribution = new Distribution { Kind = "normal", Mean = 3650, Stddev = 30 },
        });
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 3, RecordCount = 500, Types = [OutputFormat.Json] });
        var dates = JsonNode.Parse(sink.Bytes(result.Files[0].Name))!.AsArray()
            .Select(r => r!["customer"]!["birth_date"]?.GetValue<string>()).OfType<string>()
                .Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(dates);
        var centre = new DateOnly(1980, 1, 1).AddDays(3650);
        Assert.InRange(dates.Average(d => d.DayNumber - centre.DayNumber), -10, 10);
        Assert.All(dates, d => Assert.InRange(d, new DateOnly(1980, 1, 1), new DateOnly(1999, 12, 31)));
    }
}
