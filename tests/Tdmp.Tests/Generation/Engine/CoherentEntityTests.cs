using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Values;
using Tdmp.Tests.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// Issue 17, points 4 and 6: the fields of one record agree on a country (city, postal code, phone,
/// IBAN, VAT, currency), people are adults, status and dates agree, pools are large and exercise
/// escaping, check digits are right. Proportions and bounds over thousands of records.
/// </summary>
public class CoherentEntityTests
{
    private static readonly DateOnly Reference = new(2026, 12, 2);

    private static readonly Dictionary<string, Regex> PostalFormats = new()
    {
        ["US"] = new("^[0-9]{5}$"), ["GB"] = new("^[A-Z]{1,2}[0-9]{1,2} [0-9][A-Z]{2}$"), ["IE"] = new("^[A-Z][0-9]{2} [A-Z0-9]{4}$"),
        ["CA"] = new("^[A-Z][0-9][A-Z] [0-9][A-Z][0-9]$"), ["AU"] = new("^[0-9]{4}$"), ["NZ"] = new("^[0-9]{4}$"),
        ["DE"] = new("^[0-9]{5}$"), ["AT"] = new("^[0-9]{4}$"), ["CH"] = new("^[0-9]{4}$"), ["JP"] = new("^[0-9]{3}-[0-9]{4}$"),
    };

    private static readonly Dictionary<string, string> CallingCodes = new()
    {
        ["US"] = "+1", ["CA"] = "+1", ["GB"] = "+44", ["IE"] = "+353", ["AU"] = "+61", ["NZ"] = "+64", ["DE"] = "+49", ["AT"] = "+43", ["CH"] = "+41",
        ["JP"] = "+81",
    };

    private static readonly Dictionary<string, string> Currencies = new()
    {
        ["US"] = "USD", ["CA"] = "CAD", ["GB"] = "GBP", ["IE"] = "EUR", ["AU"] = "AUD", ["NZ"] = "NZD", ["DE"] = "EUR", ["AT"] = "EUR",
        ["CH"] = "CHF", ["JP"] = "JPY",
    };

