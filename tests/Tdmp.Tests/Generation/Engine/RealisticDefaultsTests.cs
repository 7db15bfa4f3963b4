using System.Text.Json.Nodes;
using System.Xml.Linq;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Values;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>Without a constraint set, values look real by name and format (GENERATION.md §2, last paragraph).</summary>
public class RealisticDefaultsTests
{
    private static List<JsonObject> Records(string schemaFile, long count, string locale = "en")
    {
        var (sink, result) = EngineFixtures.Generate(EngineFixtures.Plan(schemaFile),
            new GenerationOptions { Seed = 21, RecordCount = count, Types = [OutputFormat.Json], Locale = locale });
        return [.. JsonNode.Parse(sink.Bytes(result.Files[0].Name))!.AsArray().Select(n => n!.AsObject())];
    }

    [Fact]
    public void Order_values_look_like_names_emails_uuids_and_country_codes()
    {
        var records = Records("order.schema.json", 300);
        var firstNames = WordLists.FirstNamesEn.ToHashSet();
        var countries = WordLists.CountryCodes.ToHashSet();
        foreach (var r in records)
        {
            var c = r["customer"]!;
            Assert.True(EngineFixtures.InPool(c["first_name"]!.GetValue<string>(), firstNames), c["first_name"]!.GetValue<string>());
            var email = c["email"]!.GetValue<string>();
            // The email belongs to the customer it is made for.
            Assert.True(EngineFixtures.SpellsName(email, c["first_name"]!.GetValue<string>(), c["last_name"]!.GetValue<string>()), email);
            Assert.Matches("^[a-z0-9.]+@[a-z.]+\\.[a-z]+$", email);
            Assert.True(Guid.TryParse(c["customer_id"]!.GetValue<string>(), out _));
            if (r["shipping_address"] is { } address) Assert.Contains(address["country"]!.GetValue<string>(), countries);
            var placed = DateTimeOffset.Parse(r["placed_at"]!.GetValue<string>());
            // Eight years up to the reference date (today when the plan is made without one).
            Assert.InRange(placed.Year, DateTime.UtcNow.Year - 8, DateTime.UtcNow.Year);
            if (r["delivery_date"]?.GetValue<string>() is { } delivered) Assert.True(
                DateOnly.Parse(delivered) > DateOnly.FromDateTime(placed.UtcDateTime));
        }
    }

    [Fact]
    public void German_locale_uses_german_names_and_spells_umlauts_out_in_emails()
    {
        var records = Records("employee.schema.json", 300, "de");
        Assert.All(records, r => Assert.True(EngineFixtures.InPool(r["name"]!["given"]!.GetValue<string>(), WordLists.FirstNamesDe),
            r["name"]!["given"]!.GetValue<string>()));
        Assert.All(records.Where(r => r["work_email"] is not null), r => Assert.Matches("^[a-z0-9.]+@[a-z.]+$", r["work_email"]!.GetValue<string>()));
        Assert.All(records.Where(r => r["left_on"] is not null),
            r => Assert.True(DateOnly.Parse(r["left_on"]!.GetValue<string>()) > DateOnly.Parse(r["hired_on"]!.GetValue<string>())));
    }

    [Fact]
    public void Invoice_lines_are_numbered_and_due_dates_follow_issue_dates()
    {
        var (sink, result) = EngineFixtures.Generate(EngineFixtures.Plan("invoice.xsd"),
            new GenerationOptions { Seed = 2, RecordCount = 100, Types = [OutputFormat.Xml] });
        XNamespace ns = "urn:example:invoicing:1";
        foreach (var invoice in XDocument.Parse(sink.Text(result.Files[0].Name)).Root!.Elements(ns + "Invoice"))
        {
            Assert.Equal(Enumerable.Range(1, invoice.Elements(ns + "Line").Count()).Select(i => i.ToString()),
                invoice.Elements(ns + "Line").Select(l => (string)l.Attribute("lineNo")!));
            if (invoice.Element(ns + "DueDate") is { } due) Assert.True(
                DateOnly.Parse(due.Value) > DateOnly.Parse(invoice.Element(ns + "IssueDate")!.Value));
            var email = invoice.Element(ns + "Customer")!.Element(ns + "Email")!.Value;
            var name = invoice.Element(ns + "Customer")!.Element(ns + "Name")!.Value;
            Assert.True(EngineFixtures.SpellsName(email, name), $"{email} for {name}");
        }
    }
}
