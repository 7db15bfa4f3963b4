using Tdmp.Generation.Schema;
using static Tdmp.Tests.Generation.Schema.SchemaText;

namespace Tdmp.Tests.Generation.Schema;

/// <summary>Several JSON Schema files uploaded as one zip: relative <c>$ref</c>s (and <c>$id</c>s ending like a file's
/// path in the zip) resolve to files of the zip; the main schema is the file no other file refers to.</summary>
public class JsonSchemaZipTests
{
    public const string Order = """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "properties": {"customer": {"$ref": "common/customer.json"}, "total": {"$ref": "common/money.json#/$defs/amount"}},
         "required": ["customer", "total"]}
        """;

    public const string Customer = """
        {"$id": "https://schemas.example.org/shop/common/customer.json", "type": "object",
         "properties": {"email": {"type": "string", "format": "email"}, "country": {"$ref": "money.json#/$defs/country"}},
         "required": ["email", "country"], "additionalProperties": false}
        """;

    public const string Money = """
        {"$defs": {"amount": {"type": "number", "minimum": 0, "maximum": 1000, "multipleOf": 0.01},
                   "country": {"type": "string", "enum": ["DE", "FR"]}}}
        """;

    [Fact]
    public void Relative_refs_resolve_inside_the_zip_and_the_unreferenced_file_is_main()
    {
        var repr = SchemaReader.Read(Zip(("common/customer.json", Customer), ("order.json", Order), ("common/money.json", Money)), null,
            SchemaReadLimits.Default);
        Assert.Equal(SchemaLanguage.JsonSchema, repr.Language);
        var root = repr.Roots[0];
        Assert.Equal(["customer", "total"], root.Children.Select(c => c.Name));
        Assert.Equal(["DE", "FR"], repr.Find("customer.country")!.Enum!);
        Assert.Equal(1000m, repr.Find("total")!.Maximum);
        Assert.True(repr.Find("customer")!.Closed);
    }

    [Fact]
    public void A_ref_to_a_file_missing_from_the_zip_is_refused_naming_it()
    {
        var e = Assert.ThrowsAny<SchemaReadException>(() => SchemaReader.Read(Zip(("order.json", Order), ("common/customer.json", Customer)), null,
            SchemaReadLimits.Default));
        Assert.Contains("money.json", e.Message);
        Assert.Contains("points outside this upload", e.Message);
    }

    [Fact]
    public void Two_unreferenced_schemas_are_refused_as_ambiguous()
    {
        var e = Assert.Throws<SchemaReadException>(() => SchemaReader.Read(Zip(("a.json", Money), ("b.json", Money)), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default));
        Assert.Contains("several schemas that no other file refers to (a.json, b.json)", e.Message);
    }

    [Fact]
    public void An_entry_that_climbs_out_of_the_zip_is_refused()
    {
        var e = Assert.Throws<SchemaReadException>(() => SchemaReader.Read(Zip(("../evil.json", Money)), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default));
        Assert.Contains("climbs out of the zip", e.Message);
    }

    /// <summary>CSAF 2.1: the main schema's <c>$schema</c> is the publisher's meta-schema, shipped in the zip, which extends a
    /// draft (2020-12 there; draft-07 here, which no other part of the upload names). It was refused as an unknown
    /// <c>$schema</c>, and the meta-schema counted as a second main file.</summary>
    [Fact]
    public void A_meta_schema_of_the_zip_names_the_draft_and_is_not_the_main_file()
    {
        const string meta = """
            {"$schema": "http://json-schema.org/draft-07/schema#", "$id": "https://example.org/shop/meta.json",
             "allOf": [{"$ref": "http://json-schema.org/draft-07/schema#"}]}
            """;
        var order = Order.Replace("https://json-schema.org/draft/2020-12/schema", "https://example.org/shop/meta.json");
        var repr = SchemaReader.Read(Zip(("schema/meta.json", meta), ("order.json", order), ("common/customer.json", Customer),
            ("common/money.json", Money)), null, SchemaReadLimits.Default);
        Assert.Equal("draft-07", repr.Dialect);
        Assert.Equal(["customer", "total"], repr.Roots[0].Children.Select(c => c.Name));
    }

    /// <summary>OME-Zarr publishes its schemas as <c>*.schema</c>; a README beside them is not read.</summary>
    [Fact]
    public void Files_ending_in_schema_are_read_and_other_entries_left_alone()
    {
        var repr = SchemaReader.Read(Zip(("order.schema", Order.Replace(".json", ".schema")),
            ("common/customer.schema", Customer.Replace(".json", ".schema")), ("common/money.schema", Money),
            ("README.md", "# Shop schemas")), null, SchemaReadLimits.Default);
        Assert.Equal(SchemaLanguage.JsonSchema, repr.Language);
        Assert.Equal(["DE", "FR"], repr.Find("customer.country")!.Enum!);
    }

    /// <summary>BODS names its files by URN <c>$id</c>s alone ("urn:components"): the files referred to that way are not
    /// main files. The zip was refused as holding five schemas no other file refers to.</summary>
    [Fact]
    public void Files_referred_to_by_their_id_alone_are_not_the_main_file()
    {
        const string components = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:components",
             "$defs": {"Code": {"type": "string", "enum": ["A", "B"]}}}
            """;
        const string person = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:person", "type": "object",
             "required": ["code"], "properties": {"code": {"$ref": "urn:components#/$defs/Code"}}}
            """;
        const string statement = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:statement", "type": "array",
             "items": {"$ref": "urn:person"}}
            """;
        var repr = SchemaReader.Read(Zip(("components.json", components), ("person.json", person), ("statement.json", statement)), null,
            SchemaReadLimits.Default);
        Assert.Equal(["A", "B"], repr.AllNodes().Single(n => n.Name == "code").Enum!);
    }

    /// <summary>OpenRPC's <c>$schema</c> is json-schema.tools' meta-schema, shipped beside it, whose own <c>$schema</c> is
    /// itself: its draft is read from the keywords it is written with (<c>definitions</c>: draft-07). It was an
    /// "unsupported $schema".</summary>
    [Fact]
    public void A_meta_schema_that_names_itself_is_read_as_the_draft_of_its_keywords()
    {
        const string meta = """
            {"$schema": "https://meta.example.org/", "$id": "https://meta.example.org/", "oneOf": [{"$ref": "#/definitions/Object"},
             {"type": "boolean"}], "definitions": {"Object": {"type": "object"}}}
            """;
        const string api = """
            {"$schema": "https://meta.example.org/", "$id": "https://api.example.org/", "type": "object", "required": ["name"],
             "properties": {"name": {"type": "string"}}}
            """;
        var repr = SchemaReader.Read(Zip(("meta/schema.json", meta), ("api/schema.json", api)), null, SchemaReadLimits.Default);
        Assert.Equal("draft-07", repr.Dialect);
        Assert.Equal(["name"], repr.Roots[0].Children.Select(c => c.Name));
    }
}