    private static List<JsonObject> Orders(long count, string locale = "en", params ConstraintRule[] rules)
    {
        var plan = GenerationPlan.Create(SharedSchemas.Read("order.schema.json"), rules, null, referenceDate: Reference);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 23, RecordCount = count, Types = [OutputFormat.Json], Locale = locale });
        return [.. JsonNode.Parse(sink.Bytes(Assert.Single(result.Files).Name))!.AsArray().Select(n => n!.AsObject())];
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public void An_address_a_phone_and_a_currency_of_one_record_belong_to_one_country(string locale)
    {
        var orders = Orders(5000, locale);
        var countries = new HashSet<string>();
        foreach (var r in orders)
        {
            if (r["shipping_address"] is not { } address) continue;
            var country = address["country"]!.GetValue<string>();
            countries.Add(country);
            Assert.Contains(address["city"]!.GetValue<string>(), Pools.Cities[country]);
            Assert.Matches(PostalFormats[country], address["postal_code"]!.GetValue<string>());
            if (r["customer"]!["phone"] is { } phone) Assert.StartsWith(CallingCodes[country], phone.GetValue<string>());
            if (r["currency"] is { } currency) Assert.Equal(Currencies[country], currency.GetValue<string>());
            // An IBAN is the record's own country's: records in countries without IBANs pay by card.
            if (r["payment"]!["iban"] is { } iban) Assert.Equal(country, iban.GetValue<string>()[..2]);
        }
        Assert.True(countries.Count >= 3, string.Join(",", countries));
    }

    [Fact]
    public void Records_in_countries_without_ibans_take_the_branch_without_one_and_records_that_need_one_are_placed_where_ibans_exist()
    {
        var orders = Orders(5000);
        var byCountry = orders.Where(r => r["shipping_address"] is not null)
            .GroupBy(r => r["shipping_address"]!["country"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.Count(r => r["payment"]!["iban"] is not null));
        foreach (var country in new[] { "US", "CA", "AU", "NZ", "JP" }) Assert.Equal(0, byCountry.GetValueOrDefault(country));
        Assert.True(byCountry["GB"] > 100 && byCountry["IE"] > 30, string.Join(", ", byCountry));

        var repr = SchemaText.ReadJson("""
            {"type":"object","required":["iban","country"],
             "properties":{"iban":{"type":"string"},"country":{"type":"string","pattern":"^[A-Z]{2}$"}}}
            """);
        foreach (var locale in new[] { "en", "de" })
        {
            var (sink, result) = EngineFixtures.Generate(GenerationPlan.Create(repr, [], null, referenceDate: Reference),
                new GenerationOptions { Seed = 5, RecordCount = 3000, Types = [OutputFormat.Json], Locale = locale });
            var records = JsonNode.Parse(sink.Bytes(result.Files[0].Name))!.AsArray();
            Assert.All(records, r => Assert.Equal(r!["country"]!.GetValue<string>(), r["iban"]!.GetValue<string>()[..2]));
            var countries = records.Select(r => r!["country"]!.GetValue<string>()).ToHashSet();
            Assert.Equal(locale == "en" ? ["GB", "IE"] : ["AT", "CH", "DE"], countries.Order());
        }
    }

    [Fact]
    public void Amounts_have_the_minor_units_of_the_records_currency()
    {
        // The order schema: currency follows the country; Japan's records have whole yen in every price and total.
        var orders = Orders(20_000, "en", new ConstraintRule { Field = "total", Formula = "sum(items[].quantity * items[].unit_price)" });
        static IEnumerable<decimal> Amounts(JsonObject r) => r["items"]!.AsArray().Select(i => i!["unit_price"]!.GetValue<decimal>())
            .Append(r["total"]!.GetValue<decimal>());
        var yen = orders.Where(r => r["currency"]?.GetValue<string>() == "JPY").ToList();
        Assert.True(yen.Count > 200, $"{yen.Count} JPY records of 20,000");
        Assert.All(yen, r => Assert.All(Amounts(r), a => Assert.Equal(decimal.Truncate(a), a)));
        var others = orders.Where(r => r["currency"] is { } c && c.GetValue<string>() != "JPY").SelectMany(Amounts).ToList();
        Assert.True(others.Count(a => a != decimal.Truncate(a)) > others.Count * 0.8, "other currencies keep their cents");

        // A schema's currency list with zero-, two- and three-decimal currencies and a step of 0.001: each amount has
        // its currency's decimals at most, and the three-decimal one uses them.
        var repr = SchemaText.ReadJson("""
            {"type":"object","required":["currency","price","fee","quantity"],"properties":{
              "currency":{"enum":["JPY","KWD","EUR","KRW"]},
              "price":{"type":"number","minimum":0.5,"maximum":900,"multipleOf":0.001},
              "fee":{"type":"number","minimum":0.2,"maximum":0.9,"multipleOf":0.001},
              "quantity":{"type":"number","minimum":1,"maximum":50,"multipleOf":0.001}}}
            """);
        var (sink, result) = EngineFixtures.Generate(GenerationPlan.Create(repr, [], null, referenceDate: Reference),
            new GenerationOptions { Seed = 9, RecordCount = 4000, Types = [OutputFormat.Json] });
        var records = JsonNode.Parse(sink.Bytes(result.Files[0].Name))!.AsArray().Select(r => r!.AsObject()).ToList();
        static int Decimals(decimal d) => d == decimal.Truncate(d) ? 0
            : (d * 10 == decimal.Truncate(d * 10) ? 1 : d * 100 == decimal.Truncate(d * 100) ? 2 : 3);
        var expected = new Dictionary<string, int> { ["JPY"] = 0, ["KRW"] = 0, ["EUR"] = 2, ["KWD"] = 3 };
        foreach (var (code, digits) in expected)
        {
            var prices = records.Where(r => r["currency"]!.GetValue<string>() == code).Select(r => r["price"]!.GetValue<decimal>()).ToList();
            Assert.True(prices.Count > 700, $"{prices.Count} {code} records");
            Assert.All(prices, p => Assert.InRange(p, 0.5m, 900m));
            Assert.All(prices, p => Assert.True(Decimals(p) <= digits, $"{code} {p}"));
            Assert.Contains(prices, p => Decimals(p) == digits);
        }
        // No whole yen lies between 0.2 and 0.9: the schema's bounds win over the currency and the fee keeps decimals.
        Assert.All(records, r => Assert.InRange(r["fee"]!.GetValue<decimal>(), 0.2m, 0.9m));
        // Not an amount: a quantity keeps its own step whatever the currency.
        Assert.Contains(records, r => r["currency"]!.GetValue<string>() == "JPY" && Decimals(r["quantity"]!.GetValue<decimal>()) == 3);
    }

    [Fact]
    public void One_invoice_has_one_currency_in_all_its_lines()
    {
        var (sink, result) = EngineFixtures.Generate(GenerationPlan.Create(SharedSchemas.Read("invoice.xsd"), [], null, referenceDate: Reference),
            new GenerationOptions { Seed = 4, RecordCount = 2000, Types = [OutputFormat.Xml] });
        XNamespace ns = "urn:example:invoicing:1";
        var invoices = XDocument.Parse(sink.Text(result.Files[0].Name)).Root!.Elements(ns + "Invoice").ToList();
        Assert.Equal(2000, invoices.Count);
        var mixed = invoices.Count(i => i.Descendants().Select(e => (string?)e.Attribute("currency")).OfType<string>().Distinct().Count() > 1);
        Assert.Equal(0, mixed);
    }

    [Fact]
    public void People_who_order_are_adults()
    {
        var births = Orders(5000).Select(r => r["customer"]!["birth_date"]).OfType<JsonNode>().Select(n => DateOnly.Parse(n.GetValue<string>()))
            .ToList();
        Assert.True(births.Count > 2000);
        Assert.All(births, b => Assert.InRange(b, Reference.AddYears(-80), Reference.AddYears(-18)));
    }

    [Fact]
    public void Delivery_dates_agree_with_the_status_and_follow_within_days()
    {
        var orders = Orders(6000);
        Assert.All(orders.Where(r => r["status"]!.GetValue<string>() is "pending" or "cancelled"), r => Assert.Null(r["delivery_date"]));
        Assert.All(orders.Where(r => r["status"]!.GetValue<string>() == "delivered"), r => Assert.NotNull(r["delivery_date"]));
        foreach (var r in orders.Where(r => r["delivery_date"] is not null))
        {
            var placed = DateOnly.FromDateTime(DateTimeOffset.Parse(r["placed_at"]!.GetValue<string>()).UtcDateTime);
            var delivered = DateOnly.Parse(r["delivery_date"]!.GetValue<string>());
            Assert.InRange(delivered.DayNumber - placed.DayNumber, 1, 15);
        }
    }

    [Fact]
    public void Name_pools_hold_thousands_of_names_with_apostrophes_hyphens_and_diacritics()
    {
        foreach (var (first, last) in new[] { (Pools.FirstNamesEn, Pools.LastNamesEn), (Pools.FirstNamesDe, Pools.LastNamesDe) })
        {
            // Thousands of real names per locale in the lists themselves, not only by combining them.
            Assert.True(first.Length >= 2000 && last.Length >= 2000, $"{first.Length} first and {last.Length} last names");
            // Double names of two list entries: first × first possible given names, last × last family names.
            Assert.True((long)first.Length * first.Length > 50_000);
        }
        var names = Orders(20_000).Select(r => r["customer"]!["last_name"]!.GetValue<string>() + " "
            + r["customer"]!["first_name"]!.GetValue<string>()).ToList();
        Assert.Contains(names, n => n.Contains('\''));
        Assert.Contains(names, n => n.Contains('-'));
        Assert.Contains(names, n => n.Any(c => c > 127));
        Assert.True(names.Distinct().Count() > 15_000, $"{names.Distinct().Count()} distinct names in 20,000");
        var germans = Orders(5000, "de").Select(r => r["customer"]!["last_name"]!.GetValue<string>()).ToList();
        Assert.Contains(germans, n => n.Contains('ü') || n.Contains('ö') || n.Contains('ä') || n.Contains('ß'));
    }

    [Fact]
    public void German_sentences_capitalise_nouns()
    {
        var notes = Orders(2000, "de").Select(r => r["notes"]).OfType<JsonNode>().Select(n => n.GetValue<string>()).ToList();
        Assert.True(notes.Count > 500);
        var sentence = new Regex(@"^Die \p{Ll}+en \p{Lu}\p{Ll}+ \p{Ll}+ die \p{Ll}+en \p{Lu}\p{Ll}+( [\p{L} ]+)?\.$");
        Assert.All(notes.Where(n => n.EndsWith('.')), n => Assert.Matches(sentence, n));
    }

    [Fact]
    public void Isbn_iban_ean_and_card_numbers_have_valid_check_digits()
    {
        var (sink, result) = EngineFixtures.Generate(GenerationPlan.Create(SharedSchemas.Read("library.xsd"), [], null, referenceDate: Reference),
            new GenerationOptions { Seed = 8, RecordCount = 2000, Types = [OutputFormat.Xml] });
        var isbns = XDocument.Parse(sink.Text(result.Files[0].Name)).Descendants("Isbn").Select(e => e.Value.Replace("-", "")).ToList();
        Assert.True(isbns.Count >= 2000);
        Assert.All(isbns, i => Assert.Equal(0, Enumerable.Range(0, 13).Sum(k => (i[k] - '0') * (k % 2 == 0 ? 1 : 3)) % 10));

        var ibans = Orders(3000).Select(r => r["payment"]!["iban"]).OfType<JsonNode>().Select(n => n.GetValue<string>()).ToList();
        Assert.True(ibans.Count > 300);
        Assert.All(ibans, i => Assert.Equal(1,
            (int)(BigInteger.Parse(string.Concat((i[4..] + i[..4])
            .Select(c => char.IsAsciiLetter(c) ? (c - 'A' + 10).ToString() : c.ToString()))) % 97)));

        var repr = SchemaText.ReadJson(
            """{"type":"object","required":["ean","card"],"properties":{"ean":{"type":"string"},"card":{"type":"string"}}}""");
        var plan = GenerationPlan.Create(repr, [new ConstraintRule { Field = "card", Generator = "credit_card" }], null, referenceDate: Reference);
        var (s2, r2) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 3, RecordCount = 2000, Types = [OutputFormat.Json] });
        foreach (var r in JsonNode.Parse(s2.Bytes(r2.Files[0].Name))!.AsArray())
        {
            var ean = r!["ean"]!.GetValue<string>();
            Assert.Matches("^[0-9]{13}$", ean);
            Assert.Equal(0, Enumerable.Range(0, 13).Sum(k => (ean[k] - '0') * (k % 2 == 0 ? 1 : 3)) % 10);
            var card = r["card"]!.GetValue<string>();
            Assert.Matches("^[45][0-9]{15}$", card);
            Assert.Equal(0, card.Reverse().Select((c, k) => k % 2 == 1 ? ((c - '0') * 2 > 9 ? (c - '0') * 2 - 9 : (c - '0') * 2) : c - '0')
                .Sum() % 10);
        }
    }

    [Fact]
    public void Vat_ids_start_with_the_records_country()
    {
        var repr = SchemaText.ReadJson("""
            {"type":"object","required":["vat_id","country"],
             "properties":{"vat_id":{"type":"string","pattern":"^[A-Z]{2}[0-9A-Z]{8,12}$"},"country":{"type":"string"}}}
            """);
        var plan = GenerationPlan.Create(repr, [], null, referenceDate: Reference);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 3, RecordCount = 2000, Types = [OutputFormat.Json], Locale = "de" });
        var records = JsonNode.Parse(sink.Bytes(result.Files[0].Name))!.AsArray();
        Assert.All(records, r => Assert.StartsWith(r!["country"]!.GetValue<string>(), r["vat_id"]!.GetValue<string>()));
    }
}
