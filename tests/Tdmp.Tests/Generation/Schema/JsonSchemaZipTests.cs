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

    /// <summary>AWS Step Functions' shape: a state machine holds states, and a Parallel state holds state machines again, in
    /// other files. Every file is referred to, so the upload names its main file with <c>main</c>.</summary>
    public const string StateMachine = """
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["StartAt", "States"],
         "properties": {"StartAt": {"type": "string"}, "States": {"type": "object", "additionalProperties": {"$ref": "state.json"}}}}
        """;

    public const string State = """
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["Type"],
         "properties": {"Type": {"enum": ["Pass", "Parallel"]}, "Branches": {"type": "array", "items": {"$ref": "state-machine.json"}}}}
        """;

    [Fact]
    public void Files_that_refer_to_each_other_in_a_cycle_are_read_from_the_main_file_the_upload_names()
    {
        var zip = Zip(("state.json", State), ("state-machine.json", StateMachine));
        var e = Assert.Throws<SchemaReadException>(() => SchemaReader.Read(zip, SchemaLanguage.JsonSchema, SchemaReadLimits.Default));
        Assert.Contains("name it with 'main'", e.Message);

        var repr = SchemaReader.Read(zip, SchemaLanguage.JsonSchema, SchemaReadLimits.Default, main: "state-machine.json");
        Assert.Equal(["StartAt", "States"], repr.Roots[0].Children.Select(c => c.Name));
        var state = SchemaReader.Read(zip, SchemaLanguage.JsonSchema, SchemaReadLimits.Default, main: "/state.json");
        Assert.Equal(["Type", "Branches"], state.Roots[0].Children.Select(c => c.Name));

        var missing = Assert.Throws<MainFileException>(() => SchemaReader.Read(zip, SchemaLanguage.JsonSchema, SchemaReadLimits.Default,
            main: "machine.json"));
        Assert.Contains("no schema file 'machine.json'", missing.Message);
        Assert.Contains("state-machine.json, state.json", missing.Message);
        // A path that ends like one file's (the zip made of a folder's content, main given with the folder) names it.
        Assert.Equal(["StartAt", "States"], SchemaReader.Read(zip, SchemaLanguage.JsonSchema, SchemaReadLimits.Default,
            main: "asl/state-machine.json").Roots[0].Children.Select(c => c.Name));
        // A single file is its own main file: main changes nothing.
        var single = System.Text.Encoding.UTF8.GetBytes(State);
        Assert.Equal(SchemaReader.Read(single, SchemaLanguage.JsonSchema, SchemaReadLimits.Default).AllNodes().Select(n => n.Path),
            SchemaReader.Read(single, SchemaLanguage.JsonSchema, SchemaReadLimits.Default, main: "state.json").AllNodes().Select(n => n.Path));
    }

    /// <summary>The 2020-12 meta-schema's shape: <c>{"$ref": "meta/core"}</c> is relative to the file's own <c>$id</c> and
    /// names another file by its <c>$id</c>, with no <c>.json</c>; that file is referred to, so the first is the main one.</summary>
    [Fact]
    public void A_ref_relative_to_the_files_own_id_refers_to_the_file_of_that_id()
    {
        var main = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.org/spec/schema",
             "allOf": [{"$ref": "meta/core"}], "type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
            """;
        var core = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.org/spec/meta/core",
             "type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}
            """;
        var repr = SchemaReader.Read(Zip(("meta/core.json", core), ("schema.json", main)), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        Assert.Equal(["id", "title"], repr.Roots[0].Children.Select(c => c.Name).Order());
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
