using System.Text;
using System.Text.Json.Nodes;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// A JSON Schema definition used in many places without recursion is built once in the repr (as XSD complex types are,
/// <see cref="SharedContentTests"/>); its other uses are references (<see cref="SchemaNode.Reuses"/>) compiled as
/// <see cref="PlanNodeKind.Reuse"/> nodes. A use whose content differs (a <c>$ref</c> with sibling keywords that narrow it,
/// an <c>allOf</c> that merges into it) is built on its own. Rules on a path inside shared content apply on that path only;
/// records, csv and sql stay valid.
/// </summary>
public class JsonSharedContentTests
{
    /// <summary>party is used by buyer (with a description next to the $ref: the same content), carriers and recipient;
    /// seller's party is narrowed by an allOf of the root and urgent's by a sibling required; address is used twice in
    /// party, and first built in seller's.</summary>
    private const string OrderSchema = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "required": ["seller", "buyer", "urgent"],
          "properties": {
            "seller": {"$ref": "#/definitions/party"},
            "buyer": {"$ref": "#/definitions/party", "description": "who pays"},
            "carriers": {"type": "array", "maxItems": 3, "items": {"$ref": "#/definitions/party"}},
            "urgent": {"$ref": "#/definitions/party", "required": ["phone"]},
            "recipient": {"$ref": "#/definitions/party"}
          },
          "allOf": [{"properties": {"seller": {"properties": {"name": {"const": "ACME"}}}}}],
          "definitions": {
            "party": {
              "type": "object",
              "required": ["name", "address"],
              "additionalProperties": false,
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 30},
                "phone": {"type": "string", "pattern": "^\\+[0-9]{6,12}$"},
                "address": {"$ref": "#/definitions/address"},
                "postal": {"type": "array", "maxItems": 2, "items": {"$ref": "#/definitions/address"}}
              }
            },
            "address": {
              "type": "object",
              "required": ["street", "city"],
              "additionalProperties": false,
              "properties": {"street": {"type": "string", "maxLength": 40}, "city": {"type": "string", "maxLength": 40}}
            }
          }
        }
        """;

    private static SchemaRepr Orders() =>
        SchemaReader.Read(Encoding.UTF8.GetBytes(OrderSchema), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);

    [Fact]
    public void A_definition_used_in_many_places_is_built_once_and_its_other_uses_are_references_that_make_its_content()
    {
        var repr = Orders();
        Assert.Equal(0, repr.LeftOutByDepthCut);
        SchemaNode At(string path) => repr.AllNodes().Single(n => n.Path == path);
        // seller is narrowed by the root's allOf, so buyer is where party is built; address is built in seller, first.
        var buyer = At("buyer");
        Assert.Null(buyer.Reuses);
        Assert.Equal(2, At("seller.address").Children.Count);
        foreach (var address in new[] { "buyer.address", "buyer.postal[]", "urgent.address" })
            Assert.Equal("seller.address", At(address).Reuses);
        foreach (var use in new[] { "carriers[]", "recipient" })
        {
            Assert.Equal("buyer", At(use).Reuses);
            Assert.Empty(At(use).Children);
        }
        Assert.False(At("recipient").Required);
        // Narrowed uses are content of their own, built in place.
        Assert.Null(At("seller").Reuses);
        Assert.Null(At("urgent").Reuses);
        Assert.True(At("urgent.phone").Required);
        Assert.Equal("ACME", At("seller.name").Const);
        // A path through a reference finds the shared node as it stands there.
        Assert.Equal(NodeKind.String, repr.Find("carriers[].postal[].city")!.Kind);

        var plan = GenerationPlan.Create(repr, [], null);
        Assert.Equal(2, plan.Nodes.Count(n => n.Kind == PlanNodeKind.Reuse && n.Target!.Path == "buyer"));
        var records = EngineFixtures.RecordsOfManySeeds(plan, 5, 30, jsonlEvery: 3);
        Assert.All(records, r =>
        {
            Assert.NotNull(r!["buyer"]!["address"]!["city"]);
            Assert.Equal("ACME", (string)r["seller"]!["name"]!);
            Assert.NotNull(r["urgent"]!["phone"]);
        });
        Assert.Contains(records, r => r!["recipient"]?["address"]?["street"] is not null);
        Assert.Contains(records, r => r!["carriers"] is JsonArray { Count: > 0 } carriers && carriers[0]!["address"] is not null);
        Assert.Contains(records, r => r!["buyer"]!["name"]!.GetValue<string>() != "ACME");
        RecursionTests.AssertAjvValid("json-shared-content", OrderSchema, records);
    }

    [Fact]
    public void A_rule_on_a_path_inside_shared_content_applies_on_that_path_only()
    {
        var repr = Orders();
        var rule = new ConstraintRule { Field = "recipient.address.city", Values = [JsonDocument.Parse("\"Berlin\"").RootElement.Clone()] };
        Assert.Empty(ConstraintChecker.Check(repr, [rule]));
        var plan = GenerationPlan.Create(repr, [rule], null);
        var records = EngineFixtures.RecordsOfManySeeds(plan, 4, 30, jsonlEvery: 3);
        var recipients = records.Select(r => r!["recipient"]).OfType<JsonObject>().ToList();
        Assert.NotEmpty(recipients);
        Assert.All(recipients, r => Assert.Equal("Berlin", (string)r["address"]!["city"]!));
        Assert.Contains(records, r => (string)r!["buyer"]!["address"]!["city"]! != "Berlin");
        Assert.Contains(records.Select(r => r!["carriers"]).OfType<JsonArray>().SelectMany(c => c), c => (string)c!["address"]!["city"]! != "Berlin");
        Assert.Contains(recipients.Select(r => r["postal"]).OfType<JsonArray>().SelectMany(p => p), p => (string)p!["city"]! != "Berlin");
        RecursionTests.AssertAjvValid("json-shared-content-rule", OrderSchema, records);
    }

    [Fact]
    public void Csv_and_sql_of_shared_content_have_columns_at_every_use_and_load_with_parent_keys_that_resolve()
    {
        var plan = GenerationPlan.Create(Orders(), [], null);
        var layout = RecordTableLayout.For(plan, null);
        var record = layout.Tables[0];
        foreach (var column in new[] { "seller.address.city", "buyer.address.city", "recipient.address.street", "urgent.phone" })
            Assert.Contains(record.Columns, c => c.Name == column);
        var carriers = layout.Tables.Single(t => t.Parent == record && t.Node.Path == "carriers");
        Assert.Contains(carriers.Columns, c => c.Name.EndsWith("address.city", StringComparison.Ordinal));
        // One plan node for the postal addresses, laid out at each use of party: buyer's, carriers', recipient's (seller's
        // and urgent's are their own).
        var postal = layout.Tables.Where(t => t.Node.Path == "buyer.postal").ToList();
        Assert.Equal(3, postal.Count);

        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 5, RecordCount = 40, Types = [OutputFormat.Csv, OutputFormat.Sql] });
        Assert.Null(CsvTableCheck.Check(layout, result, sink).Problem);
        Assert.All(postal, t => Assert.Contains(result.Files, f => f.Part == t.Name && f.Format == OutputFormat.Csv));
        var buyerCity = record.Columns.Single(c => c.Name == "buyer.address.city").SqlName;

        var dir = EngineFixtures.TempDirectory("json-shared-content-sql");
        var sql = Path.Combine(dir, "orders.sql");
        File.WriteAllText(sql, sink.Text(result.Files.Single(f => f.Name.EndsWith(".sql", StringComparison.Ordinal)).Name));
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: sql);
            Assert.Equal("40", ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{record.Name}\";"));
            Assert.Equal("40", ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{record.Name}\" WHERE \"{buyerCity}\" <> '';"));
            Assert.Empty(SqlTableCheck.TablesWithOrphans(db, layout.Tables));
            return "";
        });
    }

    [Fact]
    public void Content_built_in_an_alternative_that_is_dropped_is_copied_to_the_uses_that_refer_to_it()
    {
        // The first alternative builds party, then fails (its kind must be a string, the property's an object) and is
        // dropped: the later use cannot refer to content that is not in the tree, and gets its own copy.
        const string schema = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "required": ["first", "second"],
              "properties": {
                "first": {"type": "object", "required": ["p"], "properties": {"p": {"anyOf": [
                  {"type": "object", "required": ["inner", "kind"],
                   "properties": {"inner": {"$ref": "#/definitions/party"}, "kind": {"type": "string", "minLength": 5, "maxLength": 2}}},
                  {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
                ]}}},
                "second": {"$ref": "#/definitions/party"}
              },
              "definitions": {"party": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "maxLength": 9}}}}
            }
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schema), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        var second = repr.AllNodes().Single(n => n.Path == "second");
        Assert.Null(second.Reuses);
        Assert.Contains(second.Children, c => c.Name == "name");
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 2, 10, jsonlEvery: 3);
        RecursionTests.AssertAjvValid("json-shared-content-dropped", schema, records);
    }

    [Fact]
    public void An_object_checked_as_a_whole_is_made_in_place_at_every_use()
    {
        // openhab's channel: if/then/else and not over its own properties, checked and redrawn where the object is made.
        const string schema = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "required": ["a", "b"],
              "properties": {"a": {"$ref": "#/definitions/channel"}, "b": {"$ref": "#/definitions/channel"}},
              "definitions": {"channel": {
                "type": "object",
                "properties": {"type": {"type": "string"}, "kind": {"enum": ["state", "trigger"]},
                  "itemType": {"enum": ["Number", "String"]}, "itemDimension": {"type": "string"}},
                "allOf": [
                  {"if": {"required": ["type"]}, "then": {"not": {"anyOf": [{"required": ["kind"]}, {"required": ["itemType"]}]}}},
                  {"if": {"type": "object", "required": ["itemDimension"]}, "then": {"properties": {"itemType": {"const": "Number"}}}},
                  {"if": {"type": "object", "properties": {"itemType": {"not": {"const": "Number"}}}},
                   "then": {"not": {"required": ["itemDimension"]}}}
                ]
              }}
            }
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schema), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        Assert.DoesNotContain(repr.AllNodes(), n => n.Reuses is not null);
        Assert.NotEmpty(repr.AllNodes().Single(n => n.Path == "b").Children);
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 3, 20, jsonlEvery: 3);
        RecursionTests.AssertAjvValid("json-shared-content-checked", schema, records);
    }

    [Fact]
    public void Definitions_inside_oneOf_alternatives_are_shared_and_records_match_exactly_one_alternative()
    {
        // The alternatives differ only in the definition their box refers to (box requires w, crate h, both open): they
        // overlap through that content alone. part is used in both, and in a later property: built once, referenced after.
        const string schema = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "required": ["pack", "spare"],
              "properties": {
                "pack": {"oneOf": [
                  {"type": "object", "required": ["box"],
                   "properties": {"box": {"$ref": "#/definitions/box"}, "part": {"$ref": "#/definitions/part"}}},
                  {"type": "object", "required": ["box"],
                   "properties": {"box": {"$ref": "#/definitions/crate"}, "part": {"$ref": "#/definitions/part"}}}
                ]},
                "spare": {"$ref": "#/definitions/part"}
              },
              "definitions": {
                "box": {"type": "object", "required": ["w"], "properties": {"w": {"type": "integer"}, "h": {"type": "integer"}}},
                "crate": {"type": "object", "required": ["h"], "properties": {"h": {"type": "integer"}, "w": {"type": "integer"}}},
                "part": {"type": "object", "required": ["id"], "additionalProperties": false,
                  "properties": {"id": {"type": "string", "maxLength": 8}, "tag": {"type": "string", "maxLength": 8}}}
              }
            }
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schema), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        var parts = repr.AllNodes().Where(n => n.Path is "pack.part" or "spare").ToList();
        Assert.Equal(3, parts.Count);
        Assert.Single(parts, p => p.Reuses is null);
        Assert.Equal(2, parts.Count(p => p.Reuses == "pack.part"));
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 3, 20, jsonlEvery: 3);
        RecursionTests.AssertAjvValid("json-shared-content-oneof", schema, records);
    }

    [Fact]
    public void A_oneOf_alternative_cut_at_the_recursion_limit_still_keeps_the_others_from_matching_it()
    {
        // loose has no type, so every array satisfies it: the array alternative is never the only match. loose nests in
        // itself through e1 and e2, so at deps.e1.e2.a the alternative that refers to it is cut at the recursion limit;
        // the array alternative left there must not be made either (opspec-io's dependencies).
        const string schema = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "required": ["deps"],
              "properties": {"deps": {"$ref": "#/definitions/deps"}},
              "definitions": {
                "deps": {"oneOf": [{"$ref": "#/definitions/loose"}, {"type": "array", "items": {"type": "string", "maxLength": 5}}]},
                "loose": {"properties": {
                  "a": {"$ref": "#/definitions/deps", "minProperties": 0},
                  "e1": {"$ref": "#/definitions/loose", "minProperties": 0},
                  "e2": {"$ref": "#/definitions/loose", "maxProperties": 9}
                }}
              }
            }
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schema), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        Assert.DoesNotContain(repr.AllNodes(), n => n.Kind == NodeKind.Array);
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 3, 20, jsonlEvery: 3);
        RecursionTests.AssertAjvValid("json-oneof-cut-alternative", schema, records);
    }

    /// <summary>
    /// FHIR's shape: the root is a oneOf of resources told apart by a required <c>resourceType</c> (one resource, closed,
    /// has none), every resource holds <c>contained</c> resources (a oneOf of them all again) and extensions, and an
    /// extension holds references whose extensions are extensions again: every definition recurses through the others.
    /// </summary>
    private const string ResourceSchema = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "oneOf": [{"$ref": "#/definitions/Patient"}, {"$ref": "#/definitions/Observation"}, {"$ref": "#/definitions/Parameters"}],
          "definitions": {
            "ResourceList": {"oneOf": [{"$ref": "#/definitions/Patient"}, {"$ref": "#/definitions/Observation"},
              {"$ref": "#/definitions/Parameters"}]},
            "Patient": {"required": ["resourceType"], "additionalProperties": false, "properties": {
              "resourceType": {"const": "Patient"}, "name": {"type": "string", "maxLength": 20},
              "extension": {"type": "array", "items": {"$ref": "#/definitions/Extension"}},
              "contained": {"type": "array", "items": {"$ref": "#/definitions/ResourceList"}}}},
            "Observation": {"required": ["resourceType", "value"], "additionalProperties": false, "properties": {
              "resourceType": {"const": "Observation"}, "value": {"type": "integer"}, "subject": {"$ref": "#/definitions/Reference"},
              "extension": {"type": "array", "items": {"$ref": "#/definitions/Extension"}},
              "contained": {"type": "array", "items": {"$ref": "#/definitions/ResourceList"}}}},
            "Parameters": {"additionalProperties": false, "properties": {"parameter": {"type": "array", "items": {"type": "string"}},
              "contained": {"type": "array", "items": {"$ref": "#/definitions/ResourceList"}}}},
            "Extension": {"required": ["url"], "additionalProperties": false, "properties": {"url": {"type": "string", "format": "uri"},
              "valueReference": {"$ref": "#/definitions/Reference"}, "extension": {"type": "array", "items": {"$ref": "#/definitions/Extension"}}}},
            "Reference": {"additionalProperties": false, "properties": {"reference": {"type": "string", "maxLength": 30},
              "extension": {"type": "array", "items": {"$ref": "#/definitions/Extension"}}}}
          }
        }
        """;

    [Fact]
    public void Alternatives_of_a_oneOf_used_everywhere_are_built_once_and_shared_content_may_repeat_what_encloses_it()
    {
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(ResourceSchema), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        var nodes = repr.AllNodes().ToList();
        Assert.Equal(0, repr.LeftOutByDepthCut);
        // The list of resources inside every resource is one choice, built once (its other uses are references to it),
        // and its resources once each.
        Assert.Single(nodes, n => n.Kind == NodeKind.Choice && n.Path == "contained[]" && n.Reuses is null);
        Assert.Single(nodes, n => n.Path == "contained[]" && n.Reuses is null && n.Children.Any(c => c.Const == "Observation"));
        var content = new ReprRecursion.ContentByPath(nodes);
        Assert.All(nodes.Where(n => n.Reuses is not null), r => Assert.NotEmpty(content.Of(r)!.Children));
        // Extension is shared although it holds a marker that repeats an extension enclosing the place it was built at.
        Assert.True(nodes.Count(n => n.Name == "url" && n.Kind == NodeKind.String) <= 2, $"{nodes.Count} nodes");
        // The alternatives are told apart by resourceType (and Parameters by having none): nothing to check by schema.
        Assert.All(repr.Roots[0].Children, a => Assert.True(a.Exclusion is null || a.Exclusion.Length < 20, a.Exclusion));

        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 4, 30, jsonlEvery: 3);
        Assert.Contains(records, r => r!["contained"] is JsonArray { Count: > 0 });
        Assert.Contains(records, r => r!["resourceType"] is null);
        RecursionTests.AssertAjvValid("json-shared-resources", ResourceSchema, records);
    }
}
